//! A `query` command made from a method of a `Query` service: its arguments come from the
//! request's fields, its output is the response as JSON (or that JSON as text). A module's
//! overrides change the generated command (name, positional arguments, filters, the classic
//! output form of the commands that predate the generated ones).

use anyhow::{bail, Context as _};
use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
use prost::Message;
use prost_reflect::{DynamicMessage, MethodDescriptor, ReflectMessage, Value};
use serde_json::{json, Value as Json};

use crate::context::Context;
use crate::output;
use crate::schema::args::{set_path, Fields, Options};
use crate::schema::render::{self, Style};
use crate::schema::{self, method_help, parse, text};

/// Upper bound on the pages fetched for one listing.
const MAX_PAGES: usize = 1000;

/// How a paginated listing is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    /// The request has no pagination.
    None,
    /// `--limit`, `--page-key` and `--all`.
    Flags,
    /// Every page, merged, without `pagination`.
    All,
}

pub struct QuerySpec {
    pub fields: Fields,
    pub method: MethodDescriptor,
    pub style: Style,
    pub pages: Pages,
    /// A response field that must be set, else the command fails with "... not found".
    pub required: Option<&'static str>,
    /// Request fields copied into the output (output key, request field).
    pub echo: &'static [(&'static str, &'static str)],
    /// Last changes to the output document, which may read the request.
    pub finish: Option<fn(&mut Json, &Json)>,
    /// The text form, when it is not the indented document.
    pub text: Option<fn(&Json) -> String>,
    /// A list of the output shown as a table: its key, the text when it is empty, the
    /// columns (see `text::table`).
    pub table: Option<(&'static str, &'static str, &'static [&'static str])>,
}

fn method_by_path(path: &str) -> MethodDescriptor {
    // The paths are the generated constants of the same descriptor set.
    schema::method(path).unwrap_or_else(|| panic!("{path} is not in the descriptor set"))
}

impl Options for QuerySpec {
    fn fields(&mut self) -> &mut Fields {
        &mut self.fields
    }
}

impl QuerySpec {
    /// The generated command of a method: proto3 JSON output, page flags.
    pub fn generated(method: MethodDescriptor) -> Self {
        Self::build(schema::method_command(&method), method, None, Style::Proto3)
    }

    /// A command of its own on a method, with the classic output; `positional` names the
    /// request fields taken as positional arguments, in order.
    pub fn classic(name: &'static str, path: &str, positional: &[&str]) -> Self {
        let method = method_by_path(path);
        let cmd = Command::new(name).about(method_help(&method).0);
        Self::build(cmd, method, Some(positional), Style::Classic)
    }

    /// A generated command (proto3 JSON output, page flags) under a name of its own, with
    /// `positional` request fields as required positional arguments, in order.
    pub fn proto3(name: &'static str, path: &str, positional: &[&str]) -> Self {
        let method = method_by_path(path);
        let (about, long) = method_help(&method);
        let cmd = Command::new(name).about(about);
        let cmd = long.into_iter().fold(cmd, |c, l| c.long_about(l));
        Self::build(cmd, method, Some(positional), Style::Proto3)
    }

    fn build(
        cmd: Command,
        method: MethodDescriptor,
        positional: Option<&[&str]>,
        style: Style,
    ) -> Self {
        let input = method.input();
        let mut fields = Fields::new(cmd, &input, &["pagination"], positional);
        if input.get_field_by_name("height").is_none() {
            fields = fields.extra(height_arg());
        }
        let paginated = input.get_field_by_name("pagination").is_some();
        let pages = match (paginated, style) {
            (false, _) => Pages::None,
            (true, Style::Classic) => Pages::All,
            (true, Style::Proto3) => Pages::Flags,
        };
        if pages == Pages::Flags {
            let flag = |id: &'static str, help: &'static str| Arg::new(id).long(id).help(help);
            fields = fields
                .extra(flag("limit", "Most items in one page").value_parser(value_parser!(u64)))
                .extra(flag(
                    "page-key",
                    "Where a page ended: its pagination.next_key",
                ))
                .extra(
                    flag("all", "Follow every page")
                        .action(ArgAction::SetTrue)
                        .conflicts_with_all(["limit", "page-key"]),
                );
        }
        Self {
            fields,
            method,
            style,
            pages,
            required: None,
            echo: &[],
            finish: None,
            text: None,
            table: None,
        }
    }

    pub fn must(mut self, key: &'static str) -> Self {
        self.required = Some(key);
        self
    }

    pub fn echo(mut self, keys: &'static [(&'static str, &'static str)]) -> Self {
        self.echo = keys;
        self
    }

    pub fn finish(mut self, f: fn(&mut Json, &Json)) -> Self {
        self.finish = Some(f);
        self
    }

    pub fn text(mut self, f: fn(&Json) -> String) -> Self {
        self.text = Some(f);
        self
    }

    pub fn table(
        mut self,
        key: &'static str,
        empty: &'static str,
        columns: &'static [&'static str],
    ) -> Self {
        self.table = Some((key, empty, columns));
        self
    }

    pub async fn run(&self, ctx: &Context, matches: &ArgMatches) -> anyhow::Result<()> {
        let mut request = DynamicMessage::new(self.method.input());
        self.fields
            .fill(&mut request, matches, &|r, s| ctx.resolve(r, s))?;
        let height = height(matches);
        let all = self.pages == Pages::All
            || matches.try_get_one::<bool>("all").ok().flatten() == Some(&true);
        if self.pages == Pages::Flags && !all {
            page_request(&mut request, matches)?;
        }
        let response = fetch(ctx, &self.method, request.clone(), height, all).await?;
        let mut doc = render::message(&response, self.style);
        let request = render::message(&request, self.style);
        if let Json::Object(map) = &mut doc {
            if all {
                map.remove("pagination");
            }
            for (key, field) in self.echo {
                map.insert((*key).to_owned(), request[field].clone());
            }
        }
        if let Some(key) = self.required {
            if doc[key].is_null() {
                bail!("{} not found", key.replace('_', " "));
            }
        }
        if let Some(finish) = self.finish {
            finish(&mut doc, &request);
        }
        let table = |doc: &Json| match (self.table, self.text) {
            (Some((key, empty, columns)), _) => text::table(doc, key, empty, columns),
            (None, Some(text)) => text(doc),
            (None, None) => text::document(doc),
        };
        output::emit_doc(ctx.output, &doc, &table)
    }
}

/// Sets `pagination` from `--limit` and `--page-key` (base64, as printed).
fn page_request(request: &mut DynamicMessage, matches: &ArgMatches) -> anyhow::Result<()> {
    let Some(field) = request.descriptor().get_field_by_name("pagination") else {
        return Ok(());
    };
    let limit = matches
        .try_get_one::<u64>("limit")
        .ok()
        .flatten()
        .map(u64::to_string);
    let key = matches.try_get_one::<String>("page-key").ok().flatten();
    let page = field
        .kind()
        .as_message()
        .cloned()
        .context("pagination is a message")?;
    let page = parse::message(&page, json!({ "limit": limit, "key": key }))
        .map_err(|e| anyhow::anyhow!("--page-key, --limit: {e}"))?;
    request.set_field(&field, Value::Message(page));
    Ok(())
}

fn next_key(response: &DynamicMessage) -> Vec<u8> {
    let page = response
        .get_field_by_name("pagination")
        .map(|v| v.into_owned());
    let key = page
        .as_ref()
        .and_then(Value::as_message)
        .and_then(|p| p.get_field_by_name("next_key"));
    match key.as_deref() {
        Some(Value::Bytes(key)) => key.to_vec(),
        _ => Vec::new(),
    }
}

/// Runs a query; with `all`, follows every page and appends the lists of each to the first.
pub async fn fetch(
    ctx: &Context,
    method: &MethodDescriptor,
    mut request: DynamicMessage,
    height: Option<u64>,
    all: bool,
) -> anyhow::Result<DynamicMessage> {
    let rpc = ctx.rpc()?;
    let path = schema::path(method);
    let key_path = request
        .descriptor()
        .get_field_by_name("pagination")
        .and_then(|p| {
            let key = p.kind().as_message()?.get_field_by_name("key")?;
            Some([p, key])
        });
    let mut merged: Option<DynamicMessage> = None;
    for _ in 0..MAX_PAGES {
        let bytes = rpc
            .query_raw(&path, request.encode_to_vec(), height)
            .await?;
        let page = DynamicMessage::decode(method.output(), bytes.as_slice())
            .with_context(|| format!("cannot decode the reply of {path}"))?;
        let next = next_key(&page);
        merged = Some(match merged {
            None => page,
            Some(mut first) => {
                for field in first.descriptor().fields().filter(|f| f.is_list()) {
                    if let (Value::List(all), Value::List(more)) = (
                        first.get_field_mut(&field),
                        page.get_field(&field).into_owned(),
                    ) {
                        all.extend(more);
                    }
                }
                first
            }
        });
        match (&key_path, all && !next.is_empty()) {
            (Some(key_path), true) => set_path(&mut request, key_path, Value::Bytes(next.into())),
            _ => return merged.context("no reply"),
        }
    }
    bail!("{path} returned more than {MAX_PAGES} pages")
}

/// Runs the method at `path` with a request given as JSON: the reply in the classic form
/// (for the hand-written commands).
pub async fn classic(
    ctx: &Context,
    path: &str,
    request: Json,
    height: Option<u64>,
    all: bool,
) -> anyhow::Result<Json> {
    let method = method_by_path(path);
    let request = parse::message(&method.input(), request).map_err(anyhow::Error::msg)?;
    let response = fetch(ctx, &method, request, height, all).await?;
    let mut doc = render::message(&response, Style::Classic);
    if let (true, Json::Object(map)) = (all, &mut doc) {
        map.remove("pagination");
    }
    Ok(doc)
}

/// `--height`, for the hand-written commands.
pub fn height_arg() -> Arg {
    Arg::new("height")
        .long("height")
        .value_name("H")
        .value_parser(value_parser!(u64))
        .help("Query the state at this block height (default: latest)")
}

/// The `--height` given to a hand-written command.
pub fn height(matches: &ArgMatches) -> Option<u64> {
    matches.try_get_one::<u64>("height").ok().flatten().copied()
}
