//! Building blocks for tests and benchmarks: deterministic keys, signed transactions and an
//! in-process driver that plays CometBFT's part (PrepareProposal with vote extensions,
//! ProcessProposal, FinalizeBlock, Commit) against a real store. A crate of its own: the node never links it; the node's tests and
//! benchmarks use it as a dev-dependency.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use cosmos_sdk_proto::cosmos::bank::v1beta1::MsgSend;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as PbCoin;
use cosmos_sdk_proto::cosmos::crypto::secp256k1::PubKey;
use cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmos_sdk_proto::cosmos::tx::v1beta1::{
    mode_info, AuthInfo, Fee, ModeInfo, SignDoc, SignerInfo, TxBody, TxRaw,
};
use cosmos_sdk_proto::Any;
use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::{
    consensus_address, Address, Coins, ConsAddress, Event, Misbehavior, ValidatorUpdate, VoteInfo,
    BASE_DENOM,
};
use prost::{Message, Name};
use sha2::{Digest, Sha256};

use openledger_app::abci::vote_extension::{
    self as ve, BlockIdFlag, CommitInfo, ExtendedCommitInfo, ExtendedVoteInfo, Validator,
};
use openledger_app::app::{App, AppError, BlockInput, BlockParams, FinalizedBlock, LastCommit};
use openledger_app::genesis::AppGenesis;
use openledger_app::query::abci::QueryGateway;
use openledger_app::query::grpc::GrpcState;
use openledger_app::store::{Storage, StoreConfig};
use openledger_app::tx::execute::LocalPolicy;
use openledger_app::tx::TxOutcome;

pub mod ai;

/// A secp256k1 key derived from a number, for reproducible tests.
#[derive(Clone)]
pub struct TestKey {
    secret: secp256k1::SecretKey,
    pub pubkey: [u8; 33],
    pub address: Address,
}

impl TestKey {
    pub fn from_seed(seed: u64) -> Self {
        let mut bytes: [u8; 32] = Sha256::digest(seed.to_be_bytes()).into();
        let secret = loop {
            match secp256k1::SecretKey::from_slice(&bytes) {
                Ok(s) => break s,
                Err(_) => bytes = Sha256::digest(bytes).into(),
            }
        };
        let pubkey =
            secp256k1::PublicKey::from_secret_key(secp256k1::SECP256K1, &secret).serialize();
        TestKey {
            secret,
            pubkey,
            address: Address::from_secp256k1_pubkey(&pubkey),
        }
    }

    pub fn sign(&self, msg: &[u8]) -> Vec<u8> {
        let digest: [u8; 32] = Sha256::digest(msg).into();
        let m = secp256k1::Message::from_digest(digest);
        secp256k1::SECP256K1
            .sign_ecdsa(&m, &self.secret)
            .serialize_compact()
            .to_vec()
    }
}

pub fn coin(amount: u128) -> PbCoin {
    PbCoin {
        denom: BASE_DENOM.to_string(),
        amount: amount.to_string(),
    }
}

pub fn msg_send(from: &Address, to: &Address, amount: u128) -> Any {
    Any {
        type_url: MsgSend::type_url(),
        value: MsgSend {
            from_address: from.to_string(),
            to_address: to.to_string(),
            amount: vec![coin(amount)],
        }
        .encode_to_vec(),
    }
}

/// Everything that goes into one signed transaction.
#[derive(Clone)]
pub struct TxSpec {
    pub msgs: Vec<Any>,
    pub memo: String,
    pub gas_limit: u64,
    pub fee: u128,
    pub sequence: u64,
    pub account_number: u64,
    pub chain_id: String,
    pub timeout_height: u64,
}

impl TxSpec {
    pub fn new(chain_id: &str, msgs: Vec<Any>, account_number: u64, sequence: u64) -> Self {
        TxSpec {
            msgs,
            memo: String::new(),
            gas_limit: 200_000,
            fee: 200_000u128 * 1_000_000_000,
            sequence,
            account_number,
            chain_id: chain_id.to_string(),
            timeout_height: 0,
        }
    }

    /// Body and auth info bytes as a wallet would encode them.
    pub fn parts(&self, key: &TestKey) -> (Vec<u8>, Vec<u8>) {
        let body = TxBody {
            messages: self.msgs.clone(),
            memo: self.memo.clone(),
            timeout_height: self.timeout_height,
            ..Default::default()
        };
        let auth_info = AuthInfo {
            signer_infos: vec![SignerInfo {
                public_key: Some(Any {
                    type_url: PubKey::type_url(),
                    value: PubKey {
                        key: key.pubkey.to_vec(),
                    }
                    .encode_to_vec(),
                }),
                mode_info: Some(ModeInfo {
                    sum: Some(mode_info::Sum::Single(mode_info::Single {
                        mode: SignMode::Direct as i32,
                    })),
                }),
                sequence: self.sequence,
            }],
            fee: Some(Fee {
                amount: if self.fee == 0 {
                    vec![]
                } else {
                    vec![coin(self.fee)]
                },
                gas_limit: self.gas_limit,
                payer: String::new(),
                granter: String::new(),
            }),
            ..Default::default()
        };
        (body.encode_to_vec(), auth_info.encode_to_vec())
    }

    pub fn sign(&self, key: &TestKey) -> Vec<u8> {
        let (body_bytes, auth_info_bytes) = self.parts(key);
        let doc = SignDoc {
            body_bytes: body_bytes.clone(),
            auth_info_bytes: auth_info_bytes.clone(),
            chain_id: self.chain_id.clone(),
            account_number: self.account_number,
        };
        let sig = key.sign(&doc.encode_to_vec());
        TxRaw {
            body_bytes,
            auth_info_bytes,
            signatures: vec![sig],
        }
        .encode_to_vec()
    }
}

/// Genesis funding each key with `amount` aopen.
pub fn genesis_funding(keys: &[TestKey], amount: u128) -> AppGenesis {
    let bank = openledger_bank::GenesisState {
        balances: keys
            .iter()
            .map(|k| openledger_bank::Balance {
                address: k.address,
                coins: Coins::single(BASE_DENOM, amount).unwrap_or_default(),
            })
            .collect(),
        ..Default::default()
    };
    let mut g = AppGenesis::default();
    // "bank" names a module and its genesis serialises: this cannot fail.
    let _ = g.set_module("bank", &bank);
    g
}

/// Genesis funding each address with `amount` aopen, for large account counts: the genesis
/// needs addresses only, so a benchmark derives keys just for the accounts that sign.
pub fn genesis_funding_addresses(addresses: &[Address], amount: u128) -> AppGenesis {
    let coins = Coins::single(BASE_DENOM, amount).unwrap_or_default();
    let bank = openledger_bank::GenesisState {
        balances: addresses
            .iter()
            .map(|address| openledger_bank::Balance {
                address: *address,
                coins: coins.clone(),
            })
            .collect(),
        ..Default::default()
    };
    let mut g = AppGenesis::default();
    // "bank" names a module and its genesis serialises: this cannot fail.
    let _ = g.set_module("bank", &bank);
    g
}

/// The address of keyless account `i` (a hash: nobody can sign for it), to fund in bulk.
pub fn synthetic_address(i: u64) -> Address {
    let digest = Sha256::digest([b"synthetic account".as_slice(), &i.to_be_bytes()].concat());
    let mut bytes = [0u8; 20];
    bytes.copy_from_slice(&digest[..20]);
    Address(bytes)
}

/// A validator set as CometBFT holds it: ed25519 key -> power.
pub type ValidatorSet = BTreeMap<[u8; 32], i64>;

/// An in-process chain: the app over a real sled store, driven block by block. It plays
/// CometBFT's part for the validator set: updates returned at height H apply from H+2, and
/// each block carries the last commit of the set that signed the previous height.
pub struct TestNode {
    pub app: App,
    pub chain_id: String,
    pub height: u64,
    /// Block time in seconds since the epoch, advanced `block_secs` per block.
    pub time: i64,
    pub block_secs: i64,
    /// Gas limit of the transactions `sign` builds (fee: 1 gwei-aopen per gas).
    pub gas_limit: u64,
    /// Check the invariants after every committed block (off for benchmarks).
    pub check_invariants: bool,
    /// The validator set of each height still needed (the last two and the next).
    pub sets: BTreeMap<u64, ValidatorSet>,
    /// Validators whose votes are absent from the commits from now on.
    pub offline: BTreeSet<ConsAddress>,
    /// Evidence to put in the next block.
    pub evidence: Vec<Misbehavior>,
    /// Block events and validator updates of the last block.
    pub last_events: Vec<Event>,
    pub last_updates: Vec<ValidatorUpdate>,
    /// The consensus signing keys the driver knows (those of [`consensus_key`] seeds 0..64),
    /// by public key: they sign the vote extensions of the extended commits it builds.
    pub consensus_keys: BTreeMap<[u8; 32], ed25519_consensus::SigningKey>,
    /// The round of the last commits the driver builds.
    pub commit_round: i32,
    /// Every block run, when `Some` (set it to `Some(Vec::new())` to start recording).
    pub recorded: Option<Vec<RecordedBlock>>,
}

/// How many [`consensus_key`] seeds a [`TestNode`] knows the signing keys of.
pub const KNOWN_CONSENSUS_SEEDS: u64 = 64;

fn known_consensus_keys() -> BTreeMap<[u8; 32], ed25519_consensus::SigningKey> {
    (0..KNOWN_CONSENSUS_SEEDS)
        .map(|seed| {
            let k = consensus_signing_key(seed);
            (k.verification_key().to_bytes(), k)
        })
        .collect()
}

/// A block the driver proposed and committed.
#[derive(Debug, Clone)]
pub struct ProposedBlock {
    /// The block's txs: the injected commit first, if any, then those taken from the mempool.
    pub txs: Vec<Vec<u8>>,
    /// One per tx.
    pub outcomes: Vec<TxOutcome>,
    pub app_hash: [u8; 32],
}

/// One vote of a last commit as the driver builds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitVote {
    pub pubkey: [u8; 32],
    pub address: ConsAddress,
    pub power: i64,
    pub signed: bool,
}

fn apply_updates(set: &ValidatorSet, updates: &[ValidatorUpdate]) -> ValidatorSet {
    let mut next = set.clone();
    for u in updates {
        if u.power == 0 {
            next.remove(&u.ed25519_pubkey);
        } else {
            next.insert(u.ed25519_pubkey, u.power);
        }
    }
    next
}

impl TestNode {
    pub fn new(
        path: &std::path::Path,
        chain_id: &str,
        genesis: &AppGenesis,
    ) -> Result<Self, AppError> {
        TestNode::with_block_params(path, chain_id, genesis, BlockParams::default())
    }

    /// [`TestNode::new`] with the consensus params' block limits InitChain passes (e.g. a
    /// block gas limit).
    pub fn with_block_params(
        path: &std::path::Path,
        chain_id: &str,
        genesis: &AppGenesis,
        block: BlockParams,
    ) -> Result<Self, AppError> {
        let storage = Storage::open(path, StoreConfig { keep_recent: 0 })?;
        let mut app = App::new(storage, LocalPolicy::default())?;
        let bytes = serde_json::to_vec(genesis).map_err(|e| AppError::Protocol(e.to_string()))?;
        let (_, validators) = app.init_chain(chain_id, &bytes, 1, block)?;
        let set = apply_updates(&ValidatorSet::new(), &validators);
        let sets = BTreeMap::from([(1, set.clone()), (2, set)]);
        Ok(TestNode {
            app,
            chain_id: chain_id.to_string(),
            height: 0,
            time: 1_700_000_000,
            block_secs: 1,
            gas_limit: 1_000_000,
            check_invariants: true,
            sets,
            offline: BTreeSet::new(),
            evidence: Vec::new(),
            last_events: Vec::new(),
            last_updates: Vec::new(),
            consensus_keys: known_consensus_keys(),
            commit_round: 0,
            recorded: None,
        })
    }

    /// Reopen an existing store (after a restart).
    pub fn reopen(path: &std::path::Path, chain_id: &str) -> Result<Self, AppError> {
        let storage = open_when_unlocked(path)?;
        let app = App::new(storage, LocalPolicy::default())?;
        let height = app.info().0;
        let state = app.storage().latest_snapshot();
        let set = openledger_app::block::genesis_validators(&state)?;
        let set = apply_updates(&ValidatorSet::new(), &set);
        let sets = BTreeMap::from([
            (height, set.clone()),
            (height.saturating_add(1), set.clone()),
            (height.saturating_add(2), set),
        ]);
        Ok(TestNode {
            app,
            chain_id: chain_id.to_string(),
            height,
            time: 1_700_000_000 + height as i64,
            block_secs: 1,
            gas_limit: 1_000_000,
            check_invariants: true,
            sets,
            offline: BTreeSet::new(),
            evidence: Vec::new(),
            last_events: Vec::new(),
            last_updates: Vec::new(),
            consensus_keys: known_consensus_keys(),
            commit_round: 0,
            recorded: None,
        })
    }

    fn block_time(&self) -> tendermint::Time {
        tendermint::Time::from_unix_timestamp(self.time, 0)
            .unwrap_or_else(|_| tendermint::Time::unix_epoch())
    }

    /// The time of the block at `height` (after the current one).
    fn time_at(&self, height: u64) -> tendermint::Time {
        let blocks = i64::try_from(height.saturating_sub(self.height)).unwrap_or(0);
        tendermint::Time::from_unix_timestamp(self.time + blocks * self.block_secs, 0)
            .unwrap_or_else(|_| tendermint::Time::unix_epoch())
    }

    /// The votes of the next block's last commit, in CometBFT's order (power descending,
    /// then address): the set of the current height, offline validators absent. Empty for
    /// the first block.
    pub fn last_commit_votes(&self) -> Vec<CommitVote> {
        self.commit_votes_at(self.height)
    }

    /// The votes cast at `height` by its set, in CometBFT's order.
    fn commit_votes_at(&self, height: u64) -> Vec<CommitVote> {
        if height == 0 {
            return Vec::new();
        }
        let mut votes: Vec<CommitVote> = self
            .sets
            .get(&height)
            .map(|set| {
                set.iter()
                    .map(|(key, power)| {
                        let address = consensus_address(key);
                        CommitVote {
                            pubkey: *key,
                            address,
                            power: *power,
                            signed: !self.offline.contains(&address),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        votes.sort_by(|a, b| b.power.cmp(&a.power).then(a.address.cmp(&b.address)));
        votes
    }

    /// The next block's last commit as ProcessProposal and FinalizeBlock get it.
    pub fn commit_info(&self) -> CommitInfo {
        self.commit_info_at(self.height)
    }

    fn commit_info_at(&self, height: u64) -> CommitInfo {
        CommitInfo {
            round: self.commit_round,
            votes: self
                .commit_votes_at(height)
                .iter()
                .map(|v| ve::VoteInfo {
                    validator: Some(Validator {
                        address: v.address.to_vec().into(),
                        power: v.power,
                    }),
                    block_id_flag: flag(v.signed),
                })
                .collect(),
        }
    }

    /// Signs a vote extension for the next block's last commit (cast at the current height,
    /// in `commit_round`) with the consensus key of `pubkey`; `None` for an unknown key.
    pub fn sign_extension(&self, pubkey: &[u8; 32], extension: &[u8]) -> Option<Vec<u8>> {
        let key = self.consensus_keys.get(pubkey)?;
        let msg = ve::sign_bytes(
            extension,
            i64::try_from(self.height).unwrap_or(i64::MAX),
            i64::from(self.commit_round),
            &self.chain_id,
        );
        Some(key.sign(&msg).to_bytes().to_vec())
    }

    /// The extended last commit CometBFT would hand the next proposer: every signed vote is
    /// a COMMIT with its extension from `extensions` (by consensus address; empty when not
    /// given), signed by the validator's consensus key (an unknown key: no signature).
    pub fn extended_commit(
        &self,
        extensions: &BTreeMap<ConsAddress, Vec<u8>>,
    ) -> ExtendedCommitInfo {
        ExtendedCommitInfo {
            round: self.commit_round,
            votes: self
                .last_commit_votes()
                .iter()
                .map(|v| {
                    let (ext, sig) = match extensions.get(&v.address) {
                        Some(ext) if v.signed => {
                            let sig = self.sign_extension(&v.pubkey, ext).unwrap_or_default();
                            (ext.clone(), sig)
                        }
                        _ if v.signed => (
                            Vec::new(),
                            self.sign_extension(&v.pubkey, &[]).unwrap_or_default(),
                        ),
                        _ => (Vec::new(), Vec::new()),
                    };
                    ExtendedVoteInfo {
                        validator: Some(Validator {
                            address: v.address.to_vec().into(),
                            power: v.power,
                        }),
                        vote_extension: ext.into(),
                        extension_signature: sig.into(),
                        block_id_flag: flag(v.signed),
                    }
                })
                .collect(),
        }
    }

    /// The consensus input of the next block: the previous height's set with its signatures,
    /// and the pending evidence.
    fn next_input(&mut self) -> BlockInput {
        // Called once the height has moved to the block's: the commit is the one before.
        let mut input = self.input_at(self.height.saturating_sub(1));
        input.misbehavior = std::mem::take(&mut self.evidence);
        input
    }

    /// The input of the block after `commit_height`, without evidence.
    fn input_at(&self, commit_height: u64) -> BlockInput {
        BlockInput {
            votes: self
                .commit_votes_at(commit_height)
                .iter()
                .map(|v| VoteInfo {
                    consensus_address: v.address,
                    power: v.power,
                    signed: v.signed,
                })
                .collect(),
            misbehavior: Vec::new(),
            last_commit: LastCommit::Decided(self.commit_info_at(commit_height)),
            // a stand-in of the right length: the driver keeps no CometBFT validator set
            next_validators_hash: vec![0; 32],
        }
    }

    /// PrepareProposal for the next block, as its proposer: `mempool` txs, and the extended
    /// last commit carrying `extensions` (see [`TestNode::extended_commit`]). Returns the
    /// proposal's txs; nothing changes.
    pub fn propose(
        &self,
        mempool: Vec<Vec<u8>>,
        extensions: &BTreeMap<ConsAddress, Vec<u8>>,
    ) -> Result<Vec<Vec<u8>>, AppError> {
        self.propose_with(mempool, self.extended_commit(extensions), i64::MAX)
    }

    /// PrepareProposal for the next block with any extended last commit and `max_tx_bytes`.
    pub fn propose_with(
        &self,
        mempool: Vec<Vec<u8>>,
        local_last_commit: ExtendedCommitInfo,
        max_tx_bytes: i64,
    ) -> Result<Vec<Vec<u8>>, AppError> {
        let height = self.height + 1;
        let mut input = self.input_at(self.height);
        input.misbehavior = self.evidence.clone();
        input.last_commit = LastCommit::Extended(local_last_commit);
        let max = max_tx_bytes.min(BlockParams::default().max_bytes);
        let txs = self.app.prepare_proposal(
            mempool.into_iter().map(Into::into).collect(),
            max,
            height,
            self.time_at(height),
            &input,
        )?;
        Ok(txs.into_iter().map(|t| t.to_vec()).collect())
    }

    /// ProcessProposal of `txs` as the next block with this last commit (the driver's own
    /// when `None`), without going on: whether the validators would accept it.
    pub fn process(
        &mut self,
        txs: &[Vec<u8>],
        last_commit: Option<CommitInfo>,
    ) -> Result<bool, AppError> {
        let height = self.height + 1;
        let mut input = self.input_at(self.height);
        input.misbehavior = self.evidence.clone();
        if let Some(c) = last_commit {
            input.last_commit = LastCommit::Decided(c);
        }
        let txs: Vec<bytes::Bytes> = txs.iter().cloned().map(Into::into).collect();
        let hash: Vec<u8> = Sha256::digest(height.to_be_bytes()).to_vec();
        self.app
            .process_proposal(&txs, hash, height, self.time_at(height), &input)
    }

    /// A block proposed with vote extensions: [`TestNode::propose`], then ProcessProposal
    /// (which must accept), FinalizeBlock and Commit.
    pub fn block_with_extensions(
        &mut self,
        mempool: Vec<Vec<u8>>,
        extensions: &BTreeMap<ConsAddress, Vec<u8>>,
    ) -> Result<ProposedBlock, AppError> {
        let txs = self.propose(mempool, extensions)?;
        let (outcomes, app_hash) = self.block(txs.clone())?;
        Ok(ProposedBlock {
            txs,
            outcomes,
            app_hash,
        })
    }

    /// Record what FinalizeBlock returned and roll the validator sets forward.
    fn after_finalize(&mut self, done: &FinalizedBlock) {
        let next = self
            .sets
            .get(&(self.height + 1))
            .cloned()
            .unwrap_or_default();
        self.sets.insert(
            self.height + 2,
            apply_updates(&next, &done.validator_updates),
        );
        let keep_from = self.height.saturating_sub(1);
        self.sets.retain(|h, _| *h >= keep_from);
        self.last_events = done.events.clone();
        self.last_updates = done.validator_updates.clone();
    }

    /// The validator set CometBFT would use at `height` (known up to the next two heights).
    pub fn validator_set(&self, height: u64) -> Option<&ValidatorSet> {
        self.sets.get(&height)
    }

    /// ProcessProposal must accept; then FinalizeBlock and Commit. Returns the outcomes and
    /// the new app hash.
    pub fn block(&mut self, txs: Vec<Vec<u8>>) -> Result<(Vec<TxOutcome>, [u8; 32]), AppError> {
        self.height += 1;
        self.time += self.block_secs;
        let input = self.next_input();
        self.record(&txs, &input);
        let txs: Vec<bytes::Bytes> = txs.into_iter().map(Into::into).collect();
        let hash: Vec<u8> = Sha256::digest(self.height.to_be_bytes()).to_vec();
        let accepted = self.app.process_proposal(
            &txs,
            hash.clone(),
            self.height,
            self.block_time(),
            &input,
        )?;
        if !accepted {
            return Err(AppError::Protocol("proposal rejected".into()));
        }
        let done = self
            .app
            .finalize_block(&txs, hash, self.height, self.block_time(), &input)?;
        self.after_finalize(&done);
        self.app.commit()?;
        self.check()?;
        Ok((done.outcomes, done.app_hash))
    }

    /// Empty blocks until `height` is reached.
    pub fn advance_to(&mut self, height: u64) -> Result<(), AppError> {
        while self.height < height {
            self.block(Vec::new())?;
        }
        Ok(())
    }

    /// The invariants every committed state must satisfy.
    pub fn check(&self) -> Result<(), AppError> {
        if self.check_invariants {
            let s = self.app.storage().latest_snapshot();
            openledger_app::invariants::check_all(&s)
                .map_err(|e| AppError::Protocol(format!("invariant broken: {e}")))?;
        }
        Ok(())
    }

    /// FinalizeBlock and Commit without ProcessProposal (as a node replaying blocks does).
    pub fn finalize_and_commit(
        &mut self,
        txs: Vec<Vec<u8>>,
    ) -> Result<(Vec<TxOutcome>, [u8; 32]), AppError> {
        self.height += 1;
        self.time += self.block_secs;
        let input = self.next_input();
        self.record(&txs, &input);
        let txs: Vec<bytes::Bytes> = txs.into_iter().map(Into::into).collect();
        let hash: Vec<u8> = Sha256::digest(self.height.to_be_bytes()).to_vec();
        let done = self
            .app
            .finalize_block(&txs, hash, self.height, self.block_time(), &input)?;
        self.after_finalize(&done);
        self.app.commit()?;
        self.check()?;
        Ok((done.outcomes, done.app_hash))
    }

    fn record(&mut self, txs: &[Vec<u8>], input: &BlockInput) {
        if let Some(log) = &mut self.recorded {
            log.push(RecordedBlock {
                time: self.time,
                txs: txs.to_vec(),
                offline: self.offline.clone(),
                evidence: input.misbehavior.clone(),
            });
        }
    }

    /// Runs a recorded block again, at its time, with its absent validators and evidence:
    /// through ProcessProposal when `process`, else FinalizeBlock only (as CometBFT replays
    /// blocks on restart). Returns the app hash.
    pub fn replay(&mut self, block: &RecordedBlock, process: bool) -> Result<[u8; 32], AppError> {
        self.time = block.time - self.block_secs;
        self.offline = block.offline.clone();
        self.evidence = block.evidence.clone();
        let (_, hash) = if process {
            self.block(block.txs.clone())?
        } else {
            self.finalize_and_commit(block.txs.clone())?
        };
        Ok(hash)
    }
}

/// A block as a [`TestNode`] ran it, to run it again on another node.
#[derive(Debug, Clone)]
pub struct RecordedBlock {
    /// Block time, seconds since the epoch.
    pub time: i64,
    pub txs: Vec<Vec<u8>>,
    /// The validators absent from its last commit.
    pub offline: BTreeSet<ConsAddress>,
    pub evidence: Vec<Misbehavior>,
}

/// Account numbers that [`genesis_funding`] gives `keys`: genesis creates accounts in
/// address order.
pub fn genesis_account_numbers(keys: &[TestKey]) -> Vec<u64> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| keys[i].address);
    let mut numbers = vec![0u64; keys.len()];
    for (n, i) in order.into_iter().enumerate() {
        numbers[i] = n as u64;
    }
    numbers
}

/// Account numbers that [`genesis_funding_addresses`] gives `addresses` (address order).
pub fn genesis_address_account_numbers(addresses: &[Address]) -> Vec<u64> {
    let mut order: Vec<usize> = (0..addresses.len()).collect();
    order.sort_unstable_by_key(|&i| addresses[i]);
    let mut numbers = vec![0u64; addresses.len()];
    for (n, i) in order.into_iter().enumerate() {
        numbers[i] = n as u64;
    }
    numbers
}

/// Pack a protobuf message into an `Any`.
pub fn any<M: Message + Name>(m: &M) -> Any {
    Any {
        type_url: M::type_url(),
        value: m.encode_to_vec(),
    }
}

/// A reproducible ed25519 consensus public key (a real curve point, as CometBFT requires).
pub fn consensus_key(seed: u64) -> [u8; 32] {
    consensus_signing_key(seed).verification_key().to_bytes()
}

/// The signing key of [`consensus_key`]`(seed)`.
pub fn consensus_signing_key(seed: u64) -> ed25519_consensus::SigningKey {
    let secret: [u8; 32] = Sha256::digest(format!("consensus-{seed}").as_bytes()).into();
    ed25519_consensus::SigningKey::from(secret)
}

fn flag(signed: bool) -> i32 {
    if signed {
        BlockIdFlag::Commit as i32
    } else {
        BlockIdFlag::Absent as i32
    }
}

/// Genesis funding `keys`, with the first `validators` of them bonded as genesis validators
/// (`bond` aopen each, 10% commission).
pub fn genesis_with_validators(
    keys: &[TestKey],
    amount: u128,
    validators: usize,
    bond: u128,
) -> Result<AppGenesis, AppError> {
    let mut g = genesis_funding(keys, amount);
    for (i, k) in keys.iter().take(validators).enumerate() {
        g.add_validator(
            k.address,
            consensus_key(i as u64),
            bond,
            &format!("validator-{i}"),
            openledger_framework::Dec::percent(10),
        )?;
    }
    Ok(g)
}

impl TestNode {
    /// The node's gRPC state over its committed store, as `openledgerd` serves it, with a
    /// CometBFT client pointed at a loopback port nothing listens on: methods that need
    /// CometBFT answer UNAVAILABLE.
    pub fn offline_grpc_state(&self) -> Result<GrpcState, AppError> {
        let io = |e: std::io::Error| AppError::Protocol(e.to_string());
        let unused = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(io)?;
        let cometbft = tendermint_rpc::HttpClient::new(format!("http://{unused}").as_str())
            .map_err(|e| AppError::Protocol(e.to_string()))?;
        Ok(GrpcState {
            gateway: QueryGateway::new(self.app.storage().clone(), LocalPolicy::default()),
            cometbft,
        })
    }

    /// Sign `msgs` by `key` with its current account number and sequence (committed state).
    pub fn sign(&self, key: &TestKey, msgs: Vec<Any>) -> Result<Vec<u8>, AppError> {
        let s = self.app.storage().latest_snapshot();
        let acc = openledger_auth::AuthRead::account(&s, &key.address)
            .map_err(|e| AppError::Protocol(e.to_string()))?
            .ok_or_else(|| AppError::Protocol(format!("no account {}", key.address)))?;
        let mut spec = TxSpec::new(&self.chain_id, msgs, acc.account_number, acc.sequence);
        spec.gas_limit = self.gas_limit;
        spec.fee = u128::from(spec.gas_limit) * 1_000_000_000;
        Ok(spec.sign(key))
    }

    /// One block holding one transaction of `msgs` by `key`; its outcome.
    pub fn exec(&mut self, key: &TestKey, msgs: Vec<Any>) -> Result<TxOutcome, AppError> {
        let tx = self.sign(key, msgs)?;
        let (mut outcomes, _) = self.block(vec![tx])?;
        outcomes
            .pop()
            .ok_or_else(|| AppError::Protocol("no outcome".into()))
    }

    /// The latest committed state.
    pub fn state(&self) -> openledger_app::store::Snapshot {
        self.app.storage().latest_snapshot()
    }
}

/// Open the store at `path`, waiting while a store dropped just before still holds its file
/// lock: sled's background threads release it a moment after the last handle is dropped (a
/// process that dies releases it when it is gone).
fn open_when_unlocked(
    path: &std::path::Path,
) -> Result<Storage, openledger_app::store::StoreError> {
    let mut tries = 0;
    loop {
        match Storage::open(path, StoreConfig { keep_recent: 0 }) {
            Err(openledger_app::store::StoreError::Backend(e))
                if e.contains("could not acquire lock") && tries < 500 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}
