//! `openledger tx datanet ...`: datanets, contributions, curation, versions and access sales.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{bail, Context as _};
use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use sha2::{Digest, Sha256};

use super::flow::{self, Signer, TxRequest};
use super::options::{Aopen, SignedTxOpts};
use crate::context::Context;
use crate::proto::datanets::{
    CurationReason, MsgClaimRevenue, MsgContribute, MsgCreateDatanet, MsgCurate, MsgPublishVersion,
    MsgPurchaseAccess, MsgUpdateDatanet, QueryDatanetRequest, QueryDatanetResponse, Visibility,
};
use crate::query::resolve_address;
use crate::rpc::paths;

/// Longest tag the chain accepts, in bytes.
const MAX_TAG_LEN: usize = 32;

#[derive(Debug, Subcommand)]
pub enum DatanetTx {
    /// Create a datanet owned by --from
    ///
    /// The bond and the fee per byte are fixed for the datanet's life. A public datanet takes
    /// contributions from anyone and its data is free; a --permissioned one takes them only
    /// from the owner, the curators and the --allow list, and may sell access (--access-price).
    ///
    /// Example:
    ///   openledger tx datanet create --name legal-corpus --summary "Court rulings" \
    ///     --tag legal --licence CC-BY-4.0 --bond 1OPEN --fee-per-byte 1000aopen --from alice
    #[command(verbatim_doc_comment)]
    Create(CreateArgs),
    /// Change a datanet's summary, description, tags, licence, curators, allow list or access
    /// price (owner only); what is not given stays as it is
    Update(UpdateArgs),
    /// Submit data by content hash, posting the datanet's bond and paying its fee to the owner
    ///
    /// With --file, the sha256 and size of the file are computed locally; the file itself is
    /// not uploaded (--uri says where it can be fetched).
    ///
    /// Example:
    ///   openledger tx datanet contribute 1 --file rulings.jsonl \
    ///     --uri ipfs://bafy... --from bob
    #[command(verbatim_doc_comment)]
    Contribute(ContributeArgs),
    /// Approve or reject a pending contribution (the datanet's owner or a curator)
    ///
    /// approve returns the bond to the contributor. reject needs --reason: low_quality and
    /// duplicate return the whole bond; adversarial and spam burn the chain's
    /// reject_slash_fraction of it and add to the contributor's penalty score.
    ///
    /// Example: openledger tx datanet curate 3 reject --reason spam --from alice
    Curate(CurateArgs),
    /// Publish the next version of a datanet over every contribution approved so far (the
    /// owner or a curator)
    Publish(PublishArgs),
    /// Buy access to one version of a permissioned datanet at its current access price
    BuyAccess(VersionArgs),
    /// Withdraw the --from account's share of a version's access revenue
    Claim(VersionArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Name (never changes)
    #[arg(long)]
    pub name: String,
    /// One-line summary
    #[arg(long)]
    pub summary: String,
    /// Longer description
    #[arg(long, default_value = "")]
    pub description: String,
    /// A tag, repeated for several: 1 to 32 printable ASCII characters without spaces
    #[arg(long = "tag", value_name = "TAG", value_parser = parse_tag)]
    pub tags: Vec<String>,
    /// Licence of the data, e.g. CC-BY-4.0
    #[arg(long, visible_alias = "license", default_value = "")]
    pub licence: String,
    /// Only the owner, the curators and the --allow list may contribute; access may be sold
    #[arg(long)]
    pub permissioned: bool,
    /// A curator, repeated for several: an address (open1...) or key name. Curators approve,
    /// reject and publish like the owner
    #[arg(long = "curator", value_name = "ADDRESS")]
    pub curators: Vec<String>,
    /// An address (or key name) allowed to contribute to the permissioned datanet, repeated
    /// for several
    #[arg(long = "allow", value_name = "ADDRESS", requires = "permissioned")]
    pub allow: Vec<String>,
    /// Bond of each contribution, returned on approval (at least the chain's
    /// min_contribution_bond), e.g. 1OPEN
    #[arg(long, value_name = "AMOUNT")]
    pub bond: Aopen,
    /// Fee per byte of each contribution, paid to the owner (at least the chain's
    /// min_fee_per_byte), e.g. 1000aopen
    #[arg(long, value_name = "AMOUNT")]
    pub fee_per_byte: Aopen,
    /// Price of access to one version (permissioned only; 0 or none: not for sale)
    #[arg(long, value_name = "AMOUNT", requires = "permissioned")]
    pub access_price: Option<Aopen>,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("changes")
        .required(true)
        .multiple(true)
        .args(["summary", "description", "tags", "clear_tags", "licence", "curators",
               "clear_curators", "allow", "clear_allow", "access_price"])
))]
pub struct UpdateArgs {
    /// Datanet id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub datanet_id: u64,
    /// New summary
    #[arg(long)]
    pub summary: Option<String>,
    /// New description
    #[arg(long)]
    pub description: Option<String>,
    /// The new tags (replace the current ones), repeated for several
    #[arg(long = "tag", value_name = "TAG", value_parser = parse_tag, conflicts_with = "clear_tags")]
    pub tags: Vec<String>,
    /// Remove every tag
    #[arg(long)]
    pub clear_tags: bool,
    /// New licence
    #[arg(long, visible_alias = "license")]
    pub licence: Option<String>,
    /// The new curators (replace the current ones): addresses or key names, repeated
    #[arg(
        long = "curator",
        value_name = "ADDRESS",
        conflicts_with = "clear_curators"
    )]
    pub curators: Vec<String>,
    /// Remove every curator
    #[arg(long)]
    pub clear_curators: bool,
    /// The new allow list of a permissioned datanet (replaces the current one), repeated
    #[arg(long = "allow", value_name = "ADDRESS", conflicts_with = "clear_allow")]
    pub allow: Vec<String>,
    /// Empty the allow list
    #[arg(long)]
    pub clear_allow: bool,
    /// New access price of a permissioned datanet (0: not for sale)
    #[arg(long, value_name = "AMOUNT")]
    pub access_price: Option<Aopen>,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

/// A sha256 digest given as 64 hex characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sha256Hash(pub [u8; 32]);

impl FromStr for Sha256Hash {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let text = s.trim();
        let text = text
            .strip_prefix("0x")
            .or_else(|| text.strip_prefix("0X"))
            .unwrap_or(text);
        let bytes = hex::decode(text).map_err(|_| {
            format!("invalid hash {s:?}: expected the sha256 of the content, 64 hex characters")
        })?;
        let hash: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            format!(
                "invalid hash {s:?}: a sha256 has 32 bytes (64 hex characters), this has {}",
                b.len()
            )
        })?;
        Ok(Self(hash))
    }
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("content").required(true).args(["file", "hash"])))]
pub struct ContributeArgs {
    /// Datanet id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub datanet_id: u64,
    /// The content: its sha256 and size are computed locally (it is not uploaded)
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// sha256 of the content, 64 hex characters (instead of --file; needs --size)
    #[arg(long, value_name = "HEX", requires = "size")]
    pub hash: Option<Sha256Hash>,
    /// Size of the content in bytes (with --hash)
    #[arg(long, value_name = "BYTES", requires = "hash", conflicts_with = "file",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub size: Option<u64>,
    /// Where the content can be fetched, e.g. ipfs://... or https://...
    #[arg(long)]
    pub uri: String,
    /// Licence of this contribution (default: the datanet's)
    #[arg(long, visible_alias = "license", default_value = "")]
    pub licence: String,
    /// Free-form metadata, e.g. a JSON description of the content
    #[arg(long, default_value = "")]
    pub metadata: String,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Decision {
    /// Accept the contribution; its bond goes back to the contributor
    Approve,
    /// Refuse it (needs --reason)
    Reject,
}

/// Why a contribution is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Reason {
    /// Not good enough: the whole bond goes back
    #[value(name = "low_quality", alias = "low-quality")]
    LowQuality,
    /// Already in the datanet: the whole bond goes back
    Duplicate,
    /// Harmful on purpose: part of the bond is burned and the penalty score grows
    Adversarial,
    /// Junk: part of the bond is burned and the penalty score grows
    Spam,
}

impl Reason {
    fn proto(self) -> CurationReason {
        match self {
            Self::LowQuality => CurationReason::LowQuality,
            Self::Duplicate => CurationReason::Duplicate,
            Self::Adversarial => CurationReason::Adversarial,
            Self::Spam => CurationReason::Spam,
        }
    }
}

#[derive(Debug, Args)]
pub struct CurateArgs {
    /// Contribution id (see `openledger query datanet contributions DATANET_ID --status pending`)
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub contribution_id: u64,
    /// approve or reject
    #[arg(value_enum)]
    pub decision: Decision,
    /// Why the contribution is rejected (required with reject, refused with approve)
    #[arg(long, value_enum, required_if_eq("decision", "reject"))]
    pub reason: Option<Reason>,
    /// Note kept with the decision
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Datanet id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub datanet_id: u64,
    /// Note kept with the version, e.g. what changed
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

#[derive(Debug, Args)]
pub struct VersionArgs {
    /// Datanet id
    #[arg(value_parser = clap::value_parser!(u64).range(1..))]
    pub datanet_id: u64,
    /// Version number
    #[arg(value_name = "VERSION", value_parser = clap::value_parser!(u64).range(1..))]
    pub number: u64,
    #[command(flatten)]
    pub signed: SignedTxOpts,
}

/// A tag as the chain accepts it: 1 to 32 bytes of printable ASCII without spaces.
fn parse_tag(s: &str) -> Result<String, String> {
    if s.is_empty() || s.len() > MAX_TAG_LEN {
        return Err(format!(
            "invalid tag {s:?}: a tag has 1 to {MAX_TAG_LEN} characters"
        ));
    }
    if !s.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!(
            "invalid tag {s:?}: tags are printable ASCII without spaces"
        ));
    }
    Ok(s.to_owned())
}

/// Refuses a list that names the same entry twice.
fn refuse_repeats(flag: &str, items: &[String]) -> anyhow::Result<()> {
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            bail!("{flag} {item} is given more than once");
        }
    }
    Ok(())
}

/// Addresses or key names as `open1...` addresses, each once.
fn addresses(ctx: &Context, flag: &str, inputs: &[String]) -> anyhow::Result<Vec<String>> {
    let list = inputs
        .iter()
        .map(|input| {
            resolve_address(ctx, input)
                .map(|a| a.to_string())
                .with_context(|| format!("{flag} {input}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    refuse_repeats(flag, &list)?;
    Ok(list)
}

/// sha256 and size of a file, read in chunks.
pub fn hash_file(path: &Path) -> anyhow::Result<([u8; 32], u64)> {
    let mut file = std::fs::File::open(path)
        .with_context(|| format!("cannot open --file {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut buf)
            .with_context(|| format!("cannot read --file {}", path.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size = size
            .checked_add(n as u64)
            .ok_or_else(|| anyhow::anyhow!("--file {} is too large", path.display()))?;
    }
    if size == 0 {
        bail!(
            "--file {} is empty: a contribution has at least 1 byte",
            path.display()
        );
    }
    Ok((hasher.finalize().into(), size))
}

pub async fn run(ctx: &Context, tx: DatanetTx) -> anyhow::Result<()> {
    match tx {
        DatanetTx::Create(args) => create(ctx, args).await,
        DatanetTx::Update(args) => update(ctx, args).await,
        DatanetTx::Contribute(args) => contribute(ctx, args).await,
        DatanetTx::Curate(args) => {
            if args.decision == Decision::Approve && args.reason.is_some() {
                bail!("--reason is for reject only: an approval has no reason");
            }
            flow::run_single(ctx, &args.signed, |signer| {
                let reason = args.reason.map_or(CurationReason::None, Reason::proto);
                let msg = MsgCurate {
                    curator: signer.account.to_string(),
                    contribution_id: args.contribution_id,
                    approve: args.decision == Decision::Approve,
                    reason: reason as i32,
                    note: args.note.clone(),
                };
                let text = match args.reason {
                    None => format!("approve contribution {}", args.contribution_id),
                    Some(reason) => format!(
                        "reject contribution {} ({})",
                        args.contribution_id,
                        reason
                            .to_possible_value()
                            .map(|v| v.get_name().to_owned())
                            .unwrap_or_default()
                    ),
                };
                (msg, text)
            })
            .await
        }
        DatanetTx::Publish(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgPublishVersion {
                    owner: signer.account.to_string(),
                    datanet_id: args.datanet_id,
                    note: args.note.clone(),
                };
                let text = format!(
                    "publish the next version of datanet {} over its approved contributions",
                    args.datanet_id
                );
                (msg, text)
            })
            .await
        }
        DatanetTx::BuyAccess(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgPurchaseAccess {
                    buyer: signer.account.to_string(),
                    datanet_id: args.datanet_id,
                    version: args.number,
                };
                let text = format!(
                    "buy access to version {} of datanet {} at its current access price",
                    args.number, args.datanet_id
                );
                (msg, text)
            })
            .await
        }
        DatanetTx::Claim(args) => {
            flow::run_single(ctx, &args.signed, |signer| {
                let msg = MsgClaimRevenue {
                    contributor: signer.account.to_string(),
                    datanet_id: args.datanet_id,
                    version: args.number,
                };
                let text = format!(
                    "claim the access revenue of version {} of datanet {}",
                    args.number, args.datanet_id
                );
                (msg, text)
            })
            .await
        }
    }
}

async fn create(ctx: &Context, args: CreateArgs) -> anyhow::Result<()> {
    refuse_repeats("--tag", &args.tags)?;
    let curators = addresses(ctx, "--curator", &args.curators)?;
    let allow = addresses(ctx, "--allow", &args.allow)?;
    let visibility = if args.permissioned {
        Visibility::Permissioned
    } else {
        Visibility::Public
    };
    let access_price = args.access_price.unwrap_or(Aopen(0));
    flow::run_single(ctx, &args.signed, |signer| {
        let msg = MsgCreateDatanet {
            owner: signer.account.to_string(),
            name: args.name.clone(),
            summary: args.summary.clone(),
            description: args.description.clone(),
            tags: args.tags.clone(),
            licence: args.licence.clone(),
            visibility: visibility as i32,
            curators,
            allow_list: allow,
            contribution_bond: args.bond.0.to_string(),
            fee_per_byte: args.fee_per_byte.0.to_string(),
            access_price: access_price.0.to_string(),
        };
        let mut text = format!(
            "create the {} datanet {:?}: bond {} and fee {} per byte per contribution",
            if args.permissioned {
                "permissioned"
            } else {
                "public"
            },
            args.name,
            args.bond.display(),
            args.fee_per_byte.display()
        );
        if access_price.0 > 0 {
            text.push_str(&format!(", access {}", access_price.display()));
        }
        (msg, text)
    })
    .await
}

/// `MsgUpdateDatanet` replaces every field, so the fields not given are taken from the chain.
async fn update(ctx: &Context, args: UpdateArgs) -> anyhow::Result<()> {
    refuse_repeats("--tag", &args.tags)?;
    let curators = addresses(ctx, "--curator", &args.curators)?;
    let allow = addresses(ctx, "--allow", &args.allow)?;
    let signer = Signer::load(ctx, &args.signed.from)?;
    let rpc = ctx.rpc()?;
    let current: QueryDatanetResponse = rpc
        .query(
            paths::datanets::DATANET,
            &QueryDatanetRequest {
                datanet_id: args.datanet_id,
            },
            None,
        )
        .await
        .with_context(|| format!("cannot read datanet {}", args.datanet_id))?;
    let Some(datanet) = current.datanet else {
        bail!("datanet {} not found", args.datanet_id);
    };
    if datanet.owner != signer.account.to_string() {
        bail!(
            "only the owner of datanet {} ({}) can update it, not {} ({})",
            args.datanet_id,
            datanet.owner,
            signer.account,
            signer.key.name
        );
    }
    let replace = |given: Vec<String>, clear: bool, current: Vec<String>| {
        if clear {
            Vec::new()
        } else if given.is_empty() {
            current
        } else {
            given
        }
    };
    let msg = MsgUpdateDatanet {
        owner: signer.account.to_string(),
        datanet_id: args.datanet_id,
        summary: args.summary.unwrap_or(datanet.summary),
        description: args.description.unwrap_or(datanet.description),
        tags: replace(args.tags, args.clear_tags, datanet.tags),
        licence: args.licence.unwrap_or(datanet.licence),
        curators: replace(curators, args.clear_curators, datanet.curators),
        allow_list: replace(allow, args.clear_allow, current.allow_list),
        access_price: match args.access_price {
            Some(price) => price.0.to_string(),
            None => datanet.access_price,
        },
    };
    let text = format!(
        "update datanet {} ({:?}): tags [{}], curators {}, allow list {}, access price {}aopen",
        args.datanet_id,
        datanet.name,
        msg.tags.join(", "),
        msg.curators.len(),
        msg.allow_list.len(),
        if msg.access_price.is_empty() {
            "0"
        } else {
            &msg.access_price
        }
    );
    flow::sign_and_broadcast(
        ctx,
        &signer.key,
        TxRequest::single(&msg, text),
        &args.signed.tx,
    )
    .await
}

async fn contribute(ctx: &Context, args: ContributeArgs) -> anyhow::Result<()> {
    let (hash, size) = match (&args.file, args.hash, args.size) {
        (Some(path), _, _) => hash_file(path)?,
        (None, Some(hash), Some(size)) => (hash.0, size),
        // clap requires --file, or --hash with --size
        _ => bail!("give --file PATH, or --hash HEX with --size BYTES"),
    };
    flow::run_single(ctx, &args.signed, |signer| {
        let msg = MsgContribute {
            contributor: signer.account.to_string(),
            datanet_id: args.datanet_id,
            content_hash: hash.to_vec(),
            size_bytes: size,
            content_uri: args.uri.clone(),
            licence: args.licence.clone(),
            metadata: args.metadata.clone(),
        };
        let text = format!(
            "contribute {size} bytes (sha256 {}) to datanet {}, posting its bond and paying its fee per byte",
            hex::encode(hash),
            args.datanet_id
        );
        (msg, text)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_32_bytes_of_hex() {
        let hex64 = "ab".repeat(32);
        assert_eq!(hex64.parse::<Sha256Hash>().unwrap().0, [0xab; 32]);
        assert_eq!(
            format!("0x{}", hex64.to_uppercase())
                .parse::<Sha256Hash>()
                .unwrap()
                .0,
            [0xab; 32]
        );
        for bad in ["", "abc", "zz", &"ab".repeat(31), &"ab".repeat(33)] {
            assert!(bad.parse::<Sha256Hash>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tags() {
        assert_eq!(parse_tag("legal").unwrap(), "legal");
        for bad in ["", "two words", &"x".repeat(33), "é"] {
            assert!(parse_tag(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn files_hash_like_sha256sum() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data");
        std::fs::write(&path, b"abc").unwrap();
        let (hash, size) = hash_file(&path).unwrap();
        assert_eq!(size, 3);
        assert_eq!(
            hex::encode(hash),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        std::fs::write(&path, b"").unwrap();
        assert!(hash_file(&path).is_err());
        assert!(hash_file(&dir.path().join("missing")).is_err());
    }
}
