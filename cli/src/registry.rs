//! The `query` and `tx` trees: per module, the commands of its own (the overrides) and the
//! generated command of every other method or message.

use anyhow::Context as _;
use clap::{ArgMatches, Command};

use crate::schema::{Module, MODULES};

/// A command made from a method or message of the descriptors.
pub trait Spec {
    fn cmd(&self) -> &Command;
}

/// A command of a tree: made from the descriptors (`S`), or one of its own that `F` runs.
// The lint measures `S` as empty; both variants hold a clap command, built once per run.
#[allow(clippy::large_enum_variant)]
pub enum Entry<S, F> {
    Spec(S),
    Custom(Command, F),
}

impl<S: Spec, F> Entry<S, F> {
    pub fn cmd(&self) -> &Command {
        match self {
            Self::Spec(spec) => spec.cmd(),
            Self::Custom(cmd, _) => cmd,
        }
    }
}

impl<S, F> From<S> for Entry<S, F> {
    fn from(spec: S) -> Self {
        Self::Spec(spec)
    }
}

pub struct Registry<S, F> {
    top: Vec<Entry<S, F>>,
    modules: Vec<(&'static Module, Vec<Entry<S, F>>)>,
}

impl<S: Spec, F> Registry<S, F> {
    /// `top` commands, and per module its `overrides` followed by the `generated` commands
    /// whose names they do not take.
    pub fn new(
        top: Vec<Entry<S, F>>,
        overrides: fn(&str) -> Vec<Entry<S, F>>,
        generated: fn(&Module) -> Vec<Entry<S, F>>,
    ) -> Self {
        let modules = MODULES
            .iter()
            .map(|module| {
                let mut entries = overrides(module.name);
                for entry in generated(module) {
                    let name = entry.cmd().get_name();
                    let taken = |e: &Entry<S, F>| {
                        let cmd = e.cmd();
                        cmd.get_name() == name || cmd.get_all_aliases().any(|a| a == name)
                    };
                    if !entries.iter().any(taken) {
                        entries.push(entry);
                    }
                }
                (module, entries)
            })
            .collect();
        Self { top, modules }
    }

    /// `root` with the top commands and one subcommand per module; `extend` adds what every
    /// command of the tree takes.
    pub fn command(
        &self,
        root: Command,
        about: fn(&Module) -> &'static str,
        extend: fn(Command) -> Command,
    ) -> Command {
        let sub = |e: &Entry<S, F>| extend(e.cmd().clone());
        let root = root.subcommand_required(true).arg_required_else_help(true);
        let root = self.top.iter().fold(root, |c, e| c.subcommand(sub(e)));
        // a module with no command in this tree (IBC core has queries only) is left out
        let modules = self
            .modules
            .iter()
            .filter(|(_, entries)| !entries.is_empty());
        modules.fold(root, |root, (module, entries)| {
            let cmd = Command::new(module.name).about(about(module));
            let cmd = cmd.subcommand_required(true).arg_required_else_help(true);
            root.subcommand(entries.iter().fold(cmd, |c, e| c.subcommand(sub(e))))
        })
    }

    /// The command named by the parsed command line, and its arguments.
    pub fn find<'a>(
        &'a self,
        matches: &'a ArgMatches,
    ) -> anyhow::Result<(&'a Entry<S, F>, &'a ArgMatches)> {
        let (name, sub) = matches.subcommand().context("no command given")?;
        if let Some(entry) = self.top.iter().find(|e| e.cmd().get_name() == name) {
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
            .find(|e| e.cmd().get_name() == command)
            .with_context(|| format!("no {name} {command}"))?;
        Ok((entry, args))
    }
}
