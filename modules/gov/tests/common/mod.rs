//! Shared setup of the governance tests: funded accounts, short periods, a mock executor that
//! runs `MsgUpdateParams` for real and fails on a marker message.
#![allow(dead_code)]

use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use cosmos_sdk_proto::Any;
use openledger_bank::{Balance, BankRead};
use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, CallError, Changes, Coin, Coins, Dec, ModuleError, MsgCtx, StateDelta,
    StateWrite, BASE_DENOM,
};
use openledger_gov::{
    execute_begin_unlock, execute_delegate_votes, execute_deposit, execute_lock,
    execute_submit_proposal, execute_update_params, execute_vote, execute_vote_weighted,
    gov_address, invariants, GovError, MsgBeginUnlock, MsgDelegateVotes, MsgDeposit, MsgLock,
    MsgSubmitProposal, MsgUpdateParams, MsgVote, MsgVoteWeighted, Params, ProposalExecutor,
    VoteOption,
};
use prost::{Message, Name};

pub const START: i64 = 1_700_000_000;
pub const FUNDS: u128 = 1_000_000;
pub const MIN_DEPOSIT: u128 = 1_000;

pub fn addr(n: u8) -> Address {
    Address([n; 20])
}

pub fn block_at(secs: i64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height: 1,
        time_unix_secs: secs,
        time_nanos: 0,
    }
}

pub fn test_params() -> Params {
    Params {
        min_deposit: Coins::single(BASE_DENOM, MIN_DEPOSIT).unwrap(),
        max_deposit_period_secs: 100,
        voting_period_secs: 100,
        unlock_delay_secs: 50,
        max_unlock_entries: 3,
        ..Params::default()
    }
}

/// Accounts 1..=6 hold FUNDS aopen (and 500 "bopen"); gov has the test params.
pub fn setup() -> MemState {
    setup_with(test_params())
}

pub fn setup_with(params: Params) -> MemState {
    let mut s = MemState::empty();
    openledger_bank::GenesisState {
        balances: (1..=6)
            .map(|i| Balance {
                address: addr(i),
                coins: Coins::new(vec![Coin::new(BASE_DENOM, FUNDS), Coin::new("bopen", 500)])
                    .unwrap(),
            })
            .collect(),
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    openledger_gov::GenesisState {
        params,
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    s
}

pub fn balance(s: &MemState, a: &Address) -> u128 {
    s.balance(a, BASE_DENOM).unwrap()
}

pub fn supply(s: &MemState) -> u128 {
    s.supply(BASE_DENOM).unwrap()
}

pub fn coins(amount: u128) -> Coins {
    Coins::single(BASE_DENOM, amount).unwrap()
}

/// Run `f` on a fork as the app does: applied on success, dropped on failure. On failure the
/// parent must be untouched.
pub fn run<T>(
    s: &mut MemState,
    f: impl FnOnce(&mut StateDelta<&MemState>) -> Result<T, GovError>,
) -> Result<T, GovError> {
    let before: Changes = s.changes().clone();
    let (r, changes) = {
        let mut fork = StateDelta::new(&*s);
        let r = f(&mut fork);
        (r, fork.into_changes())
    };
    match r {
        Ok(v) => {
            s.apply(changes);
            invariants::check_all(&*s).unwrap();
            Ok(v)
        }
        Err(e) => {
            assert_eq!(s.changes(), &before, "a refused message changed state");
            Err(e)
        }
    }
}

pub fn code(e: &GovError) -> (&'static str, u32) {
    (e.codespace(), e.code())
}

/// Signer-checked message context at `secs`.
pub fn with_ctx<T>(secs: i64, signer: Address, f: impl FnOnce(&MsgCtx) -> T) -> T {
    let b = block_at(secs);
    let signers = [signer];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    f(&ctx)
}

pub fn lock(s: &mut MemState, who: u8, amount: u128) -> Result<(), GovError> {
    let msg = MsgLock {
        owner: addr(who),
        amount,
    };
    run(s, |f| {
        with_ctx(START, addr(who), |c| execute_lock(f, c, &msg))
    })
}

pub fn delegate(s: &mut MemState, who: u8, to: u8) -> Result<(), GovError> {
    let msg = MsgDelegateVotes {
        owner: addr(who),
        delegatee: addr(to),
    };
    run(s, |f| {
        with_ctx(START, addr(who), |c| execute_delegate_votes(f, c, &msg))
    })
}

pub fn begin_unlock(
    s: &mut MemState,
    at: i64,
    who: u8,
    amount: u128,
) -> Result<openledger_gov::Time, GovError> {
    let msg = MsgBeginUnlock {
        owner: addr(who),
        amount,
    };
    run(s, |f| {
        with_ctx(at, addr(who), |c| execute_begin_unlock(f, c, &msg))
    })
}

/// A marker message the mock executor accepts at submission and fails to execute.
pub fn failing_msg() -> Any {
    Any {
        type_url: "/test.Fail".into(),
        value: vec![],
    }
}

/// `MsgUpdateParams` (authority gov) setting the voting period.
pub fn update_voting_period_msg(secs: i64) -> Any {
    let mut p = test_params().to_proto();
    p.voting_period = Some(cosmos_sdk_proto::tendermint::google::protobuf::Duration {
        seconds: secs,
        nanos: 0,
    });
    let m = pb::MsgUpdateParams {
        authority: gov_address().to_string(),
        params: Some(p),
    };
    Any {
        type_url: pb::MsgUpdateParams::type_url(),
        value: m.encode_to_vec(),
    }
}

/// Knows `MsgUpdateParams` (run for real with the gov account as signer) and `/test.Fail`
/// (accepted at submission, fails on execution).
pub struct MockExecutor;

impl ProposalExecutor for MockExecutor {
    fn validate(&self, messages: &[Any]) -> Result<(), CallError> {
        for m in messages {
            if m.type_url == pb::MsgUpdateParams::type_url() {
                let decoded = pb::MsgUpdateParams::decode(m.value.as_slice())
                    .map_err(|e| CallError::new("gov", 12, e.to_string()))?;
                if decoded.authority != gov_address().to_string() {
                    return Err(CallError::from_module(&GovError::InvalidSigner(
                        decoded.authority,
                    )));
                }
            } else if m.type_url != "/test.Fail" {
                return Err(CallError::from_module(&GovError::UnroutableProposalMsg(
                    m.type_url.clone(),
                )));
            }
        }
        Ok(())
    }

    fn execute(
        &self,
        mut state: &mut dyn StateWrite,
        ctx: &BlockCtx,
        messages: &[Any],
    ) -> Result<(), CallError> {
        let signers = [gov_address()];
        for (i, m) in messages.iter().enumerate() {
            let msg_ctx = MsgCtx {
                block: ctx,
                signers: &signers,
                msg_index: i,
            };
            if m.type_url == "/test.Fail" {
                return Err(CallError::new("test", 99, "marker message failed"));
            }
            let decoded = pb::MsgUpdateParams::decode(m.value.as_slice())
                .map_err(|e| CallError::new("gov", 12, e.to_string()))?;
            let msg =
                MsgUpdateParams::try_from(&decoded).map_err(|e| CallError::from_module(&e))?;
            execute_update_params(&mut state, &msg_ctx, &msg)
                .map_err(|e| CallError::from_module(&e))?;
        }
        Ok(())
    }
}

pub fn submit_msg(who: u8, deposit: u128, messages: Vec<Any>) -> MsgSubmitProposal {
    MsgSubmitProposal {
        messages,
        initial_deposit: if deposit == 0 {
            Coins::default()
        } else {
            coins(deposit)
        },
        proposer: addr(who),
        metadata: "ipfs://proposal".into(),
        title: "Title".into(),
        summary: "Summary".into(),
    }
}

pub fn submit_at(s: &mut MemState, at: i64, msg: &MsgSubmitProposal) -> Result<u64, GovError> {
    run(s, |f| {
        with_ctx(at, msg.proposer, |c| {
            execute_submit_proposal(f, c, msg, &MockExecutor)
        })
    })
}

pub fn submit(s: &mut MemState, who: u8, deposit: u128, messages: Vec<Any>) -> u64 {
    submit_at(s, START, &submit_msg(who, deposit, messages)).unwrap()
}

pub fn deposit(s: &mut MemState, at: i64, who: u8, id: u64, amount: Coins) -> Result<(), GovError> {
    let msg = MsgDeposit {
        proposal_id: id,
        depositor: addr(who),
        amount,
    };
    run(s, |f| {
        with_ctx(at, addr(who), |c| execute_deposit(f, c, &msg))
    })
}

pub fn vote(s: &mut MemState, who: u8, id: u64, option: VoteOption) -> Result<(), GovError> {
    let msg = MsgVote {
        proposal_id: id,
        voter: addr(who),
        option,
        metadata: String::new(),
    };
    run(s, |f| {
        with_ctx(START, addr(who), |c| execute_vote(f, c, &msg))
    })
}

pub fn vote_weighted(
    s: &mut MemState,
    who: u8,
    id: u64,
    options: &[(VoteOption, &str)],
) -> Result<(), GovError> {
    let msg = MsgVoteWeighted {
        proposal_id: id,
        voter: addr(who),
        options: options
            .iter()
            .map(|(o, w)| openledger_gov::WeightedVoteOption {
                option: *o,
                weight: w.parse::<Dec>().unwrap(),
            })
            .collect(),
        metadata: String::new(),
    };
    run(s, |f| {
        with_ctx(START, addr(who), |c| execute_vote_weighted(f, c, &msg))
    })
}

/// End block at `secs`, applied to the state; the invariants must hold afterwards.
pub fn end_block_at(s: &mut MemState, secs: i64, executor: &dyn ProposalExecutor) {
    let changes = {
        let mut fork = StateDelta::new(&*s);
        openledger_gov::end_block(&mut fork, &block_at(secs), executor).unwrap();
        fork.into_changes()
    };
    s.apply(changes);
    invariants::check_all(&*s).unwrap();
}

/// Events recorded so far with the given kind.
pub fn events<'a>(s: &'a MemState, kind: &str) -> Vec<&'a openledger_framework::Event> {
    s.changes()
        .events
        .iter()
        .filter(|e| e.kind == kind)
        .collect()
}
