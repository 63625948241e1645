//! `openledger tx datanet ...` overrides: the older commands (`create`, `update`, `publish`,
//! `buy-access`, `claim` and the flags of `contribute` and `curate`) on the generated machinery.
//! `update` starts from the datanet as the chain has it; `contribute --file` hashes a file;
//! `contribute --commit` sends a commitment, then the contribution revealing it (two
//! transactions); `commit-contribution` computes a commitment for a later `contribute --salt`.
//! Every other message is generated.

use std::io::Read;

use anyhow::{bail, Context as _};
use clap::{Arg, ArgAction, ArgGroup, ArgMatches, FromArgMatches as _};
use cosmos_sdk_proto::Any;
use prost_reflect::Value;
use serde_json::json;
use sha2::{Digest, Sha256};

use std::str::FromStr as _;

use openledger_datanets as datanets;
use openledger_datanets::proto as dn;
use openledger_framework::Address;
use prost::Message as _;
use rand_core::{OsRng, RngCore};

use super::flow::{self, Signer};
use super::options::{BroadcastMode, TxOpts};
use super::spec::{to_any, TxSpec};
use super::values::{enum_value, hash32, positive, tag};
use super::Entry;
use crate::context::Context;
use crate::output;
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
        Entry::Custom(contribute().fields.cmd, |ctx, m, signer| {
            Box::pin(contribute_run(ctx, m, signer))
        }),
        commit_contribution().into(),
        curate.into(),
        spec("publish", "MsgPublishVersion", &["datanet_id"]).into(),
        spec("buy-access", "MsgPurchaseAccess", version)
            .required(&["max_price"])
            .arg("max_price", |a| {
                a.help(
                    "The most to pay (e.g. 10OPEN): refused on chain if the price in effect is higher",
                )
            })
            .into(),
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

/// `--file PATH` or `--hash HEX --size BYTES`: the content of `contribute`.
fn content_args(spec: TxSpec) -> TxSpec {
    let file = Arg::new("file")
        .long("file")
        .value_name("PATH")
        .help("The content, hashed here");
    let spec = spec
        .rename("content_hash", "hash")
        .parser("content_hash", hash32)
        .extra(file)
        .configure(|c| {
            c.group(
                ArgGroup::new("content")
                    .required(true)
                    .args(["file", "content_hash"]),
            )
        });
    spec.arg("content_hash", |a| {
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
}

fn contribute() -> TxSpec {
    let about =
        "Submit data by content hash, posting the datanet's bond and paying its fee (--file: \
                 the file's sha256 and size are computed here; upload it with `openledger content put FILE` once included; \
                 --commit: first commit to it, then reveal it in a later block, so that a copy sent by someone who saw it cannot take its credit)";
    let commit = Arg::new("commit")
        .long("commit")
        .action(ArgAction::SetTrue)
        .conflicts_with("salt")
        .help("Send a commitment first, then the contribution revealing it (two transactions)");
    content_args(spec("contribute", "MsgContribute", &["datanet_id"]))
        .about(about)
        .arg("salt", |a| {
            a.help(
                "Reveal an earlier `commit-contribution` made with this salt (16 to 64 bytes, hex)",
            )
        })
        .rename("content_uri", "uri")
        .required(&["content_uri"])
        .arg("licence", |a| a.visible_alias("license"))
        .extra(commit)
        .fix(|d| {
            if let Some(path) = d.matches.get_one::<String>("file") {
                let (hash, size) = hash_file(path)?;
                d.set("content_hash", Value::Bytes(hash.to_vec().into()));
                d.set("size_bytes", Value::U64(size));
            }
            Ok(())
        })
}

/// `contribute`, or with `--commit` a commitment (sent and included here) and then the
/// contribution revealing it, which therefore lands in a later block.
async fn contribute_run(
    ctx: &Context,
    m: &ArgMatches,
    signer: &Signer,
) -> anyhow::Result<Vec<Any>> {
    let any = contribute().build_message(ctx, m, signer)?;
    if !m.get_flag("commit") {
        return Ok(vec![any]);
    }
    let opts = TxOpts::from_arg_matches(m)?;
    if opts.broadcast_mode != BroadcastMode::CommitWait || opts.sequence.is_some() {
        bail!("--commit sends two transactions: it needs --broadcast-mode commit-wait and no --sequence");
    }
    let mut msg = dn::MsgContribute::decode(any.value.as_slice())?;
    let hash: [u8; 32] = msg.content_hash.as_slice().try_into()?;
    let contributor = Address::from_slice(&signer.account.to_bytes())?;
    let mut salt = [0u8; 32];
    OsRng.fill_bytes(&mut salt);
    let commitment = datanets::contribution_commitment(&hash, &contributor, &salt);
    output::note(&format!(
        "1/2 commitment {} (salt {}: `contribute --salt` reveals it if the second transaction fails)",
        hex::encode(commitment),
        hex::encode(salt)
    ));
    let commit = dn::MsgCommitContribution {
        contributor: msg.contributor.clone(),
        datanet_id: msg.datanet_id,
        commitment: commitment.to_vec(),
    };
    flow::send(ctx, &signer.key, vec![flow::any(&commit)], &opts).await?;
    output::note("2/2 the contribution revealing it");
    msg.salt = salt.to_vec();
    Ok(vec![flow::any(&msg)])
}

/// `commit-contribution DATANET_ID (--file PATH | --hash HEX) --salt HEX`: the commitment is
/// computed here from the content hash, the signer's address and the salt.
fn commit_contribution() -> TxSpec {
    let about = "Commit to a contribution without showing it: sha256(content hash || your \
                 address || salt); reveal it in a later block with `contribute --salt`";
    let salt = Arg::new("salt")
        .long("salt")
        .value_name("HEX")
        .required(true)
        .help("16 to 64 random bytes, hex; keep them for the reveal");
    let spec = TxSpec::new(
        "commit-contribution",
        "openledger.datanets.v1.MsgCommitContribution",
        &["datanet_id"],
        &["commitment"],
    )
    .parser("datanet_id", positive)
    .about(about)
    .extra(salt)
    .extra(
        Arg::new("hash")
            .long("hash")
            .value_name("HEX")
            .help("sha256 of the content (instead of --file)"),
    )
    .extra(
        Arg::new("file")
            .long("file")
            .value_name("PATH")
            .help("The content, hashed here"),
    )
    .configure(|c| {
        c.group(
            ArgGroup::new("content")
                .required(true)
                .args(["file", "hash"]),
        )
    });
    spec.fix(|d| {
        let hash: [u8; 32] = match d.matches.get_one::<String>("file") {
            Some(path) => hash_file(path)?.0,
            None => {
                let text = d
                    .matches
                    .get_one::<String>("hash")
                    .cloned()
                    .unwrap_or_default();
                hex::decode(text.trim())
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .context("--hash must be 32 bytes of hex")?
            }
        };
        let salt_text = d
            .matches
            .get_one::<String>("salt")
            .cloned()
            .unwrap_or_default();
        let salt = hex::decode(salt_text.trim()).context("--salt must be hex")?;
        if !(datanets::MIN_SALT_LEN..=datanets::MAX_SALT_LEN).contains(&salt.len()) {
            bail!(
                "--salt must be {} to {} bytes",
                datanets::MIN_SALT_LEN,
                datanets::MAX_SALT_LEN
            );
        }
        let contributor =
            Address::from_str(&d.text("contributor")).map_err(|e| anyhow::anyhow!("{e}"))?;
        let commitment = datanets::contribution_commitment(&hash, &contributor, &salt);
        d.set("commitment", Value::Bytes(commitment.to_vec().into()));
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
