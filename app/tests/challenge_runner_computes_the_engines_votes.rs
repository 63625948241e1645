//! The node's challenge runner over real chain state: two datanets with approved contributions
//! and a deployed model, made by real transactions; the contents in a content store; the
//! runner's computation of a challenge gives
//!
//! * exactly the entries of `openledger_engine::attribute` over the model version's corpus
//!   (what `openledger attribute run` computes: the same documents, one index per datanet
//!   version), e.g. the whole weight to the one contribution an output quotes;
//! * the highest referenced version of a datanet as its part of the corpus;
//! * an abstention (`content_missing`) naming the contributions whose contents the store lacks,
//!   and the result once they arrive;
//! * an abstention for an engine version this build does not run;
//! * identical results twice, the indexes built once and reopened afterwards, an index that
//!   does not match the chain rebuilt;
//!
//! and the runner's rounds fill the shared `ChallengeResults`, forget closed challenges and
//! recompute abstentions after the configured rounds; a challenge of a real receipt, opened by
//! a real transaction, is computed by a round and by the running task.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use cosmos_sdk_proto::Any;
use openledger_app::challenge_results::ChallengeResults;
use openledger_app::challenge_runner::{
    plan, Abstention, ChallengeInput, ChallengeRunner, Computed, Corpora,
};
use openledger_attribution::proto as at;
use openledger_attribution::proto::ChallengeVote;
use openledger_attribution::AttributionRead;
use openledger_content::{Hash, Store};
use openledger_datanets::proto as dn;
use openledger_datanets::DatanetsRead;
use openledger_engine::{Corpus, Document, Index, Params};
use openledger_framework::{StateDelta, StateWrite};
use openledger_models::proto as md;
use openledger_models::ModelsRead;
use openledger_testkit::ai::{ai_genesis, deploy_model, AiFixture, Roles};
use openledger_testkit::{any, coin, TestKey, TestNode};
use prost::Message;
use sha2::{Digest, Sha256};

const CHAIN: &str = "openledger-test-1";
/// Contributions per datanet in the fixture ("datanet <id> sample <j>", 18 bytes each).
const PER_DATANET: usize = 3;
/// Shortest credited span: the fixture's contents are short.
const MIN_SPAN: u32 = 8;
const LATER: &[u8] = b"a later contribution, only in the second version of this collection";

const OPEN: u128 = 1_000_000_000_000_000_000;

// accounts: 0 validator (and user), 1 datanet owner, 2 creator, 3 governor, 4 operator,
// 5.. contributors (7 also challenges)
const USER: usize = 0;
const OWNER: usize = 1;
const CREATOR: usize = 2;
const GOVERNOR: usize = 3;
const OPERATOR: usize = 4;
const CHALLENGER: usize = 7;

struct World {
    dir: tempfile::TempDir,
    node: TestNode,
    keys: Vec<TestKey>,
    fx: AiFixture,
    /// `(contribution id, content)` of every approved contribution.
    contents: Vec<(u64, Vec<u8>)>,
}

fn ok(node: &mut TestNode, key: &TestKey, msgs: Vec<Any>) {
    let out = node.exec(key, msgs).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
}

fn world() -> World {
    let keys: Vec<TestKey> = (0..8).map(TestKey::from_seed).collect();
    let mut genesis = ai_genesis(&keys).unwrap();
    genesis
        .edit(
            "attribution",
            |g: &mut openledger_attribution::GenesisState| {
                g.params.engine.min_span = MIN_SPAN;
            },
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    node.block(vec![]).unwrap();
    let fx = deploy_model(
        &mut node,
        &Roles {
            datanet_owner: &keys[OWNER],
            contributors: &keys[5..],
            creator: &keys[CREATOR],
            governor: &keys[GOVERNOR],
        },
        PER_DATANET,
        (1, 1),
    )
    .unwrap();
    let s = node.state();
    let mut contents = Vec::new();
    for &d in &fx.datanets {
        for j in 0..PER_DATANET {
            let data = format!("datanet {d} sample {j}").into_bytes();
            let hash: [u8; 32] = Sha256::digest(&data).into();
            let id = s.contribution_by_hash(d, &hash).unwrap().unwrap();
            contents.push((id, data));
        }
    }
    assert_eq!(contents.len(), fx.contributions.len());
    World {
        dir,
        node,
        keys,
        fx,
        contents,
    }
}

impl World {
    fn home(&self) -> &Path {
        self.dir.path()
    }

    fn content(&self, id: u64) -> &[u8] {
        &self.contents.iter().find(|(i, _)| *i == id).unwrap().1
    }

    /// The contribution with content "datanet <datanet index d> sample <j>".
    fn sample(&self, d: usize, j: usize) -> u64 {
        let data = format!("datanet {} sample {j}", self.fx.datanets[d]);
        self.contents
            .iter()
            .find(|(_, c)| c == data.as_bytes())
            .unwrap()
            .0
    }

    /// A content store in the home holding the contents of every contribution but `except`.
    fn store(&self, except: &[u64]) -> Arc<Store> {
        let store = Store::open(self.home().join("content")).unwrap();
        for (id, data) in &self.contents {
            if !except.contains(id) {
                store.put(data).unwrap();
            }
        }
        Arc::new(store)
    }

    fn corpora(&self, store: Arc<Store>) -> Corpora {
        Corpora::new(store, self.home().join("index"), 1)
    }

    fn challenge(&self, id: u64, model_version: u64, output: &[u8]) -> ChallengeInput {
        ChallengeInput {
            id,
            model_id: self.fx.model_id,
            model_version,
            engine_params_id: 1,
            output: output.to_vec(),
        }
    }

    /// A second datanet version of the first datanet with LATER approved, and a second model
    /// version naming both versions of the first datanet and version 1 of the second.
    fn publish_second_versions(&mut self) -> u64 {
        let (owner, creator, who) = (
            self.keys[OWNER].clone(),
            self.keys[CREATOR].clone(),
            self.keys[6].clone(),
        );
        let d0 = self.fx.datanets[0];
        let id = self.node.state().next_contribution_id().unwrap();
        ok(
            &mut self.node,
            &who,
            vec![any(&dn::MsgContribute {
                contributor: who.address.to_string(),
                datanet_id: d0,
                content_hash: Sha256::digest(LATER).to_vec(),
                size_bytes: LATER.len() as u64,
                content_uri: String::new(),
                licence: String::new(),
                metadata: String::new(),
                salt: Vec::new(),
            })],
        );
        ok(
            &mut self.node,
            &owner,
            vec![
                any(&dn::MsgCurate {
                    curator: owner.address.to_string(),
                    contribution_id: id,
                    approve: true,
                    reason: dn::CurationReason::None as i32,
                    note: String::new(),
                }),
                any(&dn::MsgPublishVersion {
                    owner: owner.address.to_string(),
                    datanet_id: d0,
                    note: "v2".into(),
                }),
            ],
        );
        let refs = [(d0, 1), (self.fx.datanets[1], 1), (d0, 2)];
        ok(
            &mut self.node,
            &creator,
            vec![any(&md::MsgPublishModelVersion {
                creator: creator.address.to_string(),
                model_id: self.fx.model_id,
                adapter_hash: "cc33".into(),
                base_model: String::new(),
                parent_version: 0,
                datanet_versions: refs
                    .iter()
                    .map(|&(datanet_id, version)| md::DatanetVersionRef {
                        datanet_id,
                        version,
                    })
                    .collect(),
            })],
        );
        self.contents.push((id, LATER.to_vec()));
        id
    }

    /// The operator records an inference of `output` with `attribution` and the challenger
    /// challenges it; the challenge's id.
    fn challenged_receipt(&mut self, output: &[u8], attribution: &[(u64, u32)]) -> u64 {
        let (operator, user, challenger) = (
            self.keys[OPERATOR].clone(),
            self.keys[USER].clone(),
            self.keys[CHALLENGER].clone(),
        );
        let model_id = self.fx.model_id;
        ok(
            &mut self.node,
            &operator,
            vec![any(&at::MsgRegisterOperator {
                operator: operator.address.to_string(),
                bond: Some(coin(100 * OPEN)),
                endpoint: "https://inference.example/v1".into(),
                models: vec![model_id],
            })],
        );
        ok(
            &mut self.node,
            &user,
            vec![
                any(&at::MsgDeposit {
                    user: user.address.to_string(),
                    amount: Some(coin(10 * OPEN)),
                }),
                any(&at::MsgGrant {
                    user: user.address.to_string(),
                    operator: operator.address.to_string(),
                    model_id,
                    spend_limit: (5 * OPEN).to_string(),
                }),
            ],
        );
        let receipt_id = self.node.state().next_receipt_id().unwrap();
        ok(
            &mut self.node,
            &operator,
            vec![any(&at::MsgRecordInference {
                operator: operator.address.to_string(),
                user: user.address.to_string(),
                model_id,
                model_version: 0,
                input_tokens: 10,
                output_tokens: 20,
                output_hash: Sha256::digest(output).to_vec(),
                prompt_hash: Sha256::digest(b"prompt").to_vec(),
                request_id: "req-1".into(),
                attribution: attribution
                    .iter()
                    .map(|&(contribution_id, weight_ppm)| at::AttributionEntry {
                        contribution_id,
                        weight_ppm,
                    })
                    .collect(),
                engine_version: 1,
                engine_params_id: 1,
                evidence_hash: vec![0xee; 32],
                adapter_hash: String::new(),
            })],
        );
        let challenge_id = self.node.state().next_challenge_id().unwrap();
        ok(
            &mut self.node,
            &challenger,
            vec![any(&at::MsgChallengeReceipt {
                challenger: challenger.address.to_string(),
                receipt_id,
                output: output.to_vec(),
                bond: Some(coin(10 * OPEN)),
            })],
        );
        challenge_id
    }

    /// `openledger_engine::attribute` run directly, as `openledger attribute run` does: the
    /// model version's datanet versions (the highest of each datanet), their approved
    /// contributions up to the version's count with the chain's approval height and sequence,
    /// one index each. Entries `(contribution id, weight ppm)` by contribution id.
    fn engine_entries(&self, model_version: u64, output: &[u8]) -> Vec<(u64, u32)> {
        let s = self.node.state();
        let v = s
            .model_version(self.fx.model_id, model_version)
            .unwrap()
            .unwrap();
        let mut highest = std::collections::BTreeMap::new();
        for r in &v.datanet_versions {
            let h = highest.entry(r.datanet_id).or_insert(0);
            *h = (*h).max(r.version);
        }
        let dir = tempfile::tempdir().unwrap();
        let mut indexes = Vec::new();
        for (&datanet_id, &version) in &highest {
            let count = s
                .version(datanet_id, version)
                .unwrap()
                .unwrap()
                .contribution_count;
            let docs: Vec<Document> = self
                .contents
                .iter()
                .map(|(id, data)| (s.contribution(*id).unwrap().unwrap(), data))
                .filter(|(c, _)| {
                    c.datanet_id == datanet_id && c.approval_seq >= 1 && c.approval_seq <= count
                })
                .map(|(c, data)| Document {
                    contribution_id: c.id,
                    datanet_id,
                    approval_height: c.curation.as_ref().unwrap().height,
                    approval_seq: c.approval_seq,
                    content: data.clone(),
                })
                .collect();
            assert_eq!(docs.len() as u64, count);
            let path = dir.path().join(format!("{datanet_id}-{version}"));
            indexes.push(Index::build(&path, datanet_id, version, docs, 1).unwrap());
        }
        let params = Params {
            min_span: MIN_SPAN,
            max_entries: 256,
        };
        let mut entries: Vec<(u64, u32)> =
            openledger_engine::attribute(&Corpus::new(indexes), output, &params)
                .entries
                .iter()
                .map(|e| (e.contribution_id, e.weight_ppm))
                .collect();
        entries.sort_unstable();
        entries
    }
}

fn entries(c: &Computed) -> Vec<(u64, u32)> {
    c.vote
        .entries
        .iter()
        .map(|e| (e.contribution_id, e.weight_ppm))
        .collect()
}

fn built(c: &Computed) -> Vec<bool> {
    c.indexes.iter().map(|i| i.built).collect()
}

#[test]
fn an_output_quoting_one_contribution_gets_the_engines_weights() {
    let w = world();
    let corpora = w.corpora(w.store(&[]));
    let quoted = w.sample(1, 2);
    let output = format!(
        "As the record says: {}. Nothing else.",
        String::from_utf8_lossy(w.content(quoted))
    );
    let c = corpora.compute(&w.node.state(), &w.challenge(7, 1, output.as_bytes()));
    assert_eq!(c.abstention, None);
    assert!(!c.vote.content_missing);
    assert_eq!(c.vote.challenge_id, 7);
    assert_eq!(entries(&c), vec![(quoted, 1_000_000)]);
    assert_eq!(entries(&c), w.engine_entries(1, output.as_bytes()));
    assert_eq!(built(&c), vec![true, true]);
    assert_eq!(
        c.indexes.iter().map(|i| i.documents).collect::<Vec<_>>(),
        vec![PER_DATANET, PER_DATANET]
    );

    // quotes from both datanets, a Unicode detour and text found nowhere
    let (a, b) = (w.sample(0, 1), w.sample(1, 0));
    let output = format!(
        "{} — ünïcödé — {}, and {} again",
        String::from_utf8_lossy(w.content(a)),
        String::from_utf8_lossy(w.content(b)),
        String::from_utf8_lossy(&w.content(a)[..12]),
    );
    let c = corpora.compute(&w.node.state(), &w.challenge(8, 1, output.as_bytes()));
    let expected = w.engine_entries(1, output.as_bytes());
    assert_eq!(entries(&c), expected);
    assert!(expected.iter().any(|e| e.0 == a) && expected.iter().any(|e| e.0 == b));
    assert_eq!(
        expected.iter().map(|e| u64::from(e.1)).sum::<u64>(),
        1_000_000
    );
    // the indexes of the first computation are reused
    assert_eq!(built(&c), vec![false, false]);

    // an output the corpus does not contain: no entries, not an abstention
    let c = corpora.compute(
        &w.node.state(),
        &w.challenge(9, 1, b"zzzzzzzzzzzzzzzzzzzzzzzz"),
    );
    assert_eq!(c.abstention, None);
    assert!(c.vote.entries.is_empty() && !c.vote.content_missing);
}

#[test]
fn the_highest_referenced_datanet_version_is_the_corpus() {
    let mut w = world();
    let later = w.publish_second_versions();
    let s = w.node.state();
    assert_eq!(s.model(w.fx.model_id).unwrap().unwrap().latest_version, 2);

    let output = [LATER, b" / ".as_slice(), w.content(w.sample(0, 0))].concat();
    let p = plan(&s, &w.challenge(1, 2, &output)).unwrap();
    assert_eq!(
        p.datanets
            .iter()
            .map(|d| (d.datanet_id, d.version, d.contributions.len()))
            .collect::<Vec<_>>(),
        vec![
            (w.fx.datanets[0], 2, PER_DATANET + 1),
            (w.fx.datanets[1], 1, PER_DATANET)
        ]
    );
    assert_eq!(p.datanets[0].contributions.last().unwrap().id, later);
    assert_eq!(p.params.min_span, MIN_SPAN);
    assert_eq!(p.params.max_entries, 256);

    let corpora = w.corpora(w.store(&[]));
    let c = corpora.compute(&s, &w.challenge(1, 2, &output));
    assert_eq!(entries(&c), w.engine_entries(2, &output));
    assert!(entries(&c).iter().any(|e| e.0 == later));
    // version 1 of the model does not know the later contribution
    let c1 = corpora.compute(&s, &w.challenge(2, 1, &output));
    assert_eq!(entries(&c1), w.engine_entries(1, &output));
    assert!(!entries(&c1).iter().any(|e| e.0 == later));
    assert_eq!(entries(&c1), vec![(w.sample(0, 0), 1_000_000)]);
}

#[test]
fn missing_contents_give_an_abstention_until_they_arrive() {
    let w = world();
    let (gone, also_gone) = (w.sample(0, 2), w.sample(1, 1));
    let store = w.store(&[gone, also_gone]);
    let corpora = w.corpora(store.clone());
    let output = w.content(w.sample(0, 0)).to_vec();
    let c = corpora.compute(&w.node.state(), &w.challenge(3, 1, &output));
    assert_eq!(
        c.vote,
        ChallengeVote {
            challenge_id: 3,
            content_missing: true,
            entries: Vec::new(),
        }
    );
    let mut both = vec![gone, also_gone];
    both.sort_unstable();
    assert_eq!(c.abstention, Some(Abstention::ContentMissing(both)));
    // nothing was built from a partial corpus
    assert!(c.indexes.is_empty());
    assert!(!corpora.index_dir(w.fx.datanets[0], 1).exists());
    assert!(!corpora.index_dir(w.fx.datanets[1], 1).exists());

    // a corrupted file counts as missing (the store quarantines it)
    store.put(w.content(gone)).unwrap();
    store.put(w.content(also_gone)).unwrap();
    let path = store.path_of(&Hash::of(w.content(gone)));
    let mut bad = w.content(gone).to_vec();
    bad[0] ^= 1;
    std::fs::write(&path, &bad).unwrap();
    let c = corpora.compute(&w.node.state(), &w.challenge(3, 1, &output));
    assert_eq!(c.abstention, Some(Abstention::ContentMissing(vec![gone])));
    // the other datanet's index could be built meanwhile
    assert_eq!(
        c.indexes
            .iter()
            .map(|i| (i.datanet_id, i.built))
            .collect::<Vec<_>>(),
        vec![(w.fx.datanets[1], true)]
    );

    store.put(w.content(gone)).unwrap();
    let c = corpora.compute(&w.node.state(), &w.challenge(3, 1, &output));
    assert_eq!(c.abstention, None);
    assert_eq!(entries(&c), vec![(w.sample(0, 0), 1_000_000)]);
    assert_eq!(entries(&c), w.engine_entries(1, &output));
    assert_eq!(built(&c), vec![true, false]);
}

#[test]
fn two_computations_agree_and_reuse_the_indexes() {
    let w = world();
    let corpora = w.corpora(w.store(&[]));
    let output = format!(
        "{} {}",
        String::from_utf8_lossy(w.content(w.sample(0, 1))),
        String::from_utf8_lossy(w.content(w.sample(1, 2)))
    );
    let challenge = w.challenge(5, 1, output.as_bytes());
    let first = corpora.compute(&w.node.state(), &challenge);
    assert_eq!(built(&first), vec![true, true]);
    let meta = corpora.index_dir(w.fx.datanets[0], 1).join("meta.bin");
    let written = std::fs::metadata(&meta).unwrap().modified().unwrap();

    let second = corpora.compute(&w.node.state(), &challenge);
    assert_eq!(second.vote, first.vote);
    assert_eq!(built(&second), vec![false, false]);
    assert_eq!(
        std::fs::metadata(&meta).unwrap().modified().unwrap(),
        written
    );
    // a runner restarted over the same directories reuses them too, without the contents
    let empty = Arc::new(Store::open(w.home().join("empty-content")).unwrap());
    let restarted = Corpora::new(empty, w.home().join("index"), 0);
    let third = restarted.compute(&w.node.state(), &challenge);
    assert_eq!(third.vote, first.vote);
    assert_eq!(built(&third), vec![false, false]);
    assert_eq!(entries(&first), w.engine_entries(1, output.as_bytes()));
}

#[test]
fn an_index_that_does_not_match_the_chain_is_rebuilt() {
    let w = world();
    let corpora = w.corpora(w.store(&[]));
    let d0 = w.fx.datanets[0];
    // an index of another chain's datanet d0 version 1 in the way (one document, id 1)
    let dir = corpora.index_dir(d0, 1);
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    Index::build(
        &dir,
        d0,
        1,
        vec![Document {
            contribution_id: 1,
            datanet_id: d0,
            approval_height: 1,
            approval_seq: 1,
            content: b"someone else's unrelated words".to_vec(),
        }],
        1,
    )
    .unwrap();
    // and an unfinished build left behind by a stopped node
    let stale = dir.parent().unwrap().join(".1.tmp-999999-0");
    std::fs::create_dir_all(&stale).unwrap();
    // and garbage where the other datanet's index should be
    let other = corpora.index_dir(w.fx.datanets[1], 1);
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("meta.bin"), b"not an index").unwrap();

    let output = format!(
        "{} and someone else's unrelated words",
        String::from_utf8_lossy(w.content(w.sample(0, 0)))
    );
    let c = corpora.compute(&w.node.state(), &w.challenge(4, 1, output.as_bytes()));
    assert_eq!(c.abstention, None);
    assert_eq!(built(&c), vec![true, true]);
    assert_eq!(entries(&c), vec![(w.sample(0, 0), 1_000_000)]);
    assert_eq!(entries(&c), w.engine_entries(1, output.as_bytes()));
    assert!(!stale.exists());
    let index = Index::open(&dir).unwrap();
    assert_eq!(index.documents(), PER_DATANET);
}

#[test]
fn an_engine_this_build_does_not_run_gives_an_abstention() {
    let w = world();
    let corpora = w.corpora(w.store(&[]));
    let output = w.content(w.sample(0, 0)).to_vec();
    // committed state, with the engine params of id 1 naming engine version 2 on top
    let mut state = StateDelta::new(w.node.state());
    let mut p = openledger_attribution::proto::EngineParams {
        version: 2,
        min_span: MIN_SPAN,
        normalization: "nfc".into(),
    };
    state
        .put_raw(
            openledger_attribution::state_key::engine_params(1),
            p.encode_to_vec(),
        )
        .unwrap();
    let c = corpora.compute(&state, &w.challenge(6, 1, &output));
    assert!(c.vote.content_missing && c.vote.entries.is_empty());
    assert!(
        matches!(&c.abstention, Some(Abstention::UnsupportedEngine(m)) if m.contains("engine version 2")),
        "{:?}",
        c.abstention
    );
    p.version = 1;
    p.normalization = "nfkc".into();
    state
        .put_raw(
            openledger_attribution::state_key::engine_params(1),
            p.encode_to_vec(),
        )
        .unwrap();
    let c = corpora.compute(&state, &w.challenge(6, 1, &output));
    assert!(matches!(
        &c.abstention,
        Some(Abstention::UnsupportedEngine(m)) if m.contains("nfkc")
    ));
    // unknown engine params, model or model version: abstentions too
    for challenge in [
        ChallengeInput {
            engine_params_id: 9,
            ..w.challenge(6, 1, &output)
        },
        w.challenge(6, 3, &output),
        ChallengeInput {
            model_id: 99,
            ..w.challenge(6, 1, &output)
        },
    ] {
        let c = corpora.compute(&w.node.state(), &challenge);
        assert!(c.vote.content_missing);
        assert!(matches!(c.abstention, Some(Abstention::Failed(_))));
    }
    assert!(c.indexes.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rounds_fill_the_results_forget_closed_challenges_and_retry_abstentions() {
    let w = world();
    let missing = w.sample(1, 0);
    let store = w.store(&[missing]);
    let corpora = Arc::new(w.corpora(store.clone()));
    let results = ChallengeResults::new();
    let mut runner = ChallengeRunner::new(
        w.node.app.storage().clone(),
        corpora,
        results.clone(),
        Duration::from_millis(1),
        3,
    );
    let output = w.content(w.sample(0, 1)).to_vec();
    let open = vec![w.challenge(1, 1, &output), w.challenge(2, 1, &output)];

    let r = runner.process(w.node.state(), open.clone()).await;
    assert_eq!((r.open, r.computed, r.abstained), (2, 2, 2));
    let votes = results.for_ids(&[1, 2]);
    assert_eq!(votes.len(), 2);
    assert!(votes.iter().all(|v| v.content_missing));

    // the content arrives; abstentions wait for their retry round
    store.put(w.content(missing)).unwrap();
    for _ in 0..2 {
        let r = runner.process(w.node.state(), open.clone()).await;
        assert_eq!(r.computed, 0);
    }
    let r = runner.process(w.node.state(), open.clone()).await;
    assert_eq!((r.computed, r.abstained), (2, 0));
    let expected: Vec<(u64, u32)> = vec![(w.sample(0, 1), 1_000_000)];
    for v in results.for_ids(&[1, 2]) {
        assert!(!v.content_missing);
        let got: Vec<(u64, u32)> = v
            .entries
            .iter()
            .map(|e| (e.contribution_id, e.weight_ppm))
            .collect();
        assert_eq!(got, expected);
    }
    // computed results are kept, not recomputed
    let r = runner.process(w.node.state(), open.clone()).await;
    assert_eq!(r.computed, 0);

    // challenge 1 settles, challenge 3 opens
    let open = vec![
        w.challenge(2, 1, &output),
        w.challenge(3, 1, b"nothing quoted here"),
    ];
    let r = runner.process(w.node.state(), open).await;
    assert_eq!((r.open, r.computed, r.abstained), (2, 1, 0));
    assert!(!results.contains(1));
    let v = results.for_ids(&[3]);
    assert_eq!(v.len(), 1);
    assert!(!v[0].content_missing && v[0].entries.is_empty());

    // none open: everything forgotten
    runner.process(w.node.state(), Vec::new()).await;
    assert!(results.for_ids(&[1, 2, 3]).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_challenge_opened_on_chain_is_computed_by_a_round_and_by_the_task() {
    let mut w = world();
    let quoted = w.sample(0, 2);
    let output = format!(
        "The answer, from the sources: {}.",
        String::from_utf8_lossy(w.content(quoted))
    );
    // a false receipt: the whole pool to a contribution the output does not quote
    let claimed = w.sample(1, 0);
    let id = w.challenged_receipt(output.as_bytes(), &[(claimed, 1_000_000)]);
    let open = openledger_attribution::open_challenges(&w.node.state(), 10).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, id);

    let corpora = Arc::new(w.corpora(w.store(&[])));
    let results = ChallengeResults::new();
    let mut runner = ChallengeRunner::new(
        w.node.app.storage().clone(),
        corpora.clone(),
        results.clone(),
        Duration::from_millis(1),
        3,
    );
    let r = runner.round().await;
    assert_eq!((r.open, r.computed, r.abstained), (1, 1, 0));
    let votes = results.for_ids(&[id]);
    assert_eq!(votes.len(), 1);
    assert!(!votes[0].content_missing);
    let got: Vec<(u64, u32)> = votes[0]
        .entries
        .iter()
        .map(|e| (e.contribution_id, e.weight_ppm))
        .collect();
    assert_eq!(got, vec![(quoted, 1_000_000)]);
    assert_eq!(got, w.engine_entries(1, output.as_bytes()));
    // nothing left to do in the next round
    assert_eq!(runner.round().await.computed, 0);

    // the task as `openledgerd start` runs it
    let results = ChallengeResults::new();
    let task = tokio::spawn(
        ChallengeRunner::new(
            w.node.app.storage().clone(),
            corpora,
            results.clone(),
            Duration::from_millis(10),
            3,
        )
        .run(),
    );
    let mut waited = 0;
    while !results.contains(id) && waited < 1_000 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        waited += 1;
    }
    task.abort();
    assert_eq!(results.for_ids(&[id]), votes);
}
