//! Command-line arguments generated from the fields of a request or message, and the message
//! built back from the parsed arguments. Leading ids and addresses become positional
//! arguments, the other fields `--kebab-case` flags; values are read by the field's type:
//! numbers, text, enum names, hex bytes, coins and amounts of aopen (`1.5OPEN`, `2500aopen`),
//! decimals, RFC 3339 times, durations (`600s`) and JSON for other messages.

use clap::{Arg, ArgAction, ArgMatches, Command};
use prost_reflect::{
    DynamicMessage, EnumDescriptor, FieldDescriptor, Kind, MessageDescriptor, Value,
};

use super::{
    field_comment, is_account_address, is_amount, is_validator_address, kebab, legacy_dec,
};
use super::{parse, summary, DecWire};
use crate::amount::{self, Coin};
use crate::chain::BASE_DENOM;
use crate::dec;

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
        let fields: Vec<FieldDescriptor> =
            desc.fields().filter(|f| !skip.contains(&f.name())).collect();
        let names: Vec<String> = match positional {
            Some(names) => names.iter().map(|n| (*n).to_owned()).collect(),
            None => leading_keys(&fields),
        };
        let required = positional.is_some();
        let positional = names;
        let mut this = Self { cmd, desc: desc.clone(), binds: Vec::new() };
        for (i, name) in positional.iter().enumerate() {
            if let Some(field) = desc.get_field_by_name(name) {
                this.add(name, vec![field], Some(i.saturating_add(1)), None);
                this.cmd = std::mem::take(&mut this.cmd).mut_arg(name, |a| a.required(required));
            }
        }
        for field in fields.into_iter().filter(|f| !positional.iter().any(|p| p == f.name())) {
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
            (Some(i), _) => arg.index(i).required(true).value_name(id.to_ascii_uppercase()),
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
            arg.value_parser(move |s: &str| value(&f, s)).action(if repeated {
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
        self.binds.push(Bind { id: id.to_owned(), path, resolve });
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
                // a repeated flag names each entry once
                if let Some((_, v)) = out.iter().enumerate().find(|(i, v)| out[..*i].contains(v)) {
                    let flag = self.cmd.get_arguments().find(|a| a.get_id() == bind.id.as_str());
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
        ids.iter().fold(self, |s, id| s.arg(id, |a| a.required(true)))
    }

    /// Reads an argument with a parser of its own; its text is used as it comes.
    fn parser(mut self, id: &str, parser: fn(&str) -> Result<Value, String>) -> Self {
        if let Some(bind) = self.fields().binds.iter_mut().find(|b| b.id == id) {
            bind.resolve = Resolve::None;
        }
        self.arg(id, |a| a.value_parser(parser))
    }

    /// A flag `--long` for a field of a nested message (`pricing.rate_in_per_1000`); the
    /// parent should be skipped, so that it is not also a JSON flag.
    fn nested(mut self, path: &str, long: &str) -> Self {
        let fields = self.fields();
        let mut chain = Vec::new();
        let mut desc = Some(fields.desc.clone());
        for name in path.split('.') {
            let Some(field) = desc.as_ref().and_then(|d| d.get_field_by_name(name)) else {
                return self;
            };
            desc = field.kind().as_message().cloned();
            chain.push(field);
        }
        fields.add(path, chain, None, Some(long));
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
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Reads one command-line value for `field`; a repeated field may take several at once
/// (`1OPEN,5uatom`, `1,2,3`).
pub fn value(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    let numeric = !matches!(field.kind(), Kind::String | Kind::Bytes | Kind::Message(_));
    if field.is_list() && numeric && text.contains(',') {
        let items = text.split(',').map(|t| scalar(field, t.trim()));
        return items.collect::<Result<Vec<_>, _>>().map(Value::List);
    }
    scalar(field, text)
}

fn scalar(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    let s = text.trim();
    let bad = || format!("{s:?} is not a valid number for {}", field.name());
    Ok(match field.kind() {
        Kind::Message(desc) => message(field, &desc, text)?,
        Kind::Enum(e) => Value::EnumNumber(enum_number(&e, s)?),
        Kind::Bool => {
            Value::Bool(s.parse().map_err(|_| format!("expected true or false, got {s:?}"))?)
        }
        Kind::String => string(field, text)?,
        Kind::Bytes => bytes(field, s)?,
        Kind::Double => Value::F64(s.parse().map_err(|_| bad())?),
        Kind::Float => Value::F32(s.parse().map_err(|_| bad())?),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => Value::I32(s.parse().map_err(|_| bad())?),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => Value::I64(s.parse().map_err(|_| bad())?),
        Kind::Uint32 | Kind::Fixed32 => Value::U32(s.parse().map_err(|_| bad())?),
        Kind::Uint64 | Kind::Fixed64 => Value::U64(s.parse().map_err(|_| bad())?),
    })
}

fn string(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    if legacy_dec(field).is_some() {
        return Ok(Value::String(dec::parse(text).map_err(|e| e.to_string())?.to_proto_string()));
    }
    if is_amount(field) {
        return aopen(text).map(|a| Value::String(a.to_string()));
    }
    Ok(Value::String(text.to_owned()))
}

/// An amount of aopen (`2500aopen`, `1.5OPEN`), zero allowed.
pub fn aopen(text: &str) -> Result<u128, String> {
    let coin: Coin = text.parse().map_err(|e: amount::AmountError| e.to_string())?;
    if coin.denom != BASE_DENOM {
        return Err(format!(
            "{:?} is not an amount of {BASE_DENOM}: write e.g. 1000aopen or 1.5OPEN",
            text.trim()
        ));
    }
    Ok(coin.amount)
}

/// Hex bytes, `0x` optional.
pub fn hex_bytes(text: &str) -> Result<Vec<u8>, String> {
    let s = text.trim();
    let s = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")).unwrap_or(s);
    hex::decode(s).map_err(|_| format!("invalid hex {text:?}"))
}

fn bytes(field: &FieldDescriptor, text: &str) -> Result<Value, String> {
    if legacy_dec(field) == Some(DecWire::AtomicsBytes) {
        let atomics = dec::parse(text).map_err(|e| e.to_string())?.to_proto_string();
        return Ok(Value::Bytes(atomics.into_bytes().into()));
    }
    hex_bytes(text).map(|b| Value::Bytes(b.into()))
}

fn message(field: &FieldDescriptor, desc: &MessageDescriptor, text: &str) -> Result<Value, String> {
    let json = match desc.full_name() {
        "cosmos.base.v1beta1.Coin" if field.is_list() => {
            let coins = amount::parse_positive_coins(text).map_err(|e| e.to_string())?;
            let items = coins.iter().map(|c| coin_message(desc, c)).collect::<Result<_, _>>()?;
            return Ok(Value::List(items));
        }
        "cosmos.base.v1beta1.Coin" => {
            let coin = amount::parse_positive_coins(text).map_err(|e| e.to_string())?;
            let [coin] = coin.as_slice() else {
                return Err(format!("{text:?}: expected one amount, e.g. 1.5OPEN"));
            };
            return coin_message(desc, coin);
        }
        "google.protobuf.Timestamp" | "google.protobuf.Duration" => {
            let text = text.trim();
            let text = if desc.name() == "Duration" && text.bytes().all(|b| b.is_ascii_digit()) {
                format!("{text}s")
            } else {
                text.to_owned()
            };
            serde_json::Value::String(text)
        }
        _ => serde_json::from_str(text).map_err(|e| format!("expected JSON: {e}"))?,
    };
    parse::message(desc, json).map(Value::Message)
}

/// A `cosmos.base.v1beta1.Coin` message.
pub fn coin_message(desc: &MessageDescriptor, coin: &Coin) -> Result<Value, String> {
    let json = serde_json::json!({"denom": coin.denom, "amount": coin.amount.to_string()});
    parse::message(desc, json).map(Value::Message)
}

/// The words of an enum's name: `VoteOption` as `vote option`.
fn enum_words(e: &EnumDescriptor) -> String {
    kebab(e.name()).replace('-', " ")
}

/// The common prefix of an enum's value names (`VOTE_OPTION_`).
fn enum_prefix(e: &EnumDescriptor) -> String {
    let names: Vec<String> = e.values().map(|v| v.name().to_owned()).collect();
    let first = names.first().cloned().unwrap_or_default();
    let mut prefix = first.as_str();
    for name in &names {
        while !name.starts_with(prefix) {
            prefix = &prefix[..prefix.len().saturating_sub(1)];
        }
    }
    match prefix.rfind('_') {
        Some(i) => prefix[..=i].to_owned(),
        None => String::new(),
    }
}

/// The short names of an enum's values (`yes`, `no_with_veto`), without the unspecified one.
pub fn enum_choices(e: &EnumDescriptor) -> Vec<String> {
    let prefix = enum_prefix(e);
    e.values()
        .filter(|v| v.number() != 0)
        .map(|v| v.name().trim_start_matches(prefix.as_str()).to_ascii_lowercase())
        .collect()
}

/// An enum value by its full name (`VOTE_OPTION_YES`), short name (`yes`, any case, `-` for
/// `_`), a unique first word (`voting` for `VOTING_PERIOD`), a unique word (`veto`) or number.
pub fn enum_number(e: &EnumDescriptor, text: &str) -> Result<i32, String> {
    let wanted = text.trim().to_ascii_uppercase().replace('-', "_");
    let prefix = enum_prefix(e);
    let short = |name: &str| name.trim_start_matches(prefix.as_str()).to_owned();
    let values: Vec<(String, i32)> = e.values().map(|v| (short(v.name()), v.number())).collect();
    let unique = |pred: &dyn Fn(&str) -> bool| {
        let found: Vec<i32> = values.iter().filter(|(n, _)| pred(n)).map(|(_, v)| *v).collect();
        (found.len() == 1).then(|| found[0])
    };
    let exact = values.iter().find(|(n, _)| *n == wanted || format!("{prefix}{n}") == wanted);
    if let Some((_, number)) = exact {
        return Ok(*number);
    }
    if let Ok(number) = wanted.parse::<i32>() {
        if e.get_value(number).is_some() {
            return Ok(number);
        }
    }
    let by_prefix = unique(&|n| n.starts_with(&format!("{wanted}_")));
    let by_word = || unique(&|n| n.split('_').any(|w| w == wanted));
    by_prefix.or_else(by_word).ok_or_else(|| {
        format!("invalid {} {text:?}: expected {}", enum_words(e), enum_choices(e).join(", "))
    })
}

#[cfg(test)]
#[path = "../../tests/unit/schema_args.rs"]
mod tests;
