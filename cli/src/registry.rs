//! The `query` and `tx` trees: per module, the commands of its own (the overrides) and the
//! generated command of every other method or message.

use anyhow::Context as _;
use clap::{ArgMatches, Command};

use crate::schema::{Module, MODULES};

/// A command of a tree.
pub trait Entry {
    fn name(&self) -> &str;
    fn command(&self) -> Command;
}

pub struct Registry<E> {
    top: Vec<E>,
    modules: Vec<(&'static Module, Vec<E>)>,
}

impl<E: Entry> Registry<E> {
    /// `top` commands, and per module its `overrides` followed by the `generated` commands
    /// whose names they do not take.
    pub fn new(
        top: Vec<E>,
        overrides: fn(&str) -> Vec<E>,
        generated: fn(&Module) -> Vec<E>,
    ) -> Self {
        let modules = MODULES
            .iter()
            .map(|module| {
                let mut entries = overrides(module.name);
                for entry in generated(module) {
                    if !entries.iter().any(|e| e.name() == entry.name()) {
                        entries.push(entry);
                    }
                }
                (module, entries)
            })
            .collect();
        Self { top, modules }
    }

    /// `root` with the top commands and one subcommand per module.
    pub fn command(&self, root: Command, about: fn(&Module) -> &'static str) -> Command {
        let root = root.subcommand_required(true).arg_required_else_help(true);
        let root = self.top.iter().fold(root, |c, e| c.subcommand(e.command()));
        self.modules.iter().fold(root, |root, (module, entries)| {
            let sub = Command::new(module.name).about(about(module));
            let sub = sub.subcommand_required(true).arg_required_else_help(true);
            root.subcommand(entries.iter().fold(sub, |c, e| c.subcommand(e.command())))
        })
    }

    /// The command named by the parsed command line, and its arguments.
    pub fn find<'a>(&'a self, matches: &'a ArgMatches) -> anyhow::Result<(&'a E, &'a ArgMatches)> {
        let (name, sub) = matches.subcommand().context("no command given")?;
        if let Some(entry) = self.top.iter().find(|e| e.name() == name) {
            return Ok((entry, sub));
        }
        let (_, entries) = self
            .modules
            .iter()
            .find(|(m, _)| m.name == name)
            .with_context(|| format!("no module {name}"))?;
        let (command, args) = sub.subcommand().context("no command given")?;
        let entry = entries
            .iter()
            .find(|e| e.name() == command)
            .with_context(|| format!("no {name} {command}"))?;
        Ok((entry, args))
    }
}
