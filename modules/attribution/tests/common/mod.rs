//! Shared setup of the attribution tests: funded accounts, fake models, datanets and
//! distribution keepers, and a `run` wrapper that executes a message on a fork like the app
//! does (applied on success, dropped on failure), asserts that a refusal changed nothing and
//! checks every invariant after a success.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use openledger_attribution::{
    execute_challenge_receipt, execute_claim_rewards, execute_deposit, execute_grant,
    execute_record_inference, execute_register_operator, execute_revoke, execute_settle_challenge,
    execute_slash_operator, execute_unbond_operator, execute_update_operator,
    execute_update_params, execute_withdraw, gov_address, invariants, settle_challenge,
    AttributionEntry, AttributionError, AttributionRead, ChallengeStatus, ContributionView,
    DatanetsKeeper, DistributionKeeper, Keepers, ModelView, ModelsKeeper, MsgChallengeReceipt,
    MsgClaimRewards, MsgDeposit, MsgGrant, MsgRecordInference, MsgRegisterOperator, MsgRevoke,
    MsgSettleChallenge, MsgSlashOperator, MsgUnbondOperator, MsgUpdateOperator, MsgUpdateParams,
    MsgWithdraw, Params, RecordedInference, Time,
};
use openledger_bank::{Balance, BankRead, BankWrite};
use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, CallError, Changes, Coin, Coins, Dec, ModuleError, MsgCtx, StateDelta,
    StateRead, StateWrite, BASE_DENOM,
};
use sha2::{Digest, Sha256};

pub const OPEN: u128 = 1_000_000_000_000_000_000;
pub const FUNDS: u128 = 1_000_000 * OPEN;
pub const BOND: u128 = 100 * OPEN;
pub const START: i64 = 1_700_000_000;

/// Rates of model 1: 0.24 OPEN per 1000 input tokens, 0.2 OPEN per 1000 output tokens.
pub const RATE_IN: u128 = 240_000_000_000_000_000;
pub const RATE_OUT: u128 = 200_000_000_000_000_000;

pub fn addr(n: u8) -> Address {
    Address([n; 20])
}

pub fn gov() -> Address {
    gov_address()
}

pub fn module() -> Address {
    openledger_attribution::attribution_address()
}

pub fn fee_collector() -> Address {
    Address::module("fee_collector")
}

pub fn community_pool() -> Address {
    Address::module("distribution")
}

/// Operators, users and contributors used by the tests.
pub const OP: u8 = 1;
pub const OP2: u8 = 2;
pub const USER: u8 = 5;
pub const USER2: u8 = 6;
/// The creator of every fake model.
pub const CREATOR: u8 = 20;
/// Contributors of the fake contributions.
pub const ALICE: u8 = 31;
pub const BOB: u8 = 32;
pub const CAROL: u8 = 33;

/// Models: 1 deployed (versions 1 and 2, priced), 2 not deployed (priced), 3 deployed with
/// no pricing, 4 deployed (version 1, priced at 1 aopen per 1000 tokens).
pub struct FakeModels {
    pub models: BTreeMap<u64, ModelView>,
    pub versions: BTreeMap<(u64, u64), Vec<(u64, u64)>>,
    pub pricing: BTreeMap<u64, (u128, u128)>,
}

impl Default for FakeModels {
    fn default() -> Self {
        let view = |id, deployed, latest_version| ModelView {
            id,
            creator: addr(CREATOR),
            deployed,
            latest_version,
        };
        FakeModels {
            models: [
                (1, view(1, true, 2)),
                (2, view(2, false, 0)),
                (3, view(3, true, 1)),
                (4, view(4, true, 1)),
            ]
            .into_iter()
            .collect(),
            versions: [
                ((1, 1), vec![(1, 1), (2, 2)]),
                ((1, 2), vec![(1, 1), (1, 2), (2, 2)]),
                ((3, 1), vec![(1, 1)]),
                ((4, 1), vec![(1, 2), (2, 2), (3, 1)]),
            ]
            .into_iter()
            .collect(),
            pricing: [(1, (RATE_IN, RATE_OUT)), (2, (1, 1)), (4, (1, 1))]
                .into_iter()
                .collect(),
        }
    }
}

impl ModelsKeeper for FakeModels {
    fn model(&self, _state: &dyn StateRead, id: u64) -> Result<Option<ModelView>, CallError> {
        Ok(self.models.get(&id).cloned())
    }
    fn version_datanets(
        &self,
        _state: &dyn StateRead,
        id: u64,
        number: u64,
    ) -> Result<Option<Vec<(u64, u64)>>, CallError> {
        Ok(self.versions.get(&(id, number)).cloned())
    }
    fn pricing_at(
        &self,
        _state: &dyn StateRead,
        id: u64,
        _height: u64,
    ) -> Result<Option<(u128, u128)>, CallError> {
        Ok(self.pricing.get(&id).copied())
    }
}

/// Contributions:
/// * 11 (datanet 1, ALICE, seq 1), 12 (datanet 1, BOB, seq 2), 13 (datanet 2, CAROL, seq 1),
///   17 (datanet 1, ALICE, seq 3), 18 (datanet 2, ALICE, seq 2);
/// * 14 (datanet 1, BOB, seq 5): only in datanet 1 version 2 (count 6), not version 1 (3);
/// * 15 (datanet 1, CAROL): not approved; 16 (datanet 3, CAROL, seq 1): datanet 3 is only in
///   model 4.
///
/// Datanet version counts: (1,1) 3, (1,2) 6, (2,2) 4, (3,1) 1. Multipliers default to 1.
pub struct FakeDatanets {
    pub contributions: BTreeMap<u64, ContributionView>,
    pub counts: BTreeMap<(u64, u64), u64>,
    pub multipliers: BTreeMap<(u64, Address), Dec>,
}

impl Default for FakeDatanets {
    fn default() -> Self {
        let c = |id, datanet_id, who: u8, approved, approval_seq| {
            (
                id,
                ContributionView {
                    id,
                    datanet_id,
                    contributor: addr(who),
                    approved,
                    approval_seq,
                },
            )
        };
        FakeDatanets {
            contributions: [
                c(11, 1, ALICE, true, 1),
                c(12, 1, BOB, true, 2),
                c(13, 2, CAROL, true, 1),
                c(14, 1, BOB, true, 5),
                c(15, 1, CAROL, false, 0),
                c(16, 3, CAROL, true, 1),
                c(17, 1, ALICE, true, 3),
                c(18, 2, ALICE, true, 2),
            ]
            .into_iter()
            .collect(),
            counts: [((1, 1), 3), ((1, 2), 6), ((2, 2), 4), ((3, 1), 1)]
                .into_iter()
                .collect(),
            multipliers: BTreeMap::new(),
        }
    }
}

impl DatanetsKeeper for FakeDatanets {
    fn contribution(
        &self,
        _state: &dyn StateRead,
        id: u64,
    ) -> Result<Option<ContributionView>, CallError> {
        Ok(self.contributions.get(&id).cloned())
    }
    fn version_contribution_count(
        &self,
        _state: &dyn StateRead,
        datanet_id: u64,
        number: u64,
    ) -> Result<Option<u64>, CallError> {
        Ok(self.counts.get(&(datanet_id, number)).copied())
    }
    fn reward_multiplier(
        &self,
        _state: &dyn StateRead,
        datanet_id: u64,
        contributor: &Address,
    ) -> Result<Dec, CallError> {
        Ok(self
            .multipliers
            .get(&(datanet_id, *contributor))
            .copied()
            .unwrap_or(Dec::ONE))
    }
}

/// Moves funds with bank and records every call; `refuse` makes it refuse.
#[derive(Default)]
pub struct FakeDistribution {
    pub calls: RefCell<Vec<(&'static str, Address, u128)>>,
    pub refuse: Cell<bool>,
}

impl FakeDistribution {
    fn pay(
        &self,
        kind: &'static str,
        state: &mut dyn StateWrite,
        from: &Address,
        to: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        if self.refuse.get() {
            return Err(CallError::new("distribution", 9, "refused"));
        }
        let coins = Coins::single(BASE_DENOM, amount)
            .map_err(|e| CallError::new("sdk", 10, e.to_string()))?;
        state
            .send(from, to, &coins)
            .map_err(|e| CallError::from_module(&e))?;
        self.calls.borrow_mut().push((kind, *from, amount));
        Ok(())
    }
}

impl DistributionKeeper for FakeDistribution {
    fn fund_rewards(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        self.pay("rewards", state, from, &fee_collector(), amount)
    }
    fn fund_community_pool(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        self.pay("community", state, from, &community_pool(), amount)
    }
}

pub fn block(height: u64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height,
        time_unix_secs: START + i64::try_from(height).unwrap() * 5,
        time_nanos: 0,
    }
}

pub fn block_at(height: u64, time_unix_secs: i64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height,
        time_unix_secs,
        time_nanos: 0,
    }
}

/// Test params: the defaults (100 OPEN minimum bond, 0.01 OPEN platform fee, 70/10/20).
pub fn test_params() -> Params {
    Params::default()
}

/// Accounts 1..=9 hold FUNDS aopen (and 500 "bopen"); attribution has `params`.
pub fn fund_and_init(params: Params) -> MemState {
    let mut s = MemState::empty();
    openledger_bank::GenesisState {
        balances: (1..=9)
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
    openledger_attribution::GenesisState {
        params,
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    s
}

pub fn check_invariants(s: &MemState) {
    invariants::check(s).unwrap();
    openledger_bank::invariants::total_supply_matches_balances(s).unwrap();
}

pub fn code(e: &AttributionError) -> (&'static str, u32) {
    (e.codespace(), e.code())
}

pub struct Env {
    pub s: MemState,
    pub models: FakeModels,
    pub datanets: FakeDatanets,
    pub distr: FakeDistribution,
    pub height: u64,
    /// Seconds added to every block time (moved forward by `release_held`).
    pub offset: i64,
}

impl Env {
    pub fn new() -> Env {
        Env::with_params(test_params())
    }

    pub fn with_params(params: Params) -> Env {
        Env {
            s: fund_and_init(params),
            models: FakeModels::default(),
            datanets: FakeDatanets::default(),
            distr: FakeDistribution::default(),
            height: 10,
            offset: 0,
        }
    }

    /// Run `f` on a fork signed by `signer` at the current height, as the app does.
    pub fn run<T>(
        &mut self,
        signer: Address,
        f: impl FnOnce(&mut StateDelta<&MemState>, &MsgCtx, &Keepers) -> Result<T, AttributionError>,
    ) -> Result<T, AttributionError> {
        let b = self.block();
        let signers = [signer];
        let ctx = MsgCtx {
            block: &b,
            signers: &signers,
            msg_index: 0,
        };
        let keepers = Keepers {
            models: &self.models,
            datanets: &self.datanets,
            distribution: &self.distr,
        };
        let before: Changes = self.s.changes().clone();
        let (r, changes) = {
            let mut fork = StateDelta::new(&self.s);
            let r = f(&mut fork, &ctx, &keepers);
            (r, fork.into_changes())
        };
        match r {
            Ok(v) => {
                self.s.apply(changes);
                check_invariants(&self.s);
                Ok(v)
            }
            Err(e) => {
                assert_eq!(self.s.changes(), &before, "a refused message changed state");
                Err(e)
            }
        }
    }

    /// End the current block (on a fork applied on success) and move to the next height.
    pub fn end_block(&mut self) -> Result<(), AttributionError> {
        let b = self.block();
        let r = self.end_block_at(&b);
        self.height += 1;
        r
    }

    /// The current block: height `self.height`, time `START + 5 × height + offset`.
    pub fn block(&self) -> BlockCtx {
        let mut b = block(self.height);
        b.time_unix_secs += self.offset;
        b
    }

    /// Move block time one challenge window forward and end a block: every hold recorded
    /// before (and not held by an unsettled challenge) is due, and released if the block's
    /// release limit allows.
    pub fn release_held(&mut self) {
        let window = self.s.attribution_params().unwrap().challenge_window_secs;
        self.offset += i64::try_from(window).unwrap();
        self.end_block().unwrap();
    }

    pub fn end_block_at(&mut self, b: &BlockCtx) -> Result<(), AttributionError> {
        let keepers = Keepers {
            models: &self.models,
            datanets: &self.datanets,
            distribution: &self.distr,
        };
        let (r, changes) = {
            let mut fork = StateDelta::new(&self.s);
            let r = openledger_attribution::end_block(&mut fork, b, &keepers);
            (r, fork.into_changes())
        };
        if r.is_ok() {
            self.s.apply(changes);
            check_invariants(&self.s);
        }
        r
    }

    pub fn balance(&self, a: &Address) -> u128 {
        self.s.balance(a, BASE_DENOM).unwrap()
    }

    pub fn supply(&self) -> u128 {
        self.s.supply(BASE_DENOM).unwrap()
    }

    /// Events recorded so far with the given kind (full proto name).
    pub fn events(&self, kind: &str) -> Vec<&openledger_framework::Event> {
        self.s
            .changes()
            .events
            .iter()
            .filter(|e| e.kind == kind)
            .collect()
    }

    // ---- messages ----

    pub fn register_msg(&mut self, msg: &MsgRegisterOperator) -> Result<(), AttributionError> {
        self.run(msg.operator, |f, c, k| {
            execute_register_operator(f, c, msg, k)
        })
    }

    pub fn register(&mut self, op: u8, models: &[u64]) {
        self.register_msg(&register_msg(op, BOND, models)).unwrap()
    }

    pub fn update_msg(&mut self, msg: &MsgUpdateOperator) -> Result<(), AttributionError> {
        self.run(msg.operator, |f, c, k| {
            execute_update_operator(f, c, msg, k)
        })
    }

    pub fn unbond(&mut self, op: u8) -> Result<Time, AttributionError> {
        let msg = MsgUnbondOperator { operator: addr(op) };
        self.run(msg.operator, |f, c, _| execute_unbond_operator(f, c, &msg))
    }

    pub fn slash_as(
        &mut self,
        authority: Address,
        op: u8,
        fraction: Dec,
    ) -> Result<u128, AttributionError> {
        let msg = MsgSlashOperator {
            authority,
            operator: addr(op),
            fraction,
            reason: "served wrong outputs".into(),
        };
        self.run(authority, |f, c, _| execute_slash_operator(f, c, &msg))
    }

    pub fn deposit(&mut self, user: u8, amount: u128) -> Result<u128, AttributionError> {
        let msg = MsgDeposit {
            user: addr(user),
            amount,
        };
        self.run(msg.user, |f, c, _| execute_deposit(f, c, &msg))
    }

    pub fn withdraw(&mut self, user: u8, amount: u128) -> Result<u128, AttributionError> {
        let msg = MsgWithdraw {
            user: addr(user),
            amount,
        };
        self.run(msg.user, |f, c, _| execute_withdraw(f, c, &msg))
            .map(|(amount, _)| amount)
    }

    /// Move block time one withdrawal delay forward and end a block: every withdrawal and
    /// revocation requested before is due (and done, within the block's limit).
    pub fn pass_withdrawal_delay(&mut self) {
        let delay = self.s.attribution_params().unwrap().withdrawal_delay_secs;
        self.offset += i64::try_from(delay).unwrap();
        self.end_block().unwrap();
    }

    pub fn grant(
        &mut self,
        user: u8,
        op: u8,
        model_id: u64,
        spend_limit: u128,
    ) -> Result<(), AttributionError> {
        let msg = MsgGrant {
            user: addr(user),
            operator: addr(op),
            model_id,
            spend_limit,
        };
        self.run(msg.user, |f, c, _| execute_grant(f, c, &msg))
    }

    pub fn revoke(&mut self, user: u8, op: u8, model_id: u64) -> Result<(), AttributionError> {
        let msg = MsgRevoke {
            user: addr(user),
            operator: addr(op),
            model_id,
        };
        self.run(msg.user, |f, c, _| execute_revoke(f, c, &msg))
            .map(|_| ())
    }

    pub fn record(
        &mut self,
        msg: &MsgRecordInference,
    ) -> Result<RecordedInference, AttributionError> {
        self.run(msg.operator, |f, c, k| {
            execute_record_inference(f, c, msg, k)
        })
    }

    pub fn claim(&mut self, who: Address) -> Result<u128, AttributionError> {
        let msg = MsgClaimRewards { claimant: who };
        self.run(who, |f, c, _| execute_claim_rewards(f, c, &msg))
    }

    pub fn update_params_as(
        &mut self,
        authority: Address,
        params: Params,
    ) -> Result<(), AttributionError> {
        let msg = MsgUpdateParams { authority, params };
        self.run(authority, |f, c, _| execute_update_params(f, c, &msg))
    }

    pub fn challenge_msg(&mut self, msg: &MsgChallengeReceipt) -> Result<u64, AttributionError> {
        self.run(msg.challenger, |f, c, _| {
            execute_challenge_receipt(f, c, msg)
        })
    }

    /// `who` challenges receipt `receipt_id` with `OUTPUT` and a bond of `bond`.
    pub fn challenge(
        &mut self,
        who: u8,
        receipt_id: u64,
        bond: u128,
    ) -> Result<u64, AttributionError> {
        self.challenge_msg(&MsgChallengeReceipt {
            challenger: addr(who),
            receipt_id,
            output: OUTPUT.to_vec(),
            bond,
        })
    }

    /// The validators' settlement of a challenge, on a fork like `run` (a refusal must change
    /// nothing even without the fork: `settle_challenge` applies its own).
    pub fn settle(
        &mut self,
        id: u64,
        agreed: &[AttributionEntry],
        agreeing: u64,
        total: u64,
    ) -> Result<ChallengeStatus, AttributionError> {
        let b = self.block();
        let keepers = Keepers {
            models: &self.models,
            datanets: &self.datanets,
            distribution: &self.distr,
        };
        let before: Changes = self.s.changes().clone();
        let r = settle_challenge(&mut self.s, &b, &keepers, id, agreed, agreeing, total);
        match &r {
            Ok(_) => check_invariants(&self.s),
            Err(_) => assert_eq!(
                self.s.changes(),
                &before,
                "a refused settlement changed state"
            ),
        }
        r
    }

    pub fn gov_settle_as(
        &mut self,
        authority: Address,
        id: u64,
        entries: &[AttributionEntry],
    ) -> Result<ChallengeStatus, AttributionError> {
        let msg = MsgSettleChallenge {
            authority,
            challenge_id: id,
            entries: entries.to_vec(),
        };
        self.run(authority, |f, c, k| execute_settle_challenge(f, c, &msg, k))
    }

    /// Operator OP serving models 1, 3 and 4; USER deposits 1000 OPEN and grants OP 500 OPEN
    /// for any model.
    pub fn ready() -> Env {
        let mut env = Env::new();
        env.register(OP, &[1, 3, 4]);
        env.deposit(USER, 1000 * OPEN).unwrap();
        env.grant(USER, OP, 0, 500 * OPEN).unwrap();
        env
    }
}

impl Default for Env {
    fn default() -> Self {
        Env::new()
    }
}

pub fn register_msg(op: u8, bond: u128, models: &[u64]) -> MsgRegisterOperator {
    MsgRegisterOperator {
        operator: addr(op),
        bond,
        endpoint: "https://inference.example/v1".into(),
        models: models.to_vec(),
    }
}

pub fn entry(contribution_id: u64, weight_ppm: u32) -> AttributionEntry {
    AttributionEntry {
        contribution_id,
        weight_ppm,
    }
}

/// OP records 1000 input and 2000 output tokens of model 1 (latest version) for USER, 25% to
/// contribution 11 and 75% to contribution 13.
pub fn record_msg(request_id: &str) -> MsgRecordInference {
    MsgRecordInference {
        operator: addr(OP),
        user: addr(USER),
        model_id: 1,
        model_version: 0,
        input_tokens: 1000,
        output_tokens: 2000,
        output_hash: vec![0xab; 32],
        prompt_hash: vec![],
        request_id: request_id.into(),
        attribution: vec![entry(11, 250_000), entry(13, 750_000)],
        engine_version: 1,
        engine_params_id: 1,
        evidence_hash: vec![0xee; 32],
        adapter_hash: String::new(),
    }
}

/// The output of `record_with_output` receipts (what a challenge carries).
pub const OUTPUT: &[u8] = b"The quick brown fox jumps over the lazy dog, twice.";

pub fn sha256(b: &[u8]) -> Vec<u8> {
    Sha256::digest(b).to_vec()
}

/// `record_msg` for `OUTPUT`: its output hash is OUTPUT's sha256.
pub fn record_with_output(request_id: &str) -> MsgRecordInference {
    MsgRecordInference {
        output_hash: sha256(OUTPUT),
        ..record_msg(request_id)
    }
}

/// The token fee of `record_msg`: 0.24 + 0.4 = 0.64 OPEN.
pub const TOKEN_FEE: u128 = 640_000_000_000_000_000;

pub const EV_REGISTERED: &str = "openledger.attribution.v1.EventOperatorRegistered";
pub const EV_UPDATED: &str = "openledger.attribution.v1.EventOperatorUpdated";
pub const EV_UNBONDING: &str = "openledger.attribution.v1.EventOperatorUnbonding";
pub const EV_UNBONDED: &str = "openledger.attribution.v1.EventOperatorUnbonded";
pub const EV_SLASHED: &str = "openledger.attribution.v1.EventOperatorSlashed";
pub const EV_DEPOSIT: &str = "openledger.attribution.v1.EventDeposit";
pub const EV_WITHDRAW: &str = "openledger.attribution.v1.EventWithdraw";
pub const EV_GRANT: &str = "openledger.attribution.v1.EventGrant";
pub const EV_REVOKE: &str = "openledger.attribution.v1.EventRevoke";
pub const EV_RECORDED: &str = "openledger.attribution.v1.EventInferenceRecorded";
pub const EV_CLAIMED: &str = "openledger.attribution.v1.EventRewardsClaimed";
pub const EV_PARAMS: &str = "openledger.attribution.v1.EventParamsUpdated";
pub const EV_CHALLENGED: &str = "openledger.attribution.v1.EventReceiptChallenged";
pub const EV_SETTLED: &str = "openledger.attribution.v1.EventChallengeSettled";
pub const EV_RELEASED: &str = "openledger.attribution.v1.EventCreditsReleased";

/// Send `amount` aopen from `from` to `to` directly (test setup only).
pub fn transfer(s: &mut MemState, from: &Address, to: &Address, amount: u128) {
    s.send(from, to, &Coins::single(BASE_DENOM, amount).unwrap())
        .unwrap();
}
