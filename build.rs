//! Compiles `proto/` with protox (pure Rust, no system protoc), generates the
//! prost messages and tonic stubs, and writes the descriptor set that server
//! reflection and the CLI's proto3 JSON output read.

use prost::Message;
use std::path::PathBuf;

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
    Ok(())
}
