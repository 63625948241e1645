//! Stateless validation of the protobuf messages: every refusal.

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use openledger_finetune::proto as pb;
use openledger_finetune::{
    FinetuneError, MsgDeliverJob, MsgDisputeJob, MsgOpenJob, MsgRegisterProvider, MsgSettleJob,
    MsgUpdateParams, MsgUpdateProvider, Params, SettleOutcome,
};
use openledger_framework::Address;

fn a() -> String {
    Address([1; 20]).to_string()
}

fn coin(denom: &str, amount: &str) -> Option<Coin> {
    Some(Coin {
        denom: denom.into(),
        amount: amount.into(),
    })
}

fn open() -> pb::MsgOpenJob {
    pb::MsgOpenJob {
        creator: a(),
        model_id: 1,
        base_model: "llama".into(),
        datanet_versions: vec![pb::DatanetVersionRef {
            datanet_id: 1,
            version: 1,
        }],
        training_config_hash: "AB01".into(),
        budget: coin("aopen", "100"),
        deadline_height: 10,
    }
}

fn deliver() -> pb::MsgDeliverJob {
    pb::MsgDeliverJob {
        provider: a(),
        job_id: 1,
        adapter_hash: "aa".into(),
        training_log_hash: "bb".into(),
        metrics: vec![pb::Metric {
            name: "acc".into(),
            value: 1,
        }],
        rank: 8,
        size_bytes: 1,
        licence: "MIT".into(),
    }
}

#[test]
fn valid_messages_convert() {
    let m = MsgOpenJob::try_from(&open()).unwrap();
    assert_eq!(m.training_config_hash, "ab01");
    MsgDeliverJob::try_from(&deliver()).unwrap();
    let s = MsgSettleJob::try_from(&pb::MsgSettleJob {
        authority: a(),
        job_id: 1,
        outcome: pb::SettleOutcome::RefundAndSlash as i32,
    })
    .unwrap();
    assert_eq!(s.outcome, SettleOutcome::RefundAndSlash);
    let u = MsgUpdateProvider::try_from(&pb::MsgUpdateProvider {
        provider: a(),
        endpoint: "e".into(),
        add_bond: None,
    })
    .unwrap();
    assert_eq!(u.add_bond, 0);
    MsgUpdateParams::try_from(&pb::MsgUpdateParams {
        authority: a(),
        params: Some(Params::default().to_proto()),
    })
    .unwrap();
}

#[test]
fn bad_messages_are_refused() {
    let reg = |endpoint: &str, bond| {
        MsgRegisterProvider::try_from(&pb::MsgRegisterProvider {
            provider: a(),
            endpoint: endpoint.into(),
            bond,
        })
    };
    assert!(matches!(
        reg("", coin("aopen", "1")),
        Err(FinetuneError::Empty(_))
    ));
    assert!(matches!(
        reg("e", coin("uatom", "1")),
        Err(FinetuneError::InvalidDenom(_))
    ));
    assert!(matches!(
        reg("e", coin("aopen", "0")),
        Err(FinetuneError::InvalidCoins(_))
    ));
    assert!(matches!(
        reg("e", None),
        Err(FinetuneError::InvalidCoins(_))
    ));

    let cases: Vec<(pb::MsgOpenJob, &str)> = vec![
        (
            pb::MsgOpenJob {
                creator: "x".into(),
                ..open()
            },
            "address",
        ),
        (
            pb::MsgOpenJob {
                model_id: 0,
                ..open()
            },
            "model 0",
        ),
        (
            pb::MsgOpenJob {
                base_model: " ".into(),
                ..open()
            },
            "base model",
        ),
        (
            pb::MsgOpenJob {
                datanet_versions: vec![],
                ..open()
            },
            "no datanets",
        ),
        (
            pb::MsgOpenJob {
                datanet_versions: vec![open().datanet_versions[0]; 2],
                ..open()
            },
            "duplicate",
        ),
        (
            pb::MsgOpenJob {
                training_config_hash: "xyz".into(),
                ..open()
            },
            "hash",
        ),
        (
            pb::MsgOpenJob {
                training_config_hash: "".into(),
                ..open()
            },
            "empty hash",
        ),
        (
            pb::MsgOpenJob {
                training_config_hash: "00".repeat(65),
                ..open()
            },
            "long hash",
        ),
        (
            pb::MsgOpenJob {
                budget: None,
                ..open()
            },
            "budget",
        ),
    ];
    for (m, what) in cases {
        assert!(MsgOpenJob::try_from(&m).is_err(), "{what}");
    }

    let bad_deliveries = [
        pb::MsgDeliverJob {
            adapter_hash: "zz".into(),
            ..deliver()
        },
        pb::MsgDeliverJob {
            training_log_hash: "".into(),
            ..deliver()
        },
        pb::MsgDeliverJob {
            rank: 0,
            ..deliver()
        },
        pb::MsgDeliverJob {
            size_bytes: 0,
            ..deliver()
        },
        pb::MsgDeliverJob {
            licence: "".into(),
            ..deliver()
        },
        pb::MsgDeliverJob {
            metrics: vec![deliver().metrics[0].clone(); 2],
            ..deliver()
        },
        pb::MsgDeliverJob {
            metrics: vec![pb::Metric {
                name: "".into(),
                value: 1,
            }],
            ..deliver()
        },
    ];
    for m in bad_deliveries {
        assert!(MsgDeliverJob::try_from(&m).is_err(), "{m:?}");
    }

    assert!(MsgDisputeJob::try_from(&pb::MsgDisputeJob {
        creator: a(),
        job_id: 1,
        reason: "".into(),
    })
    .is_err());
    assert!(matches!(
        MsgSettleJob::try_from(&pb::MsgSettleJob {
            authority: a(),
            job_id: 1,
            outcome: 0,
        }),
        Err(FinetuneError::InvalidOutcome(0))
    ));
    assert!(MsgUpdateParams::try_from(&pb::MsgUpdateParams {
        authority: a(),
        params: None,
    })
    .is_err());
}
