//! Output: every command produces a value that renders either as human text or as one JSON
//! document on stdout. Errors go to stderr (as `{"error": ...}` in JSON mode).

use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// Human-readable text
    #[default]
    Text,
    /// One JSON document on stdout
    Json,
}

/// Prints a JSON document: as it is in JSON mode, through `text` in text mode.
pub fn emit_doc(
    format: OutputFormat,
    doc: &serde_json::Value,
    text: &dyn Fn(&serde_json::Value) -> String,
) -> anyhow::Result<()> {
    let rendered = match format {
        OutputFormat::Text => text(doc),
        OutputFormat::Json => serde_json::to_string_pretty(doc)?,
    };
    write_stdout(rendered.trim_end())
}

/// Prints an error to stderr; JSON mode keeps it machine-readable.
pub fn print_error(format: OutputFormat, err: &anyhow::Error) {
    let message = format!("{err:#}");
    let rendered = match format {
        OutputFormat::Text => format!("Error: {message}"),
        OutputFormat::Json => serde_json::json!({ "error": message }).to_string(),
    };
    let _ = writeln!(std::io::stderr().lock(), "{rendered}");
}

/// Writes a line to stdout; a closed pipe (`openledger ... | head`) is not an error.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Writes a progress or hint line to stderr (never mixed into the JSON on stdout).
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
