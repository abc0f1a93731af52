//! Extraction: value entities by rule (dates, times, money, percentages,
//! numbers in words, phones) with their resolved values, and the calendars
//! and number words they need; names of people, places and organizations
//! ([`names`]: a statistical model and context rules); news-source
//! attributions, quotes with their speakers, and keywords. The value rules
//! read the text and its tokens; every step after them reads one view of the
//! document ([`document`]); all share the entity types of [`entity`].

pub mod attributions;
pub mod calendar;
pub mod document;
pub mod entity;
pub mod keywords;
pub mod names;
pub mod numbers;
pub mod phones;
pub mod quotes;
pub mod values;

/// Titles and roles that often stand before a person's name: a feature of the
/// model (as `tools/ner/features.py` reads the same file) and a list of the
/// context rules.
pub(crate) const TITLES: &str = include_str!("../../../../data/lists/titles.txt");

/// The entries of a list in `data/lists/`: one a line, lines starting with `#`
/// and blank lines skipped. ZWNJ joins the words of a multi-word entry.
pub(crate) fn list_entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
