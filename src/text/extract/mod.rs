//! Extraction by rule: value entities (dates, times, money, percentages,
//! numbers in words) with their resolved values, and the calendars and number
//! words they need.

pub mod calendar;
pub mod numbers;
pub mod values;
