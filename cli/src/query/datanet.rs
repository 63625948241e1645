//! `openledger query datanet ...` overrides: the older commands (`show`, `list`,
//! `contributions`, `contributions-by` under their own names), in the classic form, with the
//! queried address added to `access` and `claimable`.

use serde_json::json;

use super::spec::QuerySpec;
use super::Entry;
use crate::rpc::paths::datanets as p;
use crate::schema::args::Options;

pub fn overrides() -> Vec<Entry> {
    let id = &["datanet_id"][..];
    let datanets = &["id", "name", "owner", "visibility~VISIBILITY_", "tags"];
    let contributions = &[
        "id",
        "datanet_id",
        "contributor",
        "status~CONTRIBUTION_STATUS_",
        "size_bytes",
        "content_hash",
    ];
    let versions = &[
        "number",
        "contribution_count",
        "total_bytes",
        "height",
        "root",
    ];
    vec![
        QuerySpec::classic("show", p::DATANET, id).must("datanet"),
        QuerySpec::classic("list", p::DATANETS, &[]).table("datanets", "no datanets", datanets),
        QuerySpec::classic("contribution", p::CONTRIBUTION, &["contribution_id"])
            .about("One contribution")
            .must("contribution"),
        QuerySpec::classic("contributions", p::CONTRIBUTIONS_BY_DATANET, id).table(
            "contributions",
            "no contributions",
            contributions,
        ),
        QuerySpec::classic(
            "contributions-by",
            p::CONTRIBUTIONS_BY_CONTRIBUTOR,
            &["contributor"],
        )
        .table("contributions", "no contributions", contributions),
        QuerySpec::classic("versions", p::VERSIONS, id).table("versions", "no versions", versions),
        QuerySpec::classic("version", p::VERSION, &["datanet_id", "version"]).must("version"),
        QuerySpec::classic("standing", p::STANDING, &["datanet_id", "contributor"]).finish(
            |doc, request| {
                // an address that never contributed has no standing yet: zeros
                if doc["standing"].is_null() {
                    doc["standing"] = json!({
                        "datanet_id": request["datanet_id"], "contributor": request["contributor"],
                        "approved": 0, "rejected": 0, "approved_bytes": "0", "penalty_score": 0,
                        "reward_multiplier": "1.000000000000000000",
                    });
                }
            },
        ),
        QuerySpec::classic("access", p::ACCESS, &["datanet_id", "version", "buyer"])
            .echo(&[("address", "buyer")]),
        QuerySpec::classic(
            "claimable",
            p::CLAIMABLE,
            &["datanet_id", "version", "contributor"],
        )
        .echo(&[("address", "contributor")]),
        QuerySpec::classic("params", p::PARAMS, &[])
            .about("Datanets parameters (the form a proposal file uses)"),
    ]
    .into_iter()
    .map(Entry::from)
    .collect()
}
