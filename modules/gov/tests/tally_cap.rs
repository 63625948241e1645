//! Security finding 6: a live `TallyResult` reads at most `MAX_TALLY_VOTES` votes. With more
//! votes than that it is refused with a short message pointing at the final tally, after
//! reading no more than the cap (plus the one entry that shows the cap is exceeded).

mod common;

use std::cell::Cell;

use common::*;
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use openledger_bank::BankWrite;
use openledger_framework::delta::MemState;
use openledger_framework::state::KvIter;
use openledger_framework::{Address, Coins, StateError, StateRead, BASE_DENOM};
use openledger_gov::*;

/// Counts the entries a query pulls out of prefix scans and the single reads it makes.
struct Counting<'a> {
    inner: &'a MemState,
    scanned: Cell<usize>,
    gets: Cell<usize>,
}

impl StateRead for Counting<'_> {
    fn get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        self.gets.set(self.gets.get() + 1);
        self.inner.get_raw(key)
    }
    fn prefix_raw<'a>(&'a self, prefix: &[u8], start: Option<&[u8]>) -> KvIter<'a> {
        Box::new(self.inner.prefix_raw(prefix, start).inspect(|_| {
            self.scanned.set(self.scanned.get() + 1);
        }))
    }
    fn nonverifiable_get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        self.inner.nonverifiable_get_raw(key)
    }
}

fn voter(i: u32) -> Address {
    let mut a = [0xAB; 20];
    a[..4].copy_from_slice(&i.to_be_bytes());
    Address(a)
}

/// Give `who` gOPEN power and vote Yes with it, straight through the handlers.
fn lock_and_vote(s: &mut MemState, who: Address, id: u64) {
    let one = Coins::single(BASE_DENOM, 1).unwrap();
    s.send(&addr(1), &who, &one).unwrap();
    with_ctx(START, who, |c| {
        execute_lock(
            s,
            c,
            &MsgLock {
                owner: who,
                amount: 1,
            },
        )
    })
    .unwrap();
    with_ctx(START, who, |c| {
        execute_vote(
            s,
            c,
            &MsgVote {
                proposal_id: id,
                voter: who,
                option: VoteOption::Yes,
                metadata: String::new(),
            },
        )
    })
    .unwrap();
}

fn tally(s: &Counting<'_>, id: u64) -> Result<pb::TallyResult, GovError> {
    query_tally_result(s, &pb::QueryTallyResultRequest { proposal_id: id })
        .map(|r| r.tally.unwrap_or_default())
}

#[test]
fn a_live_tally_over_the_vote_cap_reads_at_most_the_cap_and_is_refused() {
    let mut s = setup();
    let id = submit(&mut s, 2, MIN_DEPOSIT, vec![]);
    assert_eq!(
        s.proposal(id).unwrap().unwrap().status,
        ProposalStatus::VotingPeriod
    );
    let cap = u32::try_from(MAX_TALLY_VOTES).unwrap();
    for i in 0..cap {
        lock_and_vote(&mut s, voter(i), id);
    }

    // exactly the cap: answered, every vote counted
    let c = Counting {
        inner: &s,
        scanned: Cell::new(0),
        gets: Cell::new(0),
    };
    let t = tally(&c, id).unwrap();
    assert_eq!(t.yes_count, MAX_TALLY_VOTES.to_string());
    assert_eq!(c.scanned.get(), MAX_TALLY_VOTES);

    // one more vote: refused, having read no more than the cap
    lock_and_vote(&mut s, voter(cap), id);
    let c = Counting {
        inner: &s,
        scanned: Cell::new(0),
        gets: Cell::new(0),
    };
    let e = tally(&c, id).unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
    let msg = e.to_string();
    assert!(
        msg.contains(&format!("more than {MAX_TALLY_VOTES} votes")) && msg.contains("final tally"),
        "{msg}"
    );
    assert!(msg.len() < 200, "{msg}");
    // the cap's votes decoded, plus the one entry that shows there are more
    assert_eq!(c.scanned.get(), MAX_TALLY_VOTES + 1);
    // one power read per vote counted, plus the proposal
    assert!(c.gets.get() <= MAX_TALLY_VOTES + 1, "{}", c.gets.get());
}
