//! Extraction: value entities by rule (dates, times, money, percentages,
//! numbers in words) with their resolved values, and the calendars and number
//! words they need; named entities by a statistical model ([`ner`]).

pub mod calendar;
pub mod ner;
pub mod numbers;
pub mod values;
