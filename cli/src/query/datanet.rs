//! `openledger query datanet ...` overrides: the older commands (`show`, `list`,
//! `contributions`, `contributions-by` under their own names), in the classic form, with the
//! queried address added to `access` and `claimable`.

use serde_json::{json, Value as Json};

use super::spec::QuerySpec;
use super::Entry;
use crate::rpc::paths::datanets as p;
use crate::schema::text::{self, cell, short};

pub fn overrides() -> Vec<Entry> {
    let id = &["datanet_id"][..];
    vec![
        QuerySpec::classic(
            "show",
            p::DATANET,
            "One datanet with its counters and allow list",
            id,
        )
        .required("datanet")
        .into(),
        QuerySpec::classic(
            "list",
            p::DATANETS,
            "All datanets, or an owner's, or those with a tag",
            &[],
        )
        .text(datanets_table)
        .into(),
        QuerySpec::classic(
            "contribution",
            p::CONTRIBUTION,
            "One contribution",
            &["contribution_id"],
        )
        .required("contribution")
        .into(),
        QuerySpec::classic(
            "contributions",
            p::CONTRIBUTIONS_BY_DATANET,
            "A datanet's contributions, or those with one status",
            id,
        )
        .text(contributions_table)
        .into(),
        QuerySpec::classic(
            "contributions-by",
            p::CONTRIBUTIONS_BY_CONTRIBUTOR,
            "An address's contributions, in every datanet",
            &["contributor"],
        )
        .text(contributions_table)
        .into(),
        QuerySpec::classic(
            "versions",
            p::VERSIONS,
            "A datanet's published versions",
            id,
        )
        .text(|doc| {
            let header = "VERSION  CONTRIBUTIONS  BYTES  HEIGHT  ROOT";
            text::table(doc, "versions", "no versions", header, |v| {
                let cells = [
                    "number",
                    "contribution_count",
                    "total_bytes",
                    "height",
                    "root",
                ];
                cells.map(|c| cell(v, c)).join("  ")
            })
        })
        .into(),
        QuerySpec::classic(
            "version",
            p::VERSION,
            "One version (0: the latest) with its access revenue",
            &["datanet_id", "version"],
        )
        .required("version")
        .into(),
        QuerySpec::classic(
            "standing",
            p::STANDING,
            "A contributor's standing in a datanet: approvals, rejections, penalty score",
            &["datanet_id", "contributor"],
        )
        .finish(|doc, request| {
            // an address that never contributed has no standing yet: zeros
            if doc["standing"].is_null() {
                doc["standing"] = json!({
                    "datanet_id": request["datanet_id"], "contributor": request["contributor"],
                    "approved": 0, "rejected": 0, "approved_bytes": "0", "penalty_score": 0,
                    "reward_multiplier": "1.000000000000000000",
                });
            }
        })
        .into(),
        QuerySpec::classic(
            "access",
            p::ACCESS,
            "Whether an address may use a version, and its purchase if it bought access",
            &["datanet_id", "version", "buyer"],
        )
        .echo(&[("address", "buyer")])
        .into(),
        QuerySpec::classic(
            "claimable",
            p::CLAIMABLE,
            "A contributor's approved bytes in a version and its claimable access revenue",
            &["datanet_id", "version", "contributor"],
        )
        .echo(&[("address", "contributor")])
        .into(),
        QuerySpec::classic(
            "params",
            p::PARAMS,
            "Datanets parameters (the `params` object is the form a proposal file uses)",
            &[],
        )
        .into(),
    ]
}

fn datanets_table(doc: &Json) -> String {
    let header = "ID  NAME  OWNER  VISIBILITY  TAGS";
    text::table(doc, "datanets", "no datanets", header, |d| {
        let visibility = short(d, "visibility", "VISIBILITY_");
        let [id, name, owner, tags] = ["id", "name", "owner", "tags"].map(|c| cell(d, c));
        format!("{id}  {name}  {owner}  {visibility}  {tags}")
    })
}

fn contributions_table(doc: &Json) -> String {
    let header = "ID  DATANET  CONTRIBUTOR  STATUS  BYTES  SHA256";
    text::table(doc, "contributions", "no contributions", header, |c| {
        let status = short(c, "status", "CONTRIBUTION_STATUS_");
        let [id, datanet, contributor] = ["id", "datanet_id", "contributor"].map(|k| cell(c, k));
        let [size, hash] = ["size_bytes", "content_hash"].map(|k| cell(c, k));
        format!("{id}  {datanet}  {contributor}  {status}  {size}  {hash}")
    })
}
