//! `openledger tx datanet ...` overrides: the older commands (`create`, `update`, `publish`,
//! `buy-access`, `claim` and the flags of `contribute` and `curate`) on the generated machinery.
//! `update` starts from the datanet as the chain has it; `contribute --file` hashes a file.
//! Every other message is generated.

use std::io::Read;

use anyhow::{bail, Context as _};
use clap::{Arg, ArgAction, ArgGroup, ArgMatches};
use cosmos_sdk_proto::Any;
use prost_reflect::Value;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::flow::Signer;
use super::spec::{to_any, TxSpec};
use super::values::{enum_value, hash32, positive, tag};
use super::Entry;
use crate::context::Context;
use crate::query::spec;
use crate::rpc::paths;
use crate::schema::args::Options;
use crate::schema::parse;
use crate::schema::text::cell;

fn spec(name: &'static str, msg: &str, positional: &[&str]) -> TxSpec {
    let spec = TxSpec::new(
        name,
        &format!("openledger.datanets.v1.{msg}"),
        positional,
        &[],
    );
    positional.iter().fold(spec, |s, id| s.parser(id, positive))
}

pub fn overrides() -> Vec<Entry> {
    let version = &["datanet_id", "version"];
    let curate = spec("curate", "MsgCurate", &["contribution_id", "approve"])
        .arg("approve", |a| {
            a.value_name("DECISION").help("approve or reject")
        })
        .parser("approve", |s| match s.trim() {
            "approve" | "reject" => Ok(Value::Bool(s.trim() == "approve")),
            _ => Err("expected approve or reject".to_owned()),
        })
        .arg("reason", |a| a.required_if_eq("approve", "reject"))
        .fix(
            |d| match d.get("approve") == Value::Bool(true) && d.given("reason") {
                true => bail!("--reason is for reject only: an approval has no reason"),
                false => Ok(()),
            },
        );
    vec![
        create().into(),
        Entry::Custom(update_spec().fields.cmd, |ctx, m, signer| {
            Box::pin(update(ctx, m, signer))
        }),
        contribute().into(),
        curate.into(),
        spec("publish", "MsgPublishVersion", &["datanet_id"]).into(),
        spec("buy-access", "MsgPurchaseAccess", version).into(),
        spec("claim", "MsgClaimRevenue", version).into(),
    ]
}

/// The tags, curators and allow list flags of `create` and `update`.
fn lists(spec: TxSpec) -> TxSpec {
    spec.parser("tags", tag)
        .arg("tags", |a| {
            a.long("tag")
                .value_name("TAG")
                .help("A tag (1 to 32 printable ASCII characters), repeated")
        })
        .arg("curators", |a| {
            a.long("curator")
                .help("A curator (address or key name), repeated")
        })
        .arg("allow_list", |a| {
            a.long("allow")
                .help("An address or key name allowed to contribute, repeated")
        })
        .arg("licence", |a| a.visible_alias("license"))
}

fn create() -> TxSpec {
    let permissioned = Arg::new("permissioned")
        .long("permissioned")
        .action(ArgAction::SetTrue)
        .help(
            "Only the owner, the curators and the --allow list may contribute; access may be sold",
        );
    lists(TxSpec::new(
        "create",
        "openledger.datanets.v1.MsgCreateDatanet",
        &[],
        &["visibility"],
    ))
    .rename("contribution_bond", "bond")
    .required(&["name", "summary", "contribution_bond", "fee_per_byte"])
    .arg("access_price", |a| a.requires("permissioned"))
    .arg("allow_list", |a| a.requires("permissioned"))
    .extra(permissioned)
    .fix(|d| {
        let visibility = if d.given("permissioned") {
            "permissioned"
        } else {
            "public"
        };
        d.set(
            "visibility",
            enum_value("openledger.datanets.v1.Visibility", visibility)?,
        );
        if d.text("access_price").is_empty() {
            d.set("access_price", Value::String("0".to_owned()));
        }
        Ok(())
    })
}

/// The switches of `update` that empty a list.
const CLEAR: [(&str, &str); 3] = [
    ("clear-tags", "tags"),
    ("clear-curators", "curators"),
    ("clear-allow", "allow_list"),
];

fn update_spec() -> TxSpec {
    let about = "Change a datanet's texts, tags, curators, allow list or access price (owner only)";
    let clear = |(id, list): &(&'static str, &'static str)| {
        let arg = Arg::new(*id)
            .long(*id)
            .action(ArgAction::SetTrue)
            .conflicts_with(list);
        arg.help(format!("Empty the {list}"))
    };
    let changes = [
        "summary",
        "description",
        "tags",
        "licence",
        "curators",
        "allow_list",
    ];
    let changes = changes
        .into_iter()
        .chain(["access_price"])
        .chain(CLEAR.map(|(id, _)| id));
    let spec = lists(spec("update", "MsgUpdateDatanet", &["datanet_id"])).about(about);
    CLEAR
        .iter()
        .fold(spec, |spec, c| spec.extra(clear(c)))
        .configure(|c| {
            c.group(
                ArgGroup::new("changes")
                    .required(true)
                    .multiple(true)
                    .args(changes),
            )
        })
}

/// `MsgUpdateDatanet` replaces every field: it starts from the datanet as the chain has it.
async fn update(ctx: &Context, m: &ArgMatches, signer: &Signer) -> anyhow::Result<Vec<Any>> {
    let datanet_id = m
        .get_one::<Value>("datanet_id")
        .and_then(Value::as_u64)
        .unwrap_or_default();
    let request = json!({ "datanet_id": datanet_id });
    let doc = spec::classic(ctx, paths::datanets::DATANET, request, None, false)
        .await
        .with_context(|| format!("cannot read datanet {datanet_id}"))?;
    let (datanet, owner) = (&doc["datanet"], cell(&doc["datanet"], "owner"));
    if datanet.is_null() {
        bail!("datanet {datanet_id} not found");
    }
    if owner != signer.account.to_string() {
        let (who, name) = (&signer.account, &signer.key.name);
        bail!("only the owner of datanet {datanet_id} ({owner}) can update it, not {who} ({name})");
    }
    let mut current =
        json!({ "owner": owner, "datanet_id": datanet_id, "allow_list": doc["allow_list"] });
    for key in [
        "summary",
        "description",
        "tags",
        "licence",
        "curators",
        "access_price",
    ] {
        current[key] = datanet[key].clone();
    }
    let spec = update_spec();
    let mut msg = parse::message(&spec.fields.desc, current).map_err(anyhow::Error::msg)?;
    spec.fields.fill(&mut msg, m, &|r, s| ctx.resolve(r, s))?;
    for (flag, field) in CLEAR {
        if m.get_flag(flag) {
            msg.set_field_by_name(field, Value::List(Vec::new()));
        }
    }
    Ok(vec![to_any(&msg)])
}

fn contribute() -> TxSpec {
    let about =
        "Submit data by content hash, posting the datanet's bond and paying its fee (--file: \
                 the file's sha256 and size are computed here; upload it with `openledger content put FILE` once included)";
    let file = Arg::new("file")
        .long("file")
        .value_name("PATH")
        .help("The content, hashed here");
    spec("contribute", "MsgContribute", &["datanet_id"])
        .about(about)
        .rename("content_hash", "hash")
        .parser("content_hash", hash32)
        .arg("content_hash", |a| {
            a.requires("size_bytes")
                .help("sha256 of the content (instead of --file)")
        })
        .rename("size_bytes", "size")
        .parser("size_bytes", positive)
        .arg("size_bytes", |a| {
            a.value_name("BYTES")
                .requires("content_hash")
                .conflicts_with("file")
        })
        .rename("content_uri", "uri")
        .required(&["content_uri"])
        .arg("licence", |a| a.visible_alias("license"))
        .extra(file)
        .configure(|c| {
            c.group(
                ArgGroup::new("content")
                    .required(true)
                    .args(["file", "content_hash"]),
            )
        })
        .fix(|d| {
            if let Some(path) = d.matches.get_one::<String>("file") {
                let (hash, size) = hash_file(path)?;
                d.set("content_hash", Value::Bytes(hash.to_vec().into()));
                d.set("size_bytes", Value::U64(size));
            }
            Ok(())
        })
}

/// sha256 and size of a file, read in chunks.
pub fn hash_file(path: &str) -> anyhow::Result<([u8; 32], u64)> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot open --file {path}"))?;
    let (mut hasher, mut size, mut buf) = (Sha256::new(), 0u64, vec![0u8; 64 * 1024]);
    loop {
        let n = file
            .read(&mut buf)
            .with_context(|| format!("cannot read --file {path}"))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size = size.saturating_add(n as u64);
    }
    if size == 0 {
        bail!("--file {path} is empty: a contribution has at least 1 byte");
    }
    Ok((hasher.finalize().into(), size))
}
