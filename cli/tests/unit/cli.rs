//! Unit tests of `cli.rs`.
use super::*;

#[test]
fn command_line_definition_is_consistent() {
    command(&Generated::new()).debug_assert();
}

#[test]
fn every_command_has_help_text() {
    fn walk(cmd: &clap::Command, path: &str) {
        for sub in cmd.get_subcommands() {
            let path = format!("{path} {}", sub.get_name());
            assert!(sub.get_about().is_some(), "`{path}` has no help text");
            for arg in sub.get_arguments() {
                assert!(
                    arg.get_help().is_some() || arg.is_global_set(),
                    "`{path}` argument {:?} has no help text",
                    arg.get_id()
                );
            }
            walk(sub, &path);
        }
    }
    walk(&command(&Generated::new()), "openledger");
}

#[test]
fn attribute_commands_keep_the_global_output_flag() {
    // a command's own `--output-file` must not shadow the global `--output` format
    for args in [
        &[
            "openledger",
            "attribute",
            "run",
            "--model",
            "1",
            "--output-file",
            "f",
            "--output",
            "json",
        ][..],
        &[
            "openledger",
            "attribute",
            "verify",
            "3",
            "--output-file",
            "f",
            "-o",
            "json",
        ][..],
        &["openledger", "content", "status", "--output", "json"][..],
    ] {
        let m = command(&Generated::new())
            .try_get_matches_from(args)
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(
            output_format(&m),
            crate::output::OutputFormat::Json,
            "{args:?}"
        );
    }
}
