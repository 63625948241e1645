//! Shared setup of the finetune tests: funded accounts, mock keepers over test keys, and a
//! `run` wrapper that applies a message like the app does (all or nothing) and checks the
//! invariants and the total supply after it.
#![allow(dead_code)]

use openledger_bank::{Balance, BankRead, BankWrite};
use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, CallError, Coin, Coins, MsgCtx, StateDelta, StateRead, StateWrite,
    BASE_DENOM,
};

use openledger_finetune::{
    end_block, invariants, AdapterRegistration, AdaptersKeeper, DatanetVersionRef, DatanetsKeeper,
    DistributionKeeper, FinetuneError, Keepers, ModelView, ModelsKeeper, Params,
};

pub const FUNDS: u128 = 1_000_000;
pub const BOND: u128 = 1_000;
pub const BUDGET: u128 = 5_000;
/// Access price of datanet 1 (permissioned); datanet 2 is public.
pub const ACCESS_PRICE: u128 = 10;

pub fn addr(n: u8) -> Address {
    Address([n; 20])
}

pub fn creator() -> Address {
    addr(1)
}

pub fn datanets_acct() -> Address {
    Address::module("datanets")
}

pub fn pool() -> Address {
    Address::module("distribution")
}

pub fn gov() -> Address {
    openledger_finetune::gov_address()
}

pub fn test_params() -> Params {
    Params {
        min_provider_bond: BOND,
        min_job_budget: 100,
        max_job_duration_blocks: 1_000,
        dispute_window_blocks: 10,
        provider_unbonding_blocks: 20,
        ..Params::default()
    }
}

pub fn block(height: u64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height,
        time_unix_secs: 1_700_000_000 + i64::try_from(height).unwrap() * 5,
        time_nanos: 0,
    }
}

fn stage_key(model_id: u64) -> Vec<u8> {
    let mut k = b"test/model_stage/".to_vec();
    k.extend_from_slice(&model_id.to_be_bytes());
    k
}

/// Models: model 1 (creator 1) in FINE_TUNING on datanet versions (1,1) and (2,1); model 2
/// (creator 1) PROPOSED; model 3 (creator 2) DEPLOYED. The stage lives in a test key so that
/// forks see it.
pub struct MockModels;

pub const FINE_TUNING: u8 = 4;
pub const ALIGNMENT: u8 = 5;

pub fn model_stage(s: &dyn StateRead, id: u64) -> u8 {
    let default = match id {
        1 => FINE_TUNING,
        2 => 0,
        _ => 6,
    };
    s.get_raw(&stage_key(id))
        .unwrap()
        .and_then(|v| v.first().copied())
        .unwrap_or(default)
}

impl ModelsKeeper for MockModels {
    fn model(&self, state: &dyn StateRead, id: u64) -> Result<Option<ModelView>, CallError> {
        if !(1..=3).contains(&id) {
            return Ok(None);
        }
        let stage = model_stage(state, id);
        Ok(Some(ModelView {
            id,
            creator: if id == 3 { addr(2) } else { creator() },
            stage: format!("stage {stage}"),
            fine_tunable: stage >= FINE_TUNING,
            datanet_versions: vec![(1, 1), (2, 1)],
        }))
    }

    fn complete_fine_tuning(
        &self,
        state: &mut dyn StateWrite,
        _block: &BlockCtx,
        model_id: u64,
        _actor: Address,
        _hash: &str,
        _metrics: String,
    ) -> Result<(), CallError> {
        if model_stage(state, model_id) != FINE_TUNING {
            return Err(CallError::new("models", 9, "illegal transition"));
        }
        state.put_raw(stage_key(model_id), vec![ALIGNMENT])?;
        Ok(())
    }
}

/// Datanets: datanet 1 is permissioned at ACCESS_PRICE, datanet 2 public; a buyer pays once.
pub struct MockDatanets;

impl DatanetsKeeper for MockDatanets {
    fn charge_access(
        &self,
        state: &mut dyn StateWrite,
        _block: &BlockCtx,
        buyer: &Address,
        datanet_id: u64,
        version: u64,
    ) -> Result<u128, CallError> {
        let mut k = b"test/access/".to_vec();
        k.extend_from_slice(buyer.as_bytes());
        k.extend_from_slice(&datanet_id.to_be_bytes());
        k.extend_from_slice(&version.to_be_bytes());
        if datanet_id != 1 || state.get_raw(&k)?.is_some() {
            return Ok(0);
        }
        let coins = Coins::single(BASE_DENOM, ACCESS_PRICE).unwrap();
        state
            .send(buyer, &datanets_acct(), &coins)
            .map_err(|e| CallError::new("bank", 5, e.to_string()))?;
        state.put_raw(k, vec![1])?;
        Ok(ACCESS_PRICE)
    }
}

/// Adapters: first registrant of a hash wins.
pub struct MockAdapters;

pub fn adapter_key(hash: &str) -> Vec<u8> {
    [b"test/adapter/".as_slice(), hash.as_bytes()].concat()
}

impl AdaptersKeeper for MockAdapters {
    fn check_adapter(
        &self,
        state: &dyn StateRead,
        _block: &BlockCtx,
        a: &AdapterRegistration,
    ) -> Result<(), CallError> {
        if state.get_raw(&adapter_key(&a.hash))?.is_some() {
            return Err(CallError::new("adapters", 3, "adapter already registered"));
        }
        Ok(())
    }

    fn register_adapter(
        &self,
        state: &mut dyn StateWrite,
        _block: &BlockCtx,
        a: AdapterRegistration,
    ) -> Result<(), CallError> {
        let k = adapter_key(&a.hash);
        if state.get_raw(&k)?.is_some() {
            return Err(CallError::new("adapters", 3, "adapter already registered"));
        }
        state.put_raw(k, a.job_id.to_be_bytes().to_vec())?;
        Ok(())
    }
}

pub struct MockDistribution;

impl DistributionKeeper for MockDistribution {
    fn fund_community_pool(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        let coins = Coins::single(BASE_DENOM, amount).unwrap();
        state
            .send(from, &pool(), &coins)
            .map_err(|e| CallError::new("bank", 5, e.to_string()))
    }
}

pub fn keepers() -> Keepers<'static> {
    Keepers {
        models: &MockModels,
        datanets: &MockDatanets,
        adapters: &MockAdapters,
        distribution: &MockDistribution,
    }
}

/// Accounts 1..=6 hold FUNDS aopen; finetune has the test params.
pub fn setup() -> MemState {
    setup_with(test_params())
}

pub fn setup_with(params: Params) -> MemState {
    let mut s = MemState::empty();
    openledger_bank::GenesisState {
        balances: (1..=6)
            .map(|i| Balance {
                address: addr(i),
                coins: Coins::new(vec![Coin::new(BASE_DENOM, FUNDS)]).unwrap(),
            })
            .collect(),
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    openledger_finetune::GenesisState {
        params,
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    s
}

pub const ACCOUNTS: [u8; 6] = [1, 2, 3, 4, 5, 6];

/// Every aopen the tests can move: the accounts, the escrow, datanets and the pool.
pub fn total(s: &MemState) -> u128 {
    let mut t: u128 = ACCOUNTS
        .iter()
        .map(|i| s.balance(&addr(*i), BASE_DENOM).unwrap())
        .sum();
    for a in [
        openledger_finetune::finetune_address(),
        datanets_acct(),
        pool(),
    ] {
        t += s.balance(&a, BASE_DENOM).unwrap();
    }
    t
}

pub fn bal(s: &MemState, a: &Address) -> u128 {
    s.balance(a, BASE_DENOM).unwrap()
}

/// Run `f` on a fork applied only on success (as the app runs a message), then check the
/// invariants and that no aopen was created or destroyed.
pub fn run<T>(
    s: &mut MemState,
    f: impl FnOnce(&mut StateDelta<&MemState>) -> Result<T, FinetuneError>,
) -> Result<T, FinetuneError> {
    let before = total(s);
    let (out, changes) = {
        let mut fork = StateDelta::new(&*s);
        match f(&mut fork) {
            Ok(v) => (v, fork.into_changes()),
            Err(e) => return Err(e),
        }
    };
    s.apply(changes);
    invariants::check(s).unwrap();
    assert_eq!(total(s), before, "aopen created or destroyed");
    Ok(out)
}

/// A message context at `height` signed by `signer`.
pub fn with_ctx<T>(height: u64, signer: Address, f: impl FnOnce(&MsgCtx) -> T) -> T {
    let b = block(height);
    let signers = [signer];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    f(&ctx)
}

pub fn run_end_block(s: &mut MemState, height: u64) {
    run(s, |f| end_block(f, &block(height), &keepers())).unwrap();
}

pub fn dref(datanet_id: u64, version: u64) -> DatanetVersionRef {
    DatanetVersionRef {
        datanet_id,
        version,
    }
}

pub fn hex_hash(b: u8) -> String {
    hex::encode([b; 32])
}

use openledger_finetune::{
    execute_accept_job, execute_cancel_job, execute_claim_job, execute_deliver_job,
    execute_dispute_job, execute_open_job, execute_register_provider, execute_settle_job,
    execute_unbond_provider, execute_update_provider, JobAct, Metric, MsgDeliverJob, MsgDisputeJob,
    MsgOpenJob, MsgRegisterProvider, MsgSettleJob, MsgUnbondProvider, MsgUpdateProvider,
    SettleOutcome,
};

pub fn register(s: &mut MemState, h: u64, who: Address, bond: u128) -> Result<(), FinetuneError> {
    let msg = MsgRegisterProvider {
        provider: who,
        endpoint: "https://gpu.example".into(),
        bond,
    };
    run(s, |f| {
        with_ctx(h, who, |c| execute_register_provider(f, c, &msg))
    })
}

pub fn update(s: &mut MemState, h: u64, who: Address, add: u128) -> Result<(), FinetuneError> {
    let msg = MsgUpdateProvider {
        provider: who,
        endpoint: "https://gpu2.example".into(),
        add_bond: add,
    };
    run(s, |f| {
        with_ctx(h, who, |c| execute_update_provider(f, c, &msg))
    })
}

pub fn unbond(s: &mut MemState, h: u64, who: Address) -> Result<u64, FinetuneError> {
    let msg = MsgUnbondProvider { provider: who };
    run(s, |f| {
        with_ctx(h, who, |c| execute_unbond_provider(f, c, &msg))
    })
}

pub fn open_msg(budget: u128, deadline: u64) -> MsgOpenJob {
    MsgOpenJob {
        creator: creator(),
        model_id: 1,
        base_model: "llama-3-8b".into(),
        datanet_versions: vec![dref(1, 1), dref(2, 1)],
        training_config_hash: hex_hash(0xc0),
        budget,
        deadline_height: deadline,
    }
}

pub fn open_with(s: &mut MemState, h: u64, msg: &MsgOpenJob) -> Result<(u64, u128), FinetuneError> {
    run(s, |f| {
        with_ctx(h, msg.creator, |c| execute_open_job(f, c, &keepers(), msg))
    })
}

pub fn open(s: &mut MemState, h: u64, deadline: u64) -> Result<u64, FinetuneError> {
    open_with(s, h, &open_msg(BUDGET, deadline)).map(|(id, _)| id)
}

pub fn cancel(s: &mut MemState, h: u64, who: Address, id: u64) -> Result<(), FinetuneError> {
    let msg = JobAct {
        signer: who,
        job_id: id,
    };
    run(s, |f| with_ctx(h, who, |c| execute_cancel_job(f, c, &msg)))
}

pub fn claim(s: &mut MemState, h: u64, who: Address, id: u64) -> Result<(), FinetuneError> {
    let msg = JobAct {
        signer: who,
        job_id: id,
    };
    run(s, |f| with_ctx(h, who, |c| execute_claim_job(f, c, &msg)))
}

pub fn deliver_msg(who: Address, id: u64, adapter: u8) -> MsgDeliverJob {
    MsgDeliverJob {
        provider: who,
        job_id: id,
        adapter_hash: hex_hash(adapter),
        training_log_hash: hex_hash(0x10),
        metrics: vec![Metric {
            name: "eval_accuracy_bps".into(),
            value: 8_750,
        }],
        rank: 16,
        size_bytes: 33_554_432,
        licence: "Apache-2.0".into(),
    }
}

pub fn deliver(
    s: &mut MemState,
    h: u64,
    who: Address,
    id: u64,
    adapter: u8,
) -> Result<(), FinetuneError> {
    let msg = deliver_msg(who, id, adapter);
    run(s, |f| {
        with_ctx(h, who, |c| execute_deliver_job(f, c, &keepers(), &msg))
    })
}

pub fn accept(s: &mut MemState, h: u64, who: Address, id: u64) -> Result<(), FinetuneError> {
    let msg = JobAct {
        signer: who,
        job_id: id,
    };
    run(s, |f| {
        with_ctx(h, who, |c| execute_accept_job(f, c, &keepers(), &msg))
    })
}

pub fn dispute(s: &mut MemState, h: u64, who: Address, id: u64) -> Result<(), FinetuneError> {
    let msg = MsgDisputeJob {
        creator: who,
        job_id: id,
        reason: "the adapter does not load".into(),
    };
    run(s, |f| with_ctx(h, who, |c| execute_dispute_job(f, c, &msg)))
}

pub fn settle_as(
    s: &mut MemState,
    h: u64,
    who: Address,
    id: u64,
    outcome: SettleOutcome,
) -> Result<(), FinetuneError> {
    let msg = MsgSettleJob {
        authority: who,
        job_id: id,
        outcome,
    };
    run(s, |f| {
        with_ctx(h, who, |c| execute_settle_job(f, c, &keepers(), &msg))
    })
}

pub fn settle(
    s: &mut MemState,
    h: u64,
    id: u64,
    outcome: SettleOutcome,
) -> Result<(), FinetuneError> {
    settle_as(s, h, gov(), id, outcome)
}
