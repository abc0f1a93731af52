//! Writes the lexicon (`data/lexicon.tsv.gz`) as the word table the crate
//! embeds and reads in place.

use std::io::Read;
use std::path::{Path, PathBuf};

#[path = "src/word_table.rs"]
#[allow(dead_code)]
mod word_table;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    lexicon_table(&out)
}

/// Writes `data/lexicon.tsv.gz` as a [`word_table`] blob, which `lexicon.rs`
/// embeds and reads in place.
fn lexicon_table(out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let source = "../../data/lexicon.tsv.gz";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=src/word_table.rs");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(source)?).read_to_string(&mut text)?;
    let words: Vec<(String, u16, u8)> = text
        .lines()
        .filter_map(word_table::parse_line)
        .map(|(w, zipf, flags)| (w.to_string(), zipf, flags))
        .collect();
    std::fs::write(out.join("lexicon.table"), word_table::write(&words)?)?;
    Ok(())
}
