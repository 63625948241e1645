//! `openledger`: the OpenLedger wallet and query CLI.
//!
//! `main` only parses the command line, runs the command on a small tokio runtime and turns
//! an error into a message and a non-zero exit code. Everything else lives in the library (`lib.rs`).

use std::process::ExitCode;

use openledger_cli::{cli, output};

fn main() -> ExitCode {
    let generated = cli::Generated::new();
    let matches = cli::command(&generated).get_matches();
    let format = cli::output_format(&matches);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            output::print_error(format, &anyhow::Error::new(err));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(&generated, &matches)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::print_error(format, &err);
            ExitCode::FAILURE
        }
    }
}
