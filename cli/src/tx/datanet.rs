//! `openledger tx datanet ...` overrides: the older commands (`create`, `update`, `publish`,
//! `buy-access`, `claim` and the flags of `contribute` and `curate`) on the generated machinery.
//! `update` starts from the datanet as the chain has it; `contribute --file` hashes a file.
//! Every other message is generated.

use std::io::Read;

use anyhow::{bail, Context as _};
use clap::{Arg, ArgAction, ArgGroup, ArgMatches};
use cosmos_sdk_proto::Any;
use openledger_datanets::proto::{MsgUpdateDatanet, QueryDatanetRequest, QueryDatanetResponse};
use prost::Message;
use prost_reflect::{DynamicMessage, Value};
use sha2::{Digest, Sha256};

use super::flow::Signer;
use super::spec::{to_any, Draft, TxSpec};
use super::values::{hash32, positive, refuse_repeats, tag, texts};
use super::Entry;
use crate::context::Context;
use crate::rpc::paths;
use crate::schema::args::enum_number;
use crate::schema::pool;

const MSG: &str = "openledger.datanets.v1.";

pub fn overrides() -> Vec<Entry> {
    let versioned = |name, message: &str, about| {
        TxSpec::new(
            name,
            &format!("{MSG}{message}"),
            about,
            &["datanet_id", "version"],
            &[],
        )
        .parser("datanet_id", positive)
        .parser("version", positive)
    };
    vec![
        create().into(),
        Entry::Custom(update_spec().fields.cmd, |ctx, m, signer| {
            Box::pin(update(ctx, m, signer))
        }),
        contribute().into(),
        TxSpec::new(
            "curate",
            &format!("{MSG}MsgCurate"),
            "Approve or reject a pending contribution (the datanet's owner or a curator)",
            &["contribution_id", "approve"],
            &[],
        )
        .parser("contribution_id", positive)
        .parser("approve", |s| match s.trim() {
            "approve" => Ok(Value::Bool(true)),
            "reject" => Ok(Value::Bool(false)),
            _ => Err("expected approve or reject".to_owned()),
        })
        .arg("approve", |a| {
            a.value_name("DECISION").help("approve or reject")
        })
        .arg("reason", |a| {
            a.required_if_eq("approve", "reject").help(
                "Why the contribution is rejected: low_quality, duplicate, adversarial or spam",
            )
        })
        .fix(|d| {
            if d.get("approve") == Value::Bool(true) && d.given("reason") {
                bail!("--reason is for reject only: an approval has no reason");
            }
            Ok(())
        })
        .into(),
        TxSpec::new(
            "publish",
            &format!("{MSG}MsgPublishVersion"),
            "Publish the next version of a datanet over every contribution approved so far",
            &["datanet_id"],
            &[],
        )
        .parser("datanet_id", positive)
        .into(),
        versioned(
            "buy-access",
            "MsgPurchaseAccess",
            "Buy access to one version of a permissioned datanet",
        )
        .into(),
        versioned(
            "claim",
            "MsgClaimRevenue",
            "Withdraw the --from account's share of a version's access revenue",
        )
        .into(),
    ]
}

/// The tags, curators and allow list flags of `create` and `update`.
fn lists(spec: TxSpec) -> TxSpec {
    spec.parser("tags", tag)
        .arg("tags", |a| {
            a.long("tag").value_name("TAG")
                .help("A tag, repeated for several: 1 to 32 printable ASCII characters without spaces")
        })
        .arg("curators", |a| {
            a.long("curator").value_name("ADDRESS")
                .help("A curator (address or key name), repeated for several")
        })
        .arg("allow_list", |a| {
            a.long("allow").value_name("ADDRESS")
                .help("An address (or key name) allowed to contribute to a permissioned datanet, repeated")
        })
        .arg("licence", |a| a.visible_alias("license"))
}

fn no_repeats(d: &Draft) -> anyhow::Result<()> {
    refuse_repeats("--tag", &texts(&d.get("tags")))?;
    refuse_repeats("--curator", &texts(&d.get("curators")))?;
    refuse_repeats("--allow", &texts(&d.get("allow_list")))
}

fn create() -> TxSpec {
    lists(TxSpec::new(
        "create",
        &format!("{MSG}MsgCreateDatanet"),
        "Create a datanet owned by --from (public, or --permissioned)",
        &[],
        &["visibility"],
    ))
    .arg("name", |a| a.required(true).help("Name (never changes)"))
    .arg("summary", |a| a.required(true).help("One-line summary"))
    .arg("contribution_bond", |a| {
        a.long("bond").required(true).help("Bond of each contribution, returned on approval, e.g. 1OPEN")
    })
    .arg("fee_per_byte", |a| a.required(true).help("Fee per byte of each contribution, paid to the owner"))
    .arg("access_price", |a| a.requires("permissioned"))
    .arg("allow_list", |a| a.requires("permissioned"))
    .extra(Arg::new("permissioned").long("permissioned").action(ArgAction::SetTrue).help(
        "Only the owner, the curators and the --allow list may contribute; access may be sold",
    ))
    .fix(|d| {
        let visibility = pool()
            .get_enum_by_name(&format!("{MSG}Visibility"))
            .context("no Visibility in the descriptor set")?;
        let name = if d.given("permissioned") { "permissioned" } else { "public" };
        let number = enum_number(&visibility, name).map_err(anyhow::Error::msg)?;
        d.set("visibility", Value::EnumNumber(number));
        if d.text("access_price").is_empty() {
            d.set("access_price", Value::String("0".to_owned()));
        }
        no_repeats(d)
    })
}

fn update_spec() -> TxSpec {
    let changes = [
        "summary",
        "description",
        "tags",
        "clear-tags",
        "licence",
        "curators",
        "clear-curators",
        "allow_list",
        "clear-allow",
        "access_price",
    ];
    let clear = |id: &'static str, list: &'static str, help: &'static str| {
        Arg::new(id)
            .long(id)
            .action(ArgAction::SetTrue)
            .conflicts_with(list)
            .help(help)
    };
    lists(TxSpec::new(
        "update",
        &format!("{MSG}MsgUpdateDatanet"),
        "Change a datanet's summary, description, tags, licence, curators, allow list or access \
         price (owner only); what is not given stays as it is",
        &["datanet_id"],
        &[],
    ))
    .parser("datanet_id", positive)
    .extra(clear("clear-tags", "tags", "Remove every tag"))
    .extra(clear("clear-curators", "curators", "Remove every curator"))
    .extra(clear("clear-allow", "allow_list", "Empty the allow list"))
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
    let datanet_id = match m.get_one::<Value>("datanet_id") {
        Some(Value::U64(id)) => *id,
        _ => bail!("no datanet id given"),
    };
    let current: QueryDatanetResponse = ctx
        .rpc()?
        .query(
            paths::datanets::DATANET,
            &QueryDatanetRequest { datanet_id },
            None,
        )
        .await
        .with_context(|| format!("cannot read datanet {datanet_id}"))?;
    let Some(datanet) = current.datanet else {
        bail!("datanet {datanet_id} not found");
    };
    if datanet.owner != signer.account.to_string() {
        bail!(
            "only the owner of datanet {datanet_id} ({}) can update it, not {} ({})",
            datanet.owner,
            signer.account,
            signer.key.name
        );
    }
    let chain = MsgUpdateDatanet {
        owner: datanet.owner,
        datanet_id,
        summary: datanet.summary,
        description: datanet.description,
        tags: datanet.tags,
        licence: datanet.licence,
        curators: datanet.curators,
        allow_list: current.allow_list,
        access_price: datanet.access_price,
    };
    let spec = update_spec();
    let mut msg =
        DynamicMessage::decode(spec.fields.desc.clone(), chain.encode_to_vec().as_slice())?;
    spec.fields.fill(&mut msg, m, &|r, s| ctx.resolve(r, s))?;
    for (flag, field) in [
        ("clear-tags", "tags"),
        ("clear-curators", "curators"),
        ("clear-allow", "allow_list"),
    ] {
        if m.get_flag(flag) {
            msg.set_field_by_name(field, Value::List(Vec::new()));
        }
    }
    let draft = Draft { matches: m, msg };
    no_repeats(&draft)?;
    Ok(vec![to_any(&draft.msg)])
}

fn contribute() -> TxSpec {
    TxSpec::new(
        "contribute",
        &format!("{MSG}MsgContribute"),
        "Submit data by content hash, posting the datanet's bond and paying its fee to the owner \
         (with --file, the file's sha256 and size are computed here; it is not uploaded)",
        &["datanet_id"],
        &[],
    )
    .parser("datanet_id", positive)
    .parser("content_hash", hash32)
    .arg("content_hash", |a| {
        a.long("hash")
            .requires("size_bytes")
            .help("sha256 of the content, 64 hex characters (instead of --file)")
    })
    .parser("size_bytes", positive)
    .arg("size_bytes", |a| {
        a.long("size")
            .value_name("BYTES")
            .requires("content_hash")
            .conflicts_with("file")
            .help("Size of the content in bytes (with --hash)")
    })
    .arg("content_uri", |a| {
        a.long("uri")
            .required(true)
            .help("Where the content can be fetched, e.g. ipfs://...")
    })
    .arg("licence", |a| a.visible_alias("license"))
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
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
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
