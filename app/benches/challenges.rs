//! The cost of settling attribution challenges by vote extensions, for blocks with 0, 10 and
//! 100 OPEN challenges (100 is the default `max_open_challenges`). A chain of several
//! validators (6 by default, as in `app/tests/vote_extensions_settle_challenges.rs`) with a
//! deployed model whose datanet versions hold a small corpus of generated text; receipts are
//! recorded and challenged by real transactions, half of them with the engine's weights (the
//! challenge is UPHELD) and half with false weights (CORRECTED: the pool is re-split and the
//! operator slashed). For each N it prints p50 / p99 over several repetitions of:
//!
//! 1. ExtendVote: the node's extension for the N open challenges, from a pre-filled
//!    `ChallengeResults`;
//! 2. PrepareProposal with the extended last commit carrying every validator's N results
//!    (pruning with every signature checked, the injection, the settlement on the proposer's
//!    fork; empty mempool);
//! 3. ProcessProposal of that proposal (the injection check with every extension signature,
//!    then the block's execution), and the injection check alone;
//! 4. FinalizeBlock executing that block without a ProcessProposal to reuse (as on replay),
//!    up to the app hash, against the same block without the injection measured alternately
//!    in the same run (nothing committed: the state is the same for every repetition);
//! 5. the challenge runner's computation of one challenge (`Corpora::compute`: the plan read
//!    from state, the indexes opened and checked against the chain, the engine), index
//!    already built, with the plan alone and the engine alone (`openledger_engine::attribute`
//!    over indexes opened once);
//!
//! and the injected transaction's size. These repetitions run on one state (nothing is
//! committed between them), so the store's caches are warm.
//!
//! The whole is a cycle, run several times per N with a new operator each time: N challenges
//! opened, an empty block, the computations, then the settling block, committed and every
//! challenge checked settled. The empty block and the settling block are timed phase by phase
//! as a validator's node runs them: ProcessProposal (which executes the block), FinalizeBlock
//! (which reuses that execution and computes the app hash) and Commit (sled). Those are
//! single-shot figures, one per cycle.
//!
//! ProcessProposal and FinalizeBlock keep their result in the app until the next call or the
//! commit, and each call drops the one before. So every timed call of PrepareProposal,
//! ProcessProposal and FinalizeBlock is followed by untimed calls without injection
//! ([`QUIET`]): a timed call only drops a small result, as the baseline's calls do, and does
//! not run in the wake of freeing a large one (which costs the call right after it some
//! 0.2 ms at 100 challenges).
//!
//! Run: `cargo bench -p openledgerd --bench challenges`
//! Env: BENCH_OPEN="0,10,100", BENCH_VALIDATORS=6, BENCH_REPS=100, BENCH_CYCLES=5,
//! BENCH_DOCS=100 (documents per datanet, 1-4 KB each), BENCH_ENGINE_PASSES=5.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cosmos_sdk_proto::Any;
use openledger_app::abci::vote_extension as ve;
use openledger_app::app::{BlockInput, LastCommit};
use openledger_app::challenge_results::ChallengeResults;
use openledger_app::challenge_runner::{open_challenges, plan, ChallengeInput, Corpora};
use openledger_attribution::proto::{self as at, AttributionEntry};
use openledger_attribution::{AttributionRead, ChallengeStatus};
use openledger_content::Store;
use openledger_datanets::proto as dn;
use openledger_datanets::DatanetsRead;
use openledger_engine::{Corpus, Index};
use openledger_framework::{consensus_address, Coins, ConsAddress, VoteInfo};
use openledger_models::proto as md;
use openledger_testkit::ai::{deploy_model, Roles};
use openledger_testkit::{any, coin, consensus_key, genesis_with_validators, TestKey, TestNode};
use prost::Message;
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-bench-1";
const OPEN: u128 = 1_000_000_000_000_000_000;
/// Contributors of the generated documents.
const CONTRIBUTORS: usize = 8;
/// Messages per transaction (the default `max_msgs_per_tx` is 64; `max_tx_bytes` 64 KiB).
const RECORDS_PER_TX: usize = 50;
const CHALLENGES_PER_TX: usize = 20;
const DOCS_PER_TX: usize = 50;
/// Untimed calls with the block without injection after each timed ProcessProposal or
/// FinalizeBlock.
const QUIET: usize = 3;

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len().saturating_sub(1) * p) / 100]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// "p50 / p99" in milliseconds.
fn cell(samples: &mut [Duration]) -> String {
    samples.sort();
    format!("{:.3} / {:.3}", ms(pct(samples, 50)), ms(pct(samples, 99)))
}

/// Times `f` `reps` times after one untimed run.
fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    std::hint::black_box(f());
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect()
}

/// splitmix64: a reproducible stream for the generated text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// Text of words drawn with a skew towards the first ones (a rough Zipf law).
struct Words(Vec<String>);

impl Words {
    fn new(rng: &mut Rng, n: usize) -> Self {
        const SYLLABLES: [&str; 24] = [
            "ka", "lo", "mi", "ren", "tus", "va", "che", "dor", "pi", "sel", "an", "qu", "bri",
            "mon", "et", "ul", "sar", "fen", "io", "gra", "ne", "wo", "zi", "th",
        ];
        Words(
            (0..n)
                .map(|_| {
                    (0..rng.range(1, 4))
                        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                        .collect()
                })
                .collect(),
        )
    }

    fn text(&self, rng: &mut Rng, bytes: usize) -> String {
        let mut out = String::with_capacity(bytes + 64);
        while out.len() < bytes {
            for i in 0..rng.range(6, 18) {
                let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
                let w = &self.0[((self.0.len() as f64) * u * u * u) as usize];
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(w);
            }
            out.push_str(". ");
        }
        out
    }
}

fn entries(list: &[(u64, u32)]) -> Vec<AttributionEntry> {
    list.iter()
        .map(|&(contribution_id, weight_ppm)| AttributionEntry {
            contribution_id,
            weight_ppm,
        })
        .collect()
}

fn ok(node: &mut TestNode, key: &TestKey, msgs: Vec<Any>) -> Vec<Any> {
    let out = node.exec(key, msgs).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    out.msg_responses
}

/// FinalizeBlock's input for the next block: the last commit as CometBFT decided it.
fn decided_input(node: &TestNode) -> BlockInput {
    BlockInput {
        votes: node
            .last_commit_votes()
            .iter()
            .map(|v| VoteInfo {
                consensus_address: v.address,
                power: v.power,
                signed: v.signed,
            })
            .collect(),
        misbehavior: Vec::new(),
        last_commit: LastCommit::Decided(node.commit_info()),
        next_validators_hash: vec![0; 32],
    }
}

struct Chain {
    _dir: tempfile::TempDir,
    node: TestNode,
    keys: Keys,
    model_id: u64,
    corpora: Corpora,
    /// All documents of the corpus, to quote from.
    docs: Vec<Vec<u8>>,
    /// A contribution of the corpus no generated output quotes: the false receipts' weights.
    decoy: u64,
    words: Words,
    rng: Rng,
    request: u64,
    operators: usize,
}

/// Accounts: the validators, five roles, the contributors, then one operator per cycle.
struct Keys {
    validators: usize,
    all: Vec<TestKey>,
}

impl Keys {
    fn owner(&self) -> &TestKey {
        &self.all[self.validators]
    }
    fn creator(&self) -> &TestKey {
        &self.all[self.validators + 1]
    }
    fn governor(&self) -> &TestKey {
        &self.all[self.validators + 2]
    }
    fn user(&self) -> &TestKey {
        &self.all[self.validators + 3]
    }
    fn challenger(&self) -> &TestKey {
        &self.all[self.validators + 4]
    }
    fn contributors(&self) -> &[TestKey] {
        &self.all[self.validators + 5..self.validators + 5 + CONTRIBUTORS]
    }
    fn operator(&self, i: usize) -> &TestKey {
        &self.all[self.validators + 5 + CONTRIBUTORS + i]
    }
}

/// The chain: validators of equal power, a model deployed by the testkit's fixture, then a
/// second version of both datanets with `docs_per_datanet` generated documents each and a
/// second model version trained on them; a user with a deposit, the contents in a content
/// store. Room for `operators` operators.
fn chain(validators: usize, docs_per_datanet: usize, operators: usize) -> Chain {
    let keys = Keys {
        validators,
        all: (0..(validators + 5 + CONTRIBUTORS + operators) as u64)
            .map(TestKey::from_seed)
            .collect(),
    };
    let mut genesis =
        genesis_with_validators(&keys.all, 1_000_000 * OPEN, validators, 100 * OPEN).unwrap();
    let min_deposit = Coins::single("aopen", 10 * OPEN).unwrap();
    genesis
        .edit("gov", |g: &mut openledger_gov::GenesisState| {
            g.params.voting_period_secs = 10;
            g.params.max_deposit_period_secs = 10;
            g.params.min_deposit = min_deposit;
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.check_invariants = false;
    node.block(vec![]).unwrap();
    let fx = deploy_model(
        &mut node,
        &Roles {
            datanet_owner: keys.owner(),
            contributors: keys.contributors(),
            creator: keys.creator(),
            governor: keys.governor(),
        },
        2,
        (240_000_000_000_000_000, 200_000_000_000_000_000),
    )
    .unwrap();
    node.gas_limit = 40_000_000;

    // the fixture's own contents ("datanet <id> sample <j>"), then the generated documents
    let mut rng = Rng(0x0c0f_fee0);
    let words = Words::new(&mut rng, 3000);
    let mut docs: Vec<Vec<u8>> = Vec::new();
    for &d in &fx.datanets {
        for j in 0..2 {
            docs.push(format!("datanet {d} sample {j}").into_bytes());
        }
    }
    let decoy = fx.contributions[0].id;
    let owner = keys.owner().clone();
    for &d in &fx.datanets {
        let generated: Vec<Vec<u8>> = (0..docs_per_datanet)
            .map(|_| {
                let n = rng.range(1024, 4096);
                words.text(&mut rng, n).into_bytes()
            })
            .collect();
        let mut by_contributor: Vec<Vec<Any>> = vec![Vec::new(); CONTRIBUTORS];
        for (j, data) in generated.iter().enumerate() {
            let who = &keys.contributors()[j % CONTRIBUTORS];
            by_contributor[j % CONTRIBUTORS].push(any(&dn::MsgContribute {
                contributor: who.address.to_string(),
                datanet_id: d,
                content_hash: Sha256::digest(data).to_vec(),
                size_bytes: data.len() as u64,
                content_uri: String::new(),
                licence: String::new(),
                metadata: String::new(),
                salt: Vec::new(),
            }));
        }
        for (i, msgs) in by_contributor.into_iter().enumerate() {
            let who = keys.contributors()[i].clone();
            for chunk in msgs.chunks(DOCS_PER_TX) {
                ok(&mut node, &who, chunk.to_vec());
            }
        }
        let s = node.state();
        let curate: Vec<Any> = generated
            .iter()
            .map(|data| {
                let hash: [u8; 32] = Sha256::digest(data).into();
                any(&dn::MsgCurate {
                    curator: owner.address.to_string(),
                    contribution_id: s.contribution_by_hash(d, &hash).unwrap().unwrap(),
                    approve: true,
                    reason: dn::CurationReason::None as i32,
                    note: String::new(),
                })
            })
            .collect();
        for chunk in curate.chunks(DOCS_PER_TX) {
            ok(&mut node, &owner, chunk.to_vec());
        }
        ok(
            &mut node,
            &owner,
            vec![any(&dn::MsgPublishVersion {
                owner: owner.address.to_string(),
                datanet_id: d,
                note: "v2".into(),
            })],
        );
        docs.extend(generated);
    }
    let creator = keys.creator().clone();
    ok(
        &mut node,
        &creator,
        vec![any(&md::MsgPublishModelVersion {
            creator: creator.address.to_string(),
            model_id: fx.model_id,
            adapter_hash: "cc33".into(),
            base_model: String::new(),
            parent_version: 0,
            datanet_versions: fx
                .datanets
                .iter()
                .map(|&datanet_id| md::DatanetVersionRef {
                    datanet_id,
                    version: 2,
                })
                .collect(),
        })],
    );

    let user = keys.user().clone();
    ok(
        &mut node,
        &user,
        vec![any(&at::MsgDeposit {
            user: user.address.to_string(),
            amount: Some(coin(100_000 * OPEN)),
        })],
    );

    let store = Store::open(dir.path().join("content")).unwrap();
    for data in &docs {
        store.put(data).unwrap();
    }
    let corpora = Corpora::new(Arc::new(store), dir.path().join("index"), 1);
    Chain {
        _dir: dir,
        node,
        keys,
        model_id: fx.model_id,
        corpora,
        docs,
        decoy,
        words,
        rng,
        request: 0,
        operators: 0,
    }
}

impl Chain {
    fn input(&self, id: u64, output: &[u8]) -> ChallengeInput {
        ChallengeInput {
            id,
            model_id: self.model_id,
            model_version: 2,
            engine_params_id: 1,
            output: output.to_vec(),
        }
    }

    /// An answer of ~1.5-3 KB: novel text around one or two quoted passages of 150-400
    /// bytes from documents of the corpus.
    fn output(&mut self) -> Vec<u8> {
        self.request += 1;
        let mut out = format!("answer {}: ", self.request);
        let quotes = self.rng.range(1, 2);
        for _ in 0..quotes {
            let n = self.rng.range(300, 800);
            out.push_str(&self.words.text(&mut self.rng, n));
            // a generated document (the fixture's first four are 20 bytes)
            let doc = &self.docs[4 + self.rng.below(self.docs.len() - 4)];
            let len = self.rng.range(150, 400).min(doc.len());
            let start = self.rng.below(doc.len() - len + 1);
            out.push_str(std::str::from_utf8(&doc[start..start + len]).unwrap());
            out.push(' ');
        }
        let n = self.rng.range(200, 500);
        out.push_str(&self.words.text(&mut self.rng, n));
        out.into_bytes()
    }

    /// A newly registered operator with a grant of the user. Each correction slashes 10% of
    /// an operator's bond, and an operator bonded below `min_operator_bond` records nothing:
    /// every cycle has its own.
    fn new_operator(&mut self) -> TestKey {
        let operator = self.keys.operator(self.operators).clone();
        self.operators += 1;
        let user = self.keys.user().clone();
        ok(
            &mut self.node,
            &operator,
            vec![any(&at::MsgRegisterOperator {
                operator: operator.address.to_string(),
                bond: Some(coin(1_000 * OPEN)),
                endpoint: "https://inference.example/v1".into(),
                models: vec![self.model_id],
            })],
        );
        ok(
            &mut self.node,
            &user,
            vec![any(&at::MsgGrant {
                user: user.address.to_string(),
                operator: operator.address.to_string(),
                model_id: self.model_id,
                spend_limit: (10_000 * OPEN).to_string(),
            })],
        );
        operator
    }

    /// `n` receipts by a new operator, every other one with the engine's weights (upheld
    /// when challenged) and the others with the whole pool to the decoy (corrected), then a
    /// challenge of each. Returns the challenge ids.
    fn open(&mut self, n: usize) -> Vec<u64> {
        if n == 0 {
            return Vec::new();
        }
        let operator = self.new_operator();
        let user = self.keys.user().clone();
        let challenger = self.keys.challenger().clone();
        let outputs: Vec<Vec<u8>> = (0..n).map(|_| self.output()).collect();
        let state = self.node.state();
        let corpus = plan(&state, &self.input(0, b"")).unwrap();
        let mut records = Vec::new();
        for (i, output) in outputs.iter().enumerate() {
            let engine = self.corpora.run(&corpus, output, &mut Vec::new()).unwrap();
            assert!(!engine.is_empty(), "an output quoting the corpus");
            assert!(engine.iter().all(|e| e.contribution_id != self.decoy));
            let attribution = if i % 2 == 0 {
                engine
            } else {
                entries(&[(self.decoy, 1_000_000)])
            };
            records.push(any(&at::MsgRecordInference {
                operator: operator.address.to_string(),
                user: user.address.to_string(),
                model_id: self.model_id,
                model_version: 0,
                input_tokens: 1000,
                output_tokens: 2000,
                output_hash: Sha256::digest(output).to_vec(),
                prompt_hash: Sha256::digest(b"prompt").to_vec(),
                request_id: format!("req-{}-{i}", self.node.height),
                attribution,
                engine_version: 1,
                engine_params_id: 1,
                evidence_hash: vec![0xee; 32],
                adapter_hash: String::new(),
            }));
        }
        let mut receipts = Vec::new();
        for chunk in records.chunks(RECORDS_PER_TX) {
            for r in ok(&mut self.node, &operator, chunk.to_vec()) {
                receipts.push(
                    at::MsgRecordInferenceResponse::decode(r.value.as_slice())
                        .unwrap()
                        .receipt_id,
                );
            }
        }
        let challenges: Vec<Any> = receipts
            .iter()
            .zip(&outputs)
            .map(|(&receipt_id, output)| {
                any(&at::MsgChallengeReceipt {
                    challenger: challenger.address.to_string(),
                    receipt_id,
                    output: output.clone(),
                    bond: Some(coin(10 * OPEN)),
                })
            })
            .collect();
        let mut ids = Vec::new();
        for chunk in challenges.chunks(CHALLENGES_PER_TX) {
            for r in ok(&mut self.node, &challenger, chunk.to_vec()) {
                ids.push(
                    at::MsgChallengeReceiptResponse::decode(r.value.as_slice())
                        .unwrap()
                        .challenge_id,
                );
            }
        }
        ids
    }
}

/// The phases of one committed block.
#[derive(Default)]
struct Phases {
    process: Vec<Duration>,
    finalize: Vec<Duration>,
    commit: Vec<Duration>,
}

impl Phases {
    fn total(&self) -> Vec<Duration> {
        (0..self.commit.len())
            .map(|i| self.process[i] + self.finalize[i] + self.commit[i])
            .collect()
    }
}

/// The next block as [`TestNode::block`] runs it (ProcessProposal, then FinalizeBlock, which
/// reuses ProcessProposal's execution as a validator's node does and only computes the app
/// hash, then Commit), with each phase timed; then the driver's bookkeeping of
/// `TestNode::block` (height, time, validator sets; these blocks change no validator).
fn timed_block(node: &mut TestNode, txs: &[Vec<u8>], phases: &mut Phases) {
    let input = decided_input(node);
    let height = node.height + 1;
    let time = tendermint::Time::from_unix_timestamp(node.time + node.block_secs, 0).unwrap();
    let hash = Sha256::digest(height.to_be_bytes()).to_vec();
    let txs: Vec<bytes::Bytes> = txs.iter().cloned().map(Into::into).collect();
    let t = Instant::now();
    let accepted = node
        .app
        .process_proposal(&txs, hash.clone(), height, time, &input)
        .unwrap();
    phases.process.push(t.elapsed());
    assert!(accepted);
    let t = Instant::now();
    let done = node
        .app
        .finalize_block(&txs, hash, height, time, &input)
        .unwrap();
    phases.finalize.push(t.elapsed());
    let t = Instant::now();
    node.app.commit().unwrap();
    phases.commit.push(t.elapsed());
    assert!(done.validator_updates.is_empty());
    assert!(done.outcomes.iter().all(|o| o.result.is_ok()));
    node.height = height;
    node.time += node.block_secs;
    let next = node.sets[&(height + 1)].clone();
    node.sets.insert(height + 2, next);
    node.sets.retain(|h, _| *h + 1 >= height);
    node.last_events = done.events;
    node.last_updates = Vec::new();
}

/// The figures of one N.
struct Row {
    open: usize,
    cycles: usize,
    injected_bytes: usize,
    extend: Vec<Duration>,
    prepare: Vec<Duration>,
    process: Vec<Duration>,
    check: Vec<Duration>,
    finalize: Vec<Duration>,
    baseline: Vec<Duration>,
    engine: Vec<Duration>,
    plan: Vec<Duration>,
    attribute: Vec<Duration>,
    settling: Phases,
    empty: Phases,
    upheld: usize,
    corrected: usize,
}

/// `cycles` times: N challenges opened, an empty block, the runner's computations, the
/// settling block; the repeated measurements of ExtendVote, PrepareProposal,
/// ProcessProposal and FinalizeBlock in the first cycle, before its settling block.
fn measure(c: &mut Chain, n: usize, reps: usize, engine_passes: usize, cycles: usize) -> Row {
    let mut row = Row {
        open: n,
        cycles,
        injected_bytes: 0,
        extend: Vec::new(),
        prepare: Vec::new(),
        process: Vec::new(),
        check: Vec::new(),
        finalize: Vec::new(),
        baseline: Vec::new(),
        engine: Vec::new(),
        plan: Vec::new(),
        attribute: Vec::new(),
        settling: Phases::default(),
        empty: Phases::default(),
        upheld: 0,
        corrected: 0,
    };
    for cycle in 0..cycles {
        let ids = c.open(n);
        // an empty block with the N challenges open: the committed baseline
        timed_block(&mut c.node, &[], &mut row.empty);
        let state = c.node.state();
        let inputs = open_challenges(&state).unwrap();
        assert_eq!(
            inputs.iter().map(|i| i.id).collect::<Vec<_>>(),
            ids,
            "exactly the N new challenges are open"
        );

        // 5. the runner's computation of each challenge, the indexes on disk (built before);
        // its plan alone, and the engine alone over indexes opened once
        let results = ChallengeResults::new();
        let corpus = plan(&state, &c.input(0, b"")).unwrap();
        let indexes = Corpus::new(
            corpus
                .datanets
                .iter()
                .map(|d| Index::open(&c.corpora.index_dir(d.datanet_id, d.version)).unwrap())
                .collect(),
        );
        let passes = if cycle == 0 { engine_passes.max(1) } else { 1 };
        for pass in 0..passes {
            for input in &inputs {
                let t = Instant::now();
                let computed = c.corpora.compute(&state, input);
                row.engine.push(t.elapsed());
                assert!(computed.abstention.is_none(), "{:?}", computed.abstention);
                assert!(computed.indexes.iter().all(|i| !i.built));
                let t = Instant::now();
                std::hint::black_box(plan(&state, input).unwrap());
                row.plan.push(t.elapsed());
                let t = Instant::now();
                let a = openledger_engine::attribute(&indexes, &input.output, &corpus.params);
                row.attribute.push(t.elapsed());
                assert_eq!(a.entries.len(), computed.vote.entries.len());
                if pass == 0 {
                    results.insert(computed.vote);
                }
            }
        }

        // every validator votes the same results
        let extension = c.node.app.extend_vote(&results);
        assert_eq!(ve::check_extension(&extension).unwrap().votes.len(), n);
        let exts: BTreeMap<ConsAddress, Vec<u8>> = (0..c.keys.validators as u64)
            .map(|i| (consensus_address(&consensus_key(i)), extension.clone()))
            .collect();
        let commit = c.node.extended_commit(&exts);
        let txs = c
            .node
            .propose_with(vec![], commit.clone(), i64::MAX)
            .unwrap();
        assert_eq!(txs.len(), usize::from(n > 0));
        assert!(txs.iter().all(|t| ve::is_injection(t)));
        if cycle == 0 {
            row.injected_bytes = txs.first().map_or(0, |t| t.len());
            repeated(c, &mut row, &results, &commit, &txs, reps);
        }

        // the settling block, committed: every challenge settled
        timed_block(&mut c.node, &txs, &mut row.settling);
        let s = c.node.state();
        for id in &ids {
            match s.challenge(*id).unwrap().unwrap().status {
                ChallengeStatus::Upheld => row.upheld += 1,
                ChallengeStatus::Corrected => row.corrected += 1,
                other => panic!("challenge {id} is {other:?}"),
            }
        }
    }
    row
}

/// ExtendVote, PrepareProposal, ProcessProposal, the injection check and FinalizeBlock with
/// and without the injection, `reps` times each on the same state.
fn repeated(
    c: &mut Chain,
    row: &mut Row,
    results: &ChallengeResults,
    commit: &ve::ExtendedCommitInfo,
    txs: &[Vec<u8>],
    reps: usize,
) {
    // 1. ExtendVote
    row.extend = time(reps, || c.node.app.extend_vote(results));

    // 2. PrepareProposal
    let quiet_commit = c.node.extended_commit(&BTreeMap::new());
    for rep in 0..=reps {
        let t = Instant::now();
        let proposal = c
            .node
            .propose_with(vec![], commit.clone(), i64::MAX)
            .unwrap();
        drop(proposal);
        if rep > 0 {
            row.prepare.push(t.elapsed());
        }
        for _ in 0..QUIET {
            let quiet = c
                .node
                .propose_with(vec![], quiet_commit.clone(), i64::MAX)
                .unwrap();
            assert!(quiet.is_empty());
        }
    }

    // 3. ProcessProposal, and the injection check alone
    let height = c.node.height + 1;
    let proposed = c.node.commit_info();
    let block: Vec<bytes::Bytes> = txs.iter().cloned().map(Into::into).collect();
    for rep in 0..=reps {
        let t = Instant::now();
        assert!(c.node.process(txs, None).unwrap());
        if rep > 0 {
            row.process.push(t.elapsed());
        }
        for _ in 0..QUIET {
            assert!(c.node.process(&[], None).unwrap());
        }
    }
    row.check = time(reps, || {
        c.node
            .app
            .check_injection(&block, height, Some(&proposed))
            .unwrap()
            .unwrap()
    });

    // 4. FinalizeBlock with the settlement, and without the injection, alternately; a new
    // block hash every time, so no ProcessProposal result is reused
    let input = decided_input(&c.node);
    let block_time =
        tendermint::Time::from_unix_timestamp(c.node.time + c.node.block_secs, 0).unwrap();
    let mut hashes = 0u64;
    let mut finalize_once = |txs: &[bytes::Bytes]| {
        hashes += 1;
        let hash = Sha256::digest(format!("bench block {hashes}")).to_vec();
        let t = Instant::now();
        let done = c
            .node
            .app
            .finalize_block(txs, hash, height, block_time, &input)
            .unwrap();
        let took = t.elapsed();
        assert_eq!(done.outcomes.len(), txs.len());
        took
    };
    for rep in 0..=reps {
        for (txs, out) in [
            (&block[..], &mut row.finalize),
            (&[][..], &mut row.baseline),
        ] {
            let took = finalize_once(txs);
            if rep > 0 {
                out.push(took);
            }
            for _ in 0..QUIET {
                finalize_once(&[]);
            }
        }
    }
}

fn p50(samples: &mut [Duration]) -> f64 {
    samples.sort();
    ms(pct(samples, 50))
}

/// "p50 / max" in milliseconds.
fn p50_max(samples: &mut [Duration]) -> String {
    samples.sort();
    format!(
        "{:.3} / {:.3}",
        ms(pct(samples, 50)),
        ms(samples[samples.len() - 1])
    )
}

fn main() {
    let open_list = env_list("BENCH_OPEN", "0,10,100");
    let validators = env_num("BENCH_VALIDATORS", 6);
    let reps = env_num("BENCH_REPS", 100).max(1);
    let docs = env_num("BENCH_DOCS", 100).max(1);
    let engine_passes = env_num("BENCH_ENGINE_PASSES", 5);
    let cycles = env_num("BENCH_CYCLES", 5).max(1);

    let t = Instant::now();
    let mut c = chain(validators, docs, open_list.len() * cycles);
    let corpus_bytes: usize = c.docs.iter().map(Vec::len).sum();
    println!(
        "setup: {validators} validators, a model version over 2 datanet versions of {} documents ({} KB) in {:.1} s",
        c.docs.len(),
        corpus_bytes / 1000,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let state = c.node.state();
    let corpus = plan(&state, &c.input(0, b"")).unwrap();
    let mut used = Vec::new();
    c.corpora.run(&corpus, b"warm up", &mut used).unwrap();
    assert!(used.iter().all(|u| u.built));
    println!(
        "index build: {} indexes in {:.0} ms",
        used.len(),
        ms(t.elapsed())
    );

    let mut rows = Vec::new();
    for &n in &open_list {
        let t = Instant::now();
        let row = measure(&mut c, n, reps, engine_passes, cycles);
        println!(
            "N = {n}: {} cycles, {} upheld, {} corrected, in {:.1} s",
            row.cycles,
            row.upheld,
            row.corrected,
            t.elapsed().as_secs_f64()
        );
        rows.push(row);
    }

    println!();
    println!(
        "ms, p50 / p99 over {reps} repetitions on one state; settle = Finalize p50 - no injection p50"
    );
    println!(
        "{:>5} {:>9} {:>15} {:>15} {:>15} {:>15} {:>15} {:>15} {:>8}",
        "open",
        "inj bytes",
        "ExtendVote",
        "Prepare",
        "Process",
        "inj. check",
        "Finalize",
        "no injection",
        "settle"
    );
    for r in &mut rows {
        let settle = p50(&mut r.finalize) - p50(&mut r.baseline);
        println!(
            "{:>5} {:>9} {:>15} {:>15} {:>15} {:>15} {:>15} {:>15} {:>8.3}",
            r.open,
            r.injected_bytes,
            cell(&mut r.extend),
            cell(&mut r.prepare),
            cell(&mut r.process),
            cell(&mut r.check),
            cell(&mut r.finalize),
            cell(&mut r.baseline),
            settle
        );
    }

    println!();
    println!(
        "committed blocks, ms p50 (total: p50 / max) over {cycles} cycles: the settling block, and an empty block before it"
    );
    println!(
        "{:>5} {:>9} {:>9} {:>9} {:>17} {:>9} {:>9} {:>9} {:>15}",
        "open",
        "Process",
        "Finalize",
        "Commit",
        "total",
        "empty P",
        "empty F",
        "empty C",
        "empty total"
    );
    for r in &mut rows {
        let (mut st, mut et) = (r.settling.total(), r.empty.total());
        println!(
            "{:>5} {:>9.3} {:>9.3} {:>9.3} {:>17} {:>9.3} {:>9.3} {:>9.3} {:>15}",
            r.open,
            p50(&mut r.settling.process),
            p50(&mut r.settling.finalize),
            p50(&mut r.settling.commit),
            p50_max(&mut st),
            p50(&mut r.empty.process),
            p50(&mut r.empty.finalize),
            p50(&mut r.empty.commit),
            p50_max(&mut et),
        );
    }

    println!();
    println!(
        "the runner, per challenge, ms p50 / p99 ({engine_passes} passes over the N challenges of the first cycle, one of the others)"
    );
    println!(
        "{:>5} {:>17} {:>17} {:>17}",
        "open", "Corpora::compute", "plan alone", "engine alone"
    );
    for r in rows.iter_mut().filter(|r| r.open > 0) {
        println!(
            "{:>5} {:>17} {:>17} {:>17}",
            r.open,
            cell(&mut r.engine),
            cell(&mut r.plan),
            cell(&mut r.attribute)
        );
    }
}
