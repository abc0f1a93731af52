//! The read-only data the pipeline reads, built once and passed in: the
//! lexicon and the name model with its gazetteers.

use crate::extract::names::model::Model;
use crate::lexicon::Lexicon;

/// What [`Analyzer`](crate::Analyzer) reads; cheap to copy.
#[derive(Clone, Copy)]
pub struct Resources {
    pub lexicon: &'static Lexicon,
    /// The name model, loaded when first asked for: a process that only
    /// normalizes never pays for it (about 140 ms and 50 MB).
    names: fn() -> &'static Model,
}

impl Resources {
    /// The data built into the binary.
    pub fn builtin() -> Resources {
        Resources {
            lexicon: Lexicon::builtin(),
            names: Model::builtin,
        }
    }

    /// The name model and its gazetteers.
    pub fn names(&self) -> &'static Model {
        (self.names)()
    }
}

impl std::fmt::Debug for Resources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resources")
            .field("lexicon_words", &self.lexicon.len())
            .finish_non_exhaustive()
    }
}
