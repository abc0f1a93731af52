//! The whole pipeline for one document.

use crate::text::entities::{self, Entity};
use crate::text::normalize::{NormalizeOptions, Normalized, Normalizer};
use crate::text::sentence::{self, Sentence};
use crate::text::token::{self, Token};

/// What to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    pub sentences: bool,
    pub tokens: bool,
    pub entities: bool,
    pub edits: bool,
}

impl Features {
    pub const ALL: Features = Features {
        sentences: true,
        tokens: true,
        entities: true,
        edits: true,
    };
}

/// The analysis of one document. Ranges are in characters of the normalized text
/// (`normalized.aligned`), which maps them back to the original.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub normalized: Normalized,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<Entity>,
}

/// Runs the pipeline. Holds the shared, read-only resources (lexicons, models as
/// they come); cheap to share between threads.
#[derive(Clone, Debug, Default)]
pub struct Analyzer {}

impl Analyzer {
    pub fn new() -> Self {
        Analyzer {}
    }

    /// Normalizes only.
    pub fn normalize(&self, text: &str, options: &NormalizeOptions, edits: bool) -> Normalized {
        Normalizer::new(options).normalize(text, edits)
    }

    /// Normalizes and analyzes `text`.
    pub fn analyze(&self, text: &str, options: &NormalizeOptions, features: Features) -> Analysis {
        let normalized = self.normalize(text, options, features.edits);
        let need_tokens = features.tokens || features.sentences || features.entities;
        let tokens = if need_tokens {
            token::tokenize(normalized.aligned())
        } else {
            Vec::new()
        };
        let sentences = if features.sentences || features.tokens {
            sentence::split(normalized.aligned(), &tokens)
        } else {
            Vec::new()
        };
        let entities = if features.entities {
            entities::from_tokens(normalized.aligned(), &tokens)
        } else {
            Vec::new()
        };
        Analysis {
            normalized,
            tokens,
            sentences,
            entities,
        }
    }
}
