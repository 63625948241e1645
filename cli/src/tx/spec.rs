//! A `tx` command made from a message of a `Msg` service: its arguments come from the
//! message's fields, its signer field (the `cosmos.msg.v1.signer` option, else the first
//! address field) is filled from `--from`. A module's overrides change the generated command
//! (name, positional arguments, flags for nested fields, a last adjustment of the message).

use clap::{ArgMatches, Command};
use cosmos_sdk_proto::Any;
use prost::Message;
use prost_reflect::{DynamicMessage, FieldDescriptor, MethodDescriptor, ReflectMessage, Value};

use super::flow::Signer;
use crate::context::Context;
use crate::schema::args::{field_path, set_path, Fields, Options};
use crate::schema::{self, is_validator_address, method_help};

/// A last adjustment of the message, with the parsed command line at hand.
pub type Fix = fn(&mut Draft) -> anyhow::Result<()>;

/// A message being built, with the command line it comes from.
pub struct Draft<'a> {
    pub matches: &'a ArgMatches,
    pub msg: DynamicMessage,
}

impl Draft<'_> {
    fn path(&self, path: &str) -> Vec<FieldDescriptor> {
        field_path(&self.msg.descriptor(), path).unwrap_or_default()
    }

    /// The value of a (nested) field.
    pub fn get(&self, path: &str) -> Value {
        let fields = self.path(path);
        let mut value = Value::Message(self.msg.clone());
        for field in &fields {
            value = match value {
                Value::Message(m) => m.get_field(field).into_owned(),
                other => other,
            };
        }
        value
    }

    /// A text field (empty when unset).
    pub fn text(&self, path: &str) -> String {
        match self.get(path) {
            Value::String(s) => s,
            _ => String::new(),
        }
    }

    /// Sets a (nested) field, creating the messages on the way.
    pub fn set(&mut self, path: &str, value: Value) {
        let fields = self.path(path);
        set_path(&mut self.msg, &fields, value);
    }

    /// Whether a flag of the command line was given.
    pub fn given(&self, id: &str) -> bool {
        self.matches.try_get_one::<bool>(id).ok().flatten() == Some(&true)
            || self.matches.contains_id(id)
                && self.matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
    }
}

pub struct TxSpec {
    pub fields: Fields,
    pub signer: Option<FieldDescriptor>,
    pub fix: Option<Fix>,
}

impl Options for TxSpec {
    fn fields(&mut self) -> &mut Fields {
        &mut self.fields
    }
}

impl TxSpec {
    /// The generated command of a message.
    pub fn generated(method: &MethodDescriptor) -> Self {
        Self::build(
            schema::method_command(method),
            method.input().full_name(),
            None,
            &[],
        )
    }

    /// A command of its own for a message (`openledger.datanets.v1.MsgCreateDatanet`):
    /// `positional` fields in that order, `skip` fields left to `fix` or their defaults.
    pub fn new(name: &'static str, message: &str, positional: &[&str], skip: &[&str]) -> Self {
        let about = schema::msg_method(message).map(|m| method_help(&m).0);
        let cmd = Command::new(name).about(about.unwrap_or_else(|| format!("Send a {message}")));
        Self::build(cmd, message, Some(positional), skip)
    }

    fn build(cmd: Command, message: &str, positional: Option<&[&str]>, skip: &[&str]) -> Self {
        // The message names are those of the same descriptor set.
        let desc = schema::pool()
            .get_message_by_name(message)
            .unwrap_or_else(|| panic!("{message} is not in the descriptor set"));
        let signer = schema::signer(&desc);
        let mut skip = skip.to_vec();
        if let Some(field) = &signer {
            skip.push(field.name());
        }
        Self {
            fields: Fields::new(cmd, &desc, &skip, positional),
            signer,
            fix: None,
        }
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// The message of the command line, signed by `signer`.
    pub fn build_message(
        &self,
        ctx: &Context,
        matches: &ArgMatches,
        signer: &Signer,
    ) -> anyhow::Result<Any> {
        let mut msg = DynamicMessage::new(self.fields.desc.clone());
        self.fields
            .fill(&mut msg, matches, &|r, s| ctx.resolve(r, s))?;
        if let Some(field) = &self.signer {
            let address = if is_validator_address(field) {
                signer.validator.to_string()
            } else {
                signer.account.to_string()
            };
            msg.set_field(field, Value::String(address));
        }
        let mut draft = Draft { matches, msg };
        if let Some(fix) = self.fix {
            fix(&mut draft)?;
        }
        Ok(to_any(&draft.msg))
    }
}

/// A message packed with its type URL.
pub fn to_any(msg: &DynamicMessage) -> Any {
    Any {
        type_url: format!("/{}", msg.descriptor().full_name()),
        value: msg.encode_to_vec(),
    }
}
