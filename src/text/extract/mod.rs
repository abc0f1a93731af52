//! Extraction: value entities by rule (dates, times, money, percentages,
//! numbers in words, phones) with their resolved values, and the calendars
//! and number words they need; named entities by a statistical model
//! ([`ner`]) and the context rules over its names ([`context`]); news-source attributions, quotes with their speakers, and
//! keywords.

pub mod attributions;
pub mod calendar;
pub mod context;
pub mod entity;
pub mod keywords;
pub mod ner;
pub mod numbers;
pub mod phones;
pub mod quotes;
pub mod values;
