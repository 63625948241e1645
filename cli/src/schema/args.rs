//! Command-line arguments generated from the fields of a request or message, and the message
//! built back from the parsed arguments. Leading ids and addresses become positional
//! arguments, the other fields `--kebab-case` flags; values are read by the field's type
//! (`value.rs`).

use clap::{Arg, ArgAction, ArgMatches, Command};
use prost_reflect::{DynamicMessage, FieldDescriptor, Kind, MessageDescriptor, Value};

use super::value::value;
use super::{field_comment, is_account_address, is_amount, is_validator_address, kebab};
use super::{legacy_dec, summary};

/// What a parsed text still needs once the keyring is at hand: key names become addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    None,
    Account,
    Validator,
}

/// An argument bound to a field of the message (a path, for a field of a nested message).
#[derive(Debug, Clone)]
pub struct Bind {
    pub id: String,
    pub path: Vec<FieldDescriptor>,
    pub resolve: Resolve,
}

/// A command with arguments bound to the fields of a message.
pub struct Fields {
    pub cmd: Command,
    pub desc: MessageDescriptor,
    pub binds: Vec<Bind>,
}

/// Fields taken as positional arguments when none are named: the leading ids and addresses.
fn leading_keys(fields: &[FieldDescriptor]) -> Vec<String> {
    fields
        .iter()
        .take_while(|f| {
            let id = f.name() == "id" || f.name().ends_with("_id");
            !f.is_list() && (is_account_address(f) || is_validator_address(f) || id)
        })
        .map(|f| f.name().to_owned())
        .collect()
}

impl Fields {
    /// Arguments for the fields of `desc` except `skip`: `positional` (required) in that
    /// order, else the leading ids and addresses (optional: they may be filters), the others
    /// as flags.
    pub fn new(
        cmd: Command,
        desc: &MessageDescriptor,
        skip: &[&str],
        positional: Option<&[&str]>,
    ) -> Self {
        let fields: Vec<FieldDescriptor> = desc
            .fields()
            .filter(|f| !skip.contains(&f.name()))
            .collect();
        let names: Vec<String> = match positional {
            Some(names) => names.iter().map(|n| (*n).to_owned()).collect(),
            None => leading_keys(&fields),
        };
        let required = positional.is_some();
        let positional = names;
        let mut this = Self {
            cmd,
            desc: desc.clone(),
            binds: Vec::new(),
        };
        for (i, name) in positional.iter().enumerate() {
            if let Some(field) = desc.get_field_by_name(name) {
                this.add(name, vec![field], Some(i.saturating_add(1)), None);
                this.cmd = std::mem::take(&mut this.cmd).mut_arg(name, |a| a.required(required));
            }
        }
        for field in fields
            .into_iter()
            .filter(|f| !positional.iter().any(|p| p == f.name()))
        {
            let (name, long) = (field.name().to_owned(), kebab(field.name()));
            this.add(&name, vec![field], None, Some(&long));
        }
        this
    }

    fn add(
        &mut self,
        id: &str,
        path: Vec<FieldDescriptor>,
        index: Option<usize>,
        long: Option<&str>,
    ) {
        let Some(field) = path.last().cloned() else {
            return;
        };
        let mut arg = Arg::new(id.to_owned()).help(help(&field));
        arg = match (index, long) {
            (Some(i), _) => arg
                .index(i)
                .required(true)
                .value_name(id.to_ascii_uppercase()),
            (None, Some(long)) => arg.long(long.to_owned()),
            (None, None) => arg,
        };
        arg = if field.kind() == Kind::Bool && !field.is_list() && index.is_none() {
            arg.action(ArgAction::SetTrue)
        } else {
            if index.is_none() {
                arg = arg.value_name(kind_of(&field).0);
            }
            let f = field.clone();
            // a positional list takes its items in one value (`1OPEN,5uatom`)
            let repeated = field.is_list() && index.is_none();
            arg.value_parser(move |s: &str| value(&f, s))
                .action(if repeated {
                    ArgAction::Append
                } else {
                    ArgAction::Set
                })
        };
        let resolve = if is_validator_address(&field) {
            Resolve::Validator
        } else if is_account_address(&field) {
            Resolve::Account
        } else {
            Resolve::None
        };
        self.cmd = std::mem::take(&mut self.cmd).arg(arg);
        self.binds.push(Bind {
            id: id.to_owned(),
            path,
            resolve,
        });
    }

    /// Sets the fields given on the command line; `resolve` turns key names into addresses.
    pub fn fill(
        &self,
        msg: &mut DynamicMessage,
        matches: &ArgMatches,
        resolve: &dyn Fn(Resolve, &str) -> anyhow::Result<String>,
    ) -> anyhow::Result<()> {
        for bind in &self.binds {
            let Some(field) = bind.path.last() else {
                continue;
            };
            let values: Vec<Value> = match matches.try_get_many::<Value>(&bind.id) {
                Ok(Some(values)) => values.cloned().collect(),
                Ok(None) => continue,
                // a switch (`--flag`) holds a bool
                Err(_) => match matches.try_get_one::<bool>(&bind.id) {
                    Ok(Some(true)) => vec![Value::Bool(true)],
                    _ => continue,
                },
            };
            let mut out = Vec::new();
            for value in values {
                let items = match value {
                    Value::List(items) if field.is_list() => items,
                    other => vec![other],
                };
                for item in items {
                    out.push(match (item, bind.resolve) {
                        (Value::String(s), r) if r != Resolve::None => {
                            Value::String(resolve(r, &s)?)
                        }
                        (item, _) => item,
                    });
                }
            }
            let value = if field.is_list() {
                // a repeated flag names each entry once, unless its entries are positional
                let positional = POSITIONAL_LISTS.contains(&field.full_name());
                let repeated = out.iter().enumerate().find(|(i, v)| out[..*i].contains(v));
                if let Some((_, v)) = repeated.filter(|_| !positional) {
                    let flag = self
                        .cmd
                        .get_arguments()
                        .find(|a| a.get_id() == bind.id.as_str());
                    let flag = flag.and_then(|a| a.get_long()).unwrap_or(&bind.id);
                    anyhow::bail!("--{flag} {} is given more than once", shown(v));
                }
                Value::List(out)
            } else {
                match out.pop() {
                    Some(v) => v,
                    None => continue,
                }
            };
            set_path(msg, &bind.path, value);
        }
        Ok(())
    }
}

/// Repeated fields whose entries are positional (one per item, in order), where equal entries
/// are legitimate (two items may get the same score).
const POSITIONAL_LISTS: &[&str] = &["openledger.feedback.v1.MsgRevealScores.scores"];

/// Changes to a generated command, for the commands of their own (overrides).
pub trait Options: Sized {
    fn fields(&mut self) -> &mut Fields;

    /// Changes an argument with clap's builder (help, default, requirements...).
    fn arg(self, id: &str, f: impl FnOnce(Arg) -> Arg) -> Self {
        self.configure(|c| c.mut_arg(id, f))
    }

    /// Any other change to the command (groups, ...).
    fn configure(mut self, f: impl FnOnce(Command) -> Command) -> Self {
        let fields = self.fields();
        fields.cmd = f(std::mem::take(&mut fields.cmd));
        self
    }

    /// An argument that is not a field (read by the command itself).
    fn extra(self, arg: Arg) -> Self {
        self.configure(|c| c.arg(arg))
    }

    fn about(self, text: &'static str) -> Self {
        self.configure(|c| c.about(text))
    }

    fn rename(self, id: &str, long: &'static str) -> Self {
        self.arg(id, |a| a.long(long))
    }

    fn required(self, ids: &[&str]) -> Self {
        ids.iter()
            .fold(self, |s, id| s.arg(id, |a| a.required(true)))
    }

    /// Reads an argument with a parser of its own; its text is used as it comes (an address
    /// then takes no key name).
    fn parser(mut self, id: &str, parser: fn(&str) -> Result<Value, String>) -> Self {
        let bind = self.fields().binds.iter_mut().find(|b| b.id == id);
        let help = match bind.map(|b| std::mem::replace(&mut b.resolve, Resolve::None)) {
            Some(Resolve::Validator) => Some("Validator operator address (openvaloper1...)"),
            Some(Resolve::Account) => Some("Address (open1...)"),
            _ => None,
        };
        let this = self.arg(id, |a| a.value_parser(parser));
        help.into_iter()
            .fold(this, |this, help| this.arg(id, |a| a.help(help)))
    }

    /// A flag `--long` for a field of a nested message (`pricing.rate_in_per_1000`); the
    /// parent should be skipped, so that it is not also a JSON flag.
    fn nested(mut self, path: &str, long: &str) -> Self {
        let fields = self.fields();
        if let Some(chain) = field_path(&fields.desc, path) {
            fields.add(path, chain, None, Some(long));
        }
        self
    }
}

impl Options for Fields {
    fn fields(&mut self) -> &mut Fields {
        self
    }
}

/// A value as people wrote it: text as it is, messages in their classic JSON form.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Message(m) => super::render::message(m, super::render::Style::Classic).to_string(),
        Value::U64(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// The fields on the way to a field of a nested message (`pricing.rate_in_per_1000`).
pub fn field_path(desc: &MessageDescriptor, path: &str) -> Option<Vec<FieldDescriptor>> {
    let mut desc = Some(desc.clone());
    let mut fields = Vec::new();
    for name in path.split('.') {
        let field = desc.as_ref().and_then(|d| d.get_field_by_name(name))?;
        desc = field.kind().as_message().cloned();
        fields.push(field);
    }
    Some(fields)
}

/// Sets a field of a (nested) message, creating the messages on the way.
pub fn set_path(msg: &mut DynamicMessage, path: &[FieldDescriptor], value: Value) {
    match path {
        [field] => msg.set_field(field, value),
        [first, rest @ ..] => {
            if let Value::Message(child) = msg.get_field_mut(first) {
                set_path(child, rest, value);
            }
        }
        [] => {}
    }
}

/// The value name of a field's argument and what it takes.
fn kind_of(field: &FieldDescriptor) -> (&'static str, &'static str) {
    let message = field.kind().as_message().map(|m| m.full_name().to_owned());
    match (field.kind(), message.as_deref()) {
        _ if is_validator_address(field) => ("ADDRESS", "validator operator address or key name"),
        _ if is_account_address(field) => ("ADDRESS", "address or key name"),
        _ if is_amount(field) => ("AMOUNT", "amount of aopen, e.g. 1.5OPEN"),
        _ if legacy_dec(field).is_some() => ("DECIMAL", "decimal, e.g. 0.05"),
        (_, Some("cosmos.base.v1beta1.Coin")) => ("AMOUNT", "amount, e.g. 1.5OPEN"),
        (_, Some("google.protobuf.Timestamp")) => ("TIME", "RFC 3339 time"),
        (_, Some("google.protobuf.Duration")) => ("DURATION", "duration, e.g. 600s"),
        (_, Some(_)) => ("JSON", "JSON"),
        (Kind::Enum(_), _) => ("NAME", "name"),
        (Kind::Bytes, _) => ("HEX", "hex"),
        (Kind::Bool, _) => ("BOOL", "switch"),
        (Kind::String, _) => ("TEXT", "text"),
        _ => ("N", "number"),
    }
}

/// The first paragraph of the field's comment, else its name and what it takes.
fn help(field: &FieldDescriptor) -> String {
    if let Some(comment) = field_comment(field) {
        return summary(&comment);
    }
    let text = format!("{} ({})", field.name().replace('_', " "), kind_of(field).1);
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "../../tests/unit/schema_args.rs"]
mod tests;
