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
