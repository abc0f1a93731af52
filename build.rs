//! Compiles `proto/` with protox (pure Rust, no system protoc), generates the
//! prost messages and tonic stubs, and writes the descriptor set that server
//! reflection and the CLI's proto3 JSON output read.

use prost::Message;
use std::io::Read;
use std::path::{Path, PathBuf};

#[path = "src/text/word_table.rs"]
#[allow(dead_code)]
mod word_table;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protos = ["proto/matn/v1/matn.proto"];
    println!("cargo:rerun-if-changed=proto");
    let fds = protox::Compiler::new(["proto"])?
        .include_imports(true)
        .include_source_info(true)
        .open_files(protos)?
        .file_descriptor_set();
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let descriptors = fds.encode_to_vec();
    std::fs::write(out.join("matn_descriptor.bin"), &descriptors)?;
    tonic_prost_build::configure()
        .extern_path(".google.rpc", "::tonic_types::pb")
        .compile_fds(fds)?;
    // Proto3 JSON (serde) for the messages the CLI writes; AnalyzeStream's
    // responses hold a google.rpc.Status, which has no serde of its own.
    pbjson_build::Builder::new()
        .register_descriptors(&descriptors)?
        .exclude([".matn.v1.AnalyzeStreamResponse"])
        .build(&[".matn.v1"])?;
    lexicon_table(&out)?;
    Ok(())
}

/// Writes `data/lexicon.tsv.gz` as a [`word_table`] blob, which the binary
/// embeds and reads in place.
fn lexicon_table(out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let source = "data/lexicon.tsv.gz";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=src/text/word_table.rs");
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
