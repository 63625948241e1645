//! Every query of `openledger.datanets.v1.Query`, with pagination and filters.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_datanets::proto::{self, ContributionStatus as PbStatus};
use openledger_datanets::{
    query_access, query_claimable, query_contribution, query_contributions_by_contributor,
    query_contributions_by_datanet, query_datanet, query_datanets, query_params, query_standing,
    query_version, query_versions, CurationReason, DatanetsError, Params, Visibility,
};
use openledger_framework::delta::MemState;

fn page(limit: u64, key: Vec<u8>) -> Option<PageRequest> {
    Some(PageRequest {
        key,
        limit,
        ..Default::default()
    })
}

/// Owner 1: datanets 1 (public, tags medical/images) and 3 (permissioned); owner 5: datanet 2
/// (tags code). Contributions in datanet 1: 1 approved (5), 2 rejected (6), 3 pending (5);
/// version 1 of datanet 1.
fn state() -> MemState {
    let mut s = setup();
    public_datanet(&mut s);
    let mut m = create_msg(5, Visibility::Public);
    m.tags = vec!["code".into()];
    create(&mut s, &m).unwrap();
    permissioned_datanet(&mut s);
    contribute(&mut s, 5, 1, 1, 100).unwrap();
    contribute(&mut s, 6, 1, 2, 200).unwrap();
    contribute(&mut s, 5, 1, 3, 300).unwrap();
    approve(&mut s, 2, 1).unwrap();
    reject(&mut s, 2, 2, CurationReason::Adversarial).unwrap();
    publish(&mut s, 1, 1).unwrap();
    s
}

#[test]
fn params_and_datanet() {
    let s = state();
    let p = query_params(&s, &proto::QueryParamsRequest {}).unwrap();
    assert_eq!(p.params.unwrap(), Params::default().to_proto());
    let r = query_datanet(&s, &proto::QueryDatanetRequest { datanet_id: 3 }).unwrap();
    let d = r.datanet.unwrap();
    assert_eq!(d.owner, addr(1).to_string());
    assert_eq!(d.visibility, proto::Visibility::Permissioned as i32);
    assert_eq!(r.allow_list, vec![addr(3).to_string(), addr(4).to_string()]);
    let r = query_datanet(&s, &proto::QueryDatanetRequest { datanet_id: 1 }).unwrap();
    let st = r.stats.unwrap();
    assert_eq!(
        (st.contributions, st.pending, st.approved, st.rejected),
        (3, 1, 1, 1)
    );
    assert_eq!((st.approved_bytes.as_str(), st.latest_version), ("100", 1));
    assert!(matches!(
        query_datanet(&s, &proto::QueryDatanetRequest { datanet_id: 9 }),
        Err(DatanetsError::UnknownDatanet(9))
    ));
}

#[test]
fn datanets_by_owner_tag_and_pages() {
    let s = state();
    let ids = |r: proto::QueryDatanetsResponse| r.datanets.iter().map(|d| d.id).collect::<Vec<_>>();
    let all = query_datanets(&s, &proto::QueryDatanetsRequest::default()).unwrap();
    assert_eq!(ids(all), vec![1, 2, 3]);
    let by_owner = query_datanets(
        &s,
        &proto::QueryDatanetsRequest {
            owner: addr(1).to_string(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(by_owner), vec![1, 3]);
    let by_tag = query_datanets(
        &s,
        &proto::QueryDatanetsRequest {
            tag: "medical".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(by_tag), vec![1, 3]);
    let both = query_datanets(
        &s,
        &proto::QueryDatanetsRequest {
            owner: addr(5).to_string(),
            tag: "medical".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(both.datanets.is_empty());
    let both = query_datanets(
        &s,
        &proto::QueryDatanetsRequest {
            owner: addr(5).to_string(),
            tag: "code".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(both), vec![2]);
    // Pages of one.
    let first = query_datanets(
        &s,
        &proto::QueryDatanetsRequest {
            pagination: page(1, vec![]),
            ..Default::default()
        },
    )
    .unwrap();
    let next = first.pagination.clone().unwrap().next_key;
    assert_eq!(next, 2u64.to_be_bytes().to_vec());
    assert_eq!(ids(first), vec![1]);
    let second = query_datanets(
        &s,
        &proto::QueryDatanetsRequest {
            pagination: page(2, next),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(second.pagination.clone().unwrap().next_key.is_empty());
    assert_eq!(ids(second), vec![2, 3]);
    // Bad filters.
    assert!(query_datanets(
        &s,
        &proto::QueryDatanetsRequest {
            tag: "two words".into(),
            ..Default::default()
        }
    )
    .is_err());
    assert!(query_datanets(
        &s,
        &proto::QueryDatanetsRequest {
            pagination: page(1, vec![1, 2, 3]),
            ..Default::default()
        }
    )
    .is_err());
}

#[test]
fn contributions_by_id_datanet_status_and_contributor() {
    let s = state();
    let c = query_contribution(&s, &proto::QueryContributionRequest { contribution_id: 2 })
        .unwrap()
        .contribution
        .unwrap();
    assert_eq!(c.status, PbStatus::Rejected as i32);
    assert_eq!(c.reason, proto::CurationReason::Adversarial as i32);
    assert_eq!(c.bond_burned, (OPEN / 2).to_string());
    assert_eq!(c.curator, addr(2).to_string());
    assert!(
        query_contribution(&s, &proto::QueryContributionRequest { contribution_id: 7 }).is_err()
    );

    let ids = |v: &[proto::Contribution]| v.iter().map(|c| c.id).collect::<Vec<_>>();
    let r = query_contributions_by_datanet(
        &s,
        &proto::QueryContributionsByDatanetRequest {
            datanet_id: 1,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(&r.contributions), vec![1, 2, 3]);
    for (status, want) in [
        (PbStatus::Pending, vec![3]),
        (PbStatus::Approved, vec![1]),
        (PbStatus::Rejected, vec![2]),
    ] {
        let r = query_contributions_by_datanet(
            &s,
            &proto::QueryContributionsByDatanetRequest {
                datanet_id: 1,
                status: status as i32,
                pagination: None,
            },
        )
        .unwrap();
        assert_eq!(ids(&r.contributions), want);
    }
    assert!(query_contributions_by_datanet(
        &s,
        &proto::QueryContributionsByDatanetRequest {
            datanet_id: 1,
            status: 9,
            pagination: None,
        }
    )
    .is_err());
    let r = query_contributions_by_datanet(
        &s,
        &proto::QueryContributionsByDatanetRequest {
            datanet_id: 1,
            status: 0,
            pagination: page(2, vec![]),
        },
    )
    .unwrap();
    assert_eq!(ids(&r.contributions), vec![1, 2]);
    assert_eq!(r.pagination.unwrap().next_key, 3u64.to_be_bytes().to_vec());

    let r = query_contributions_by_contributor(
        &s,
        &proto::QueryContributionsByContributorRequest {
            contributor: addr(5).to_string(),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(ids(&r.contributions), vec![1, 3]);
    assert!(query_contributions_by_contributor(
        &s,
        &proto::QueryContributionsByContributorRequest::default()
    )
    .is_err());
}

#[test]
fn versions_standing_access_and_claimable() {
    let mut s = state();
    let r = query_versions(
        &s,
        &proto::QueryVersionsRequest {
            datanet_id: 1,
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(r.versions.len(), 1);
    let latest = query_version(
        &s,
        &proto::QueryVersionRequest {
            datanet_id: 1,
            version: 0,
        },
    )
    .unwrap();
    assert_eq!(latest.version.clone().unwrap().number, 1);
    assert_eq!(latest.version.unwrap().root.len(), 32);
    assert_eq!(latest.revenue.unwrap().paid, "0");
    assert!(query_version(
        &s,
        &proto::QueryVersionRequest {
            datanet_id: 3,
            version: 0
        }
    )
    .is_err());

    let st = query_standing(
        &s,
        &proto::QueryStandingRequest {
            datanet_id: 1,
            contributor: addr(6).to_string(),
        },
    )
    .unwrap()
    .standing
    .unwrap();
    assert_eq!((st.rejected, st.penalty_score), (1, 1));
    assert_eq!(st.reward_multiplier, "1000000000000000000");

    let acc = query_access(
        &s,
        &proto::QueryAccessRequest {
            datanet_id: 1,
            version: 1,
            buyer: addr(9).to_string(),
        },
    )
    .unwrap();
    assert!(acc.has_access && acc.record.is_none());

    // A sale in datanet 3.
    let id = contribute(&mut s, 3, 3, 10, 40).unwrap();
    approve(&mut s, 1, id).unwrap();
    publish(&mut s, 1, 3).unwrap();
    purchase(&mut s, 9, 3, 1).unwrap();
    let acc = query_access(
        &s,
        &proto::QueryAccessRequest {
            datanet_id: 3,
            version: 1,
            buyer: addr(9).to_string(),
        },
    )
    .unwrap();
    assert!(acc.has_access);
    assert_eq!(acc.record.unwrap().price, (10 * OPEN).to_string());
    let cl = query_claimable(
        &s,
        &proto::QueryClaimableRequest {
            datanet_id: 3,
            version: 1,
            contributor: addr(3).to_string(),
        },
    )
    .unwrap();
    assert_eq!(
        (cl.bytes.as_str(), cl.claimable, cl.claimed.as_str()),
        ("40", (10 * OPEN).to_string(), "0")
    );
    assert!(query_claimable(
        &s,
        &proto::QueryClaimableRequest {
            datanet_id: 3,
            version: 2,
            contributor: addr(3).to_string(),
        }
    )
    .is_err());
}
