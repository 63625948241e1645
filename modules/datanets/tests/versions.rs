//! MsgPublishVersion: the Merkle commitment, per-contributor bytes, immutability and every
//! refusal.

mod common;

use common::*;
use openledger_datanets::{
    execute_publish_version, leaf_hash, merkle_root, CurationReason, DatanetsError, DatanetsRead,
    MsgPublishVersion, CODESPACE,
};
use openledger_framework::{GasConfig, GasMeter, GasMeteredState};

fn leaf(s: &openledger_framework::delta::MemState, id: u64) -> [u8; 32] {
    let c = s.contribution(id).unwrap().unwrap();
    leaf_hash(c.id, &c.content_hash, c.size_bytes, &c.contributor)
}

#[test]
fn a_version_commits_to_every_approved_contribution() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let c1 = contribute(&mut s, 5, d, 1, 100).unwrap();
    let c2 = contribute(&mut s, 6, d, 2, 200).unwrap();
    let c3 = contribute(&mut s, 5, d, 3, 300).unwrap();
    let c4 = contribute(&mut s, 7, d, 4, 400).unwrap();
    approve(&mut s, 2, c3).unwrap();
    approve(&mut s, 2, c1).unwrap();
    reject(&mut s, 2, c2, CurationReason::LowQuality).unwrap();
    // c4 stays pending.
    let _ = c4;
    let (n, root) = publish(&mut s, 1, d).unwrap();
    assert_eq!(n, 1);
    // In approval order, whatever the contribution ids.
    let want = merkle_root(&[leaf(&s, c3), leaf(&s, c1)]);
    assert_eq!(root, want);
    let v = s.version(d, 1).unwrap().unwrap();
    assert_eq!(v.root, want);
    assert_eq!(v.contribution_count, 2);
    assert_eq!(v.total_bytes, 400);
    assert_eq!(v.max_contribution_id, c3);
    assert_eq!((v.height, v.time.secs), (HEIGHT, TIME));
    assert_eq!(v.publisher, addr(1));
    assert_eq!(v.note, "release");
    assert_eq!(s.version_contributor_bytes(d, 1, &addr(5)).unwrap(), 400);
    assert_eq!(s.version_contributor_bytes(d, 1, &addr(6)).unwrap(), 0);
    assert_eq!(s.latest_version(d).unwrap(), Some(v));
}

#[test]
fn later_versions_include_late_approvals_and_earlier_ones_stay() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let c1 = contribute(&mut s, 5, d, 1, 100).unwrap();
    let c2 = contribute(&mut s, 6, d, 2, 200).unwrap();
    let c3 = contribute(&mut s, 7, d, 3, 300).unwrap();
    approve(&mut s, 1, c3).unwrap();
    publish(&mut s, 2, d).unwrap(); // a curator may publish
    let v1 = s.version(d, 1).unwrap().unwrap();
    // c1 is approved after version 1 although its id is lower than c3's.
    approve(&mut s, 1, c1).unwrap();
    approve(&mut s, 1, c2).unwrap();
    let (n, root) = publish(&mut s, 1, d).unwrap();
    assert_eq!(n, 2);
    assert_eq!(
        root,
        merkle_root(&[leaf(&s, c3), leaf(&s, c1), leaf(&s, c2)])
    );
    let v2 = s.version(d, 2).unwrap().unwrap();
    assert_eq!(
        (
            v2.contribution_count,
            v2.total_bytes,
            v2.max_contribution_id
        ),
        (3, 600, c3)
    );
    assert_eq!(v1.max_contribution_id, v2.max_contribution_id);
    // Version 1 is untouched.
    assert_eq!(s.version(d, 1).unwrap().unwrap(), v1);
    assert_eq!(s.version_contributor_bytes(d, 1, &addr(5)).unwrap(), 0);
    assert_eq!(s.version_contributor_bytes(d, 2, &addr(5)).unwrap(), 100);
    assert_eq!(s.datanet_stats(d).unwrap().latest_version, 2);
}

#[test]
fn nothing_new_is_refused() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let e = publish(&mut s, 1, d).unwrap_err();
    assert!(matches!(
        e,
        DatanetsError::NothingToPublish { version: 0, .. }
    ));
    assert_eq!(code(&e), (CODESPACE, 15));
    let c1 = contribute(&mut s, 5, d, 1, 100).unwrap();
    assert!(publish(&mut s, 1, d).is_err()); // pending only
    approve(&mut s, 1, c1).unwrap();
    publish(&mut s, 1, d).unwrap();
    let c2 = contribute(&mut s, 5, d, 2, 100).unwrap();
    reject(&mut s, 1, c2, CurationReason::Spam).unwrap();
    let e = publish(&mut s, 1, d).unwrap_err();
    assert!(matches!(
        e,
        DatanetsError::NothingToPublish { version: 1, .. }
    ));
}

#[test]
fn publish_refusals_change_nothing() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let c1 = contribute(&mut s, 5, d, 1, 100).unwrap();
    approve(&mut s, 1, c1).unwrap();
    let e = publish(&mut s, 5, d).unwrap_err();
    assert!(matches!(e, DatanetsError::NotCurator { .. }));
    let e = publish(&mut s, 1, 77).unwrap_err();
    assert_eq!(code(&e), (CODESPACE, 4));
    let msg = MsgPublishVersion {
        owner: addr(1),
        datanet_id: d,
        note: "x".repeat(281),
    };
    assert!(matches!(
        run(&mut s, addr(1), |f, c| execute_publish_version(f, c, &msg)),
        Err(DatanetsError::TooLong { field: "note", .. })
    ));
    let msg = MsgPublishVersion {
        owner: addr(1),
        datanet_id: d,
        note: String::new(),
    };
    let e = run(&mut s, addr(2), |f, c| execute_publish_version(f, c, &msg)).unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    assert!(s.latest_version(d).unwrap().is_none());
}

#[test]
fn a_popular_datanet_keeps_publishing_and_each_version_costs_the_same() {
    // 300 approvals over six versions show the commitment and checkpoints stay exact and that
    // a publish costs no more as the datanet grows (the gas benchmark goes to 100,000).
    let mut s = setup();
    let d = public_datanet(&mut s);
    let mut leaves = Vec::new();
    let mut gas_used = Vec::new();
    for n in 1..=300u64 {
        let who = 3 + (n % 6) as u8;
        let id = contribute(&mut s, who, d, n, 10 + n % 5).unwrap();
        approve(&mut s, 1, id).unwrap();
        leaves.push(leaf(&s, id));
        if n % 50 == 0 {
            let msg = MsgPublishVersion {
                owner: addr(1),
                datanet_id: d,
                note: "release".into(),
            };
            let (root, gas) = run(&mut s, addr(1), |f, c| {
                let meter = GasMeter::infinite();
                let mut metered = GasMeteredState::new(f, &meter, GasConfig::KV);
                let (_, root) = execute_publish_version(&mut metered, c, &msg)?;
                Ok((root, meter.consumed()))
            })
            .unwrap();
            gas_used.push(gas);
            assert_eq!(root, merkle_root(&leaves));
        }
    }
    let v = s.latest_version(d).unwrap().unwrap();
    assert_eq!((v.number, v.contribution_count), (6, 300));
    let listed: u128 = s
        .version_contributors(d, 6, None, usize::MAX)
        .unwrap()
        .iter()
        .map(|(_, b)| *b)
        .sum();
    assert_eq!(listed, v.total_bytes);
    // After the first (which has no previous version to read), every publish costs the same
    // gas at 100 approvals as at 300, up to the frontier's size (one 33-byte node per set bit
    // of the count): less than one more read.
    let later = &gas_used[1..];
    let (lo, hi) = (*later.iter().min().unwrap(), *later.iter().max().unwrap());
    assert!(hi - lo < GasConfig::KV.read_cost_flat, "{gas_used:?}");
}

#[test]
fn contributor_bytes_of_every_version_stay_as_published() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let a = contribute(&mut s, 5, d, 1, 100).unwrap();
    approve(&mut s, 1, a).unwrap();
    publish(&mut s, 1, d).unwrap();
    // Version 2 adds bytes for 5 and a new contributor 6; version 3 only for 6.
    let b = contribute(&mut s, 5, d, 2, 50).unwrap();
    let c = contribute(&mut s, 6, d, 3, 70).unwrap();
    approve(&mut s, 1, b).unwrap();
    approve(&mut s, 1, c).unwrap();
    publish(&mut s, 1, d).unwrap();
    let e = contribute(&mut s, 6, d, 4, 30).unwrap();
    approve(&mut s, 1, e).unwrap();
    // Approved but not yet published: no version holds it.
    assert_eq!(s.version_contributor_bytes(d, 2, &addr(6)).unwrap(), 70);
    publish(&mut s, 1, d).unwrap();
    let of = |s: &openledger_framework::delta::MemState, v| {
        s.version_contributors(d, v, None, usize::MAX).unwrap()
    };
    assert_eq!(of(&s, 1), vec![(addr(5), 100)]);
    assert_eq!(of(&s, 2), vec![(addr(5), 150), (addr(6), 70)]);
    assert_eq!(of(&s, 3), vec![(addr(5), 150), (addr(6), 100)]);
    // Paging: one at a time, resuming at the next contributor.
    assert_eq!(
        s.version_contributors(d, 3, Some(&addr(6)), 1).unwrap(),
        vec![(addr(6), 100)]
    );
}
