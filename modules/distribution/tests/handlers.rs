//! Messages: each one's success and each refusal, with refusals leaving state unchanged.

mod common;

use common::*;
use openledger_distribution::{
    allocate_tokens, execute_community_pool_spend, execute_fund_community_pool,
    execute_set_withdraw_address, execute_update_params, execute_withdraw_delegator_reward,
    execute_withdraw_validator_commission, DistributionError, DistributionRead, GenesisState,
    MsgCommunityPoolSpend, MsgFundCommunityPool, MsgSetWithdrawAddress, MsgUpdateParams,
    MsgWithdrawDelegatorReward, MsgWithdrawValidatorCommission, Params,
};
use openledger_framework::delta::MemState;
use openledger_framework::{Address, Coins, Dec, ModuleError, StateDelta};

/// Two validators with rewards allocated: validator 1 (10% commission, self-bond 1000,
/// delegator addr(1) with 3000 shares) and validator 2.
fn setup() -> (MemState, MockKeeper) {
    let mut s = new_state();
    let mut k = MockKeeper::default();
    k.create_validator(&mut s, 1, Dec::percent(10), 1_000)
        .unwrap();
    k.delegate(&mut s, &addr(1), &op(1), 3_000).unwrap();
    k.create_validator(&mut s, 2, Dec::ZERO, 500).unwrap();
    mint(&mut s, &fee_collector(), 10_000);
    allocate_tokens(&mut s, &k, &[vote(1, 1), vote(2, 1)]).unwrap();
    mint(&mut s, &addr(1), 1_000);
    s.take_events();
    (s, k)
}

/// Everything a refusal must not change.
fn snapshot(s: &MemState) -> (GenesisState, Vec<u128>) {
    let accounts = [
        addr(1),
        addr(2),
        op(1),
        op(2),
        module(),
        fee_collector(),
        gov(),
    ];
    (
        GenesisState::export(s).unwrap(),
        accounts.iter().map(|a| balance(s, a)).collect(),
    )
}

/// Run `f` on a fork, expect a refusal with (codespace, code), drop the fork and check the
/// base is unchanged.
fn refused<T: std::fmt::Debug>(
    s: &MemState,
    want: (&str, u32),
    f: impl FnOnce(&mut StateDelta<&MemState>) -> Result<T, DistributionError>,
) -> DistributionError {
    let before = snapshot(s);
    let mut fork = StateDelta::new(s);
    let err = f(&mut fork).unwrap_err();
    assert_eq!((err.codespace(), err.code()), want, "{err}");
    drop(fork);
    assert_eq!(snapshot(s), before);
    err
}

// ---- MsgSetWithdrawAddress ----

#[test]
fn set_withdraw_address_redirects_rewards() {
    let (mut s, k) = setup();
    let msg = MsgSetWithdrawAddress {
        delegator: addr(1),
        withdraw_address: addr(2),
    };
    with_ctx(&[addr(1)], |ctx| {
        execute_set_withdraw_address(&mut s, ctx, &msg)
    })
    .unwrap();
    assert_eq!(s.withdraw_address(&addr(1)).unwrap(), addr(2));
    let ev = s.take_events();
    assert_eq!(ev[0].kind, "set_withdraw_address");
    assert_eq!(
        ev[0].attribute("withdraw_address"),
        Some(addr(2).to_string().as_str())
    );

    let w = MsgWithdrawDelegatorReward {
        delegator: addr(1),
        validator: op(1),
    };
    let paid = with_ctx(&[addr(1)], |ctx| {
        execute_withdraw_delegator_reward(&mut s, &k, ctx, &w)
    })
    .unwrap();
    assert!(paid > 0);
    assert_eq!(balance(&s, &addr(2)), paid);
    assert_eq!(balance(&s, &addr(1)), 1_000);
    k.check_invariants(&s);
}

#[test]
fn set_withdraw_address_refusals() {
    let (s, _) = setup();
    let msg = |to: Address| MsgSetWithdrawAddress {
        delegator: addr(1),
        withdraw_address: to,
    };
    refused(&s, ("sdk", 4), |f| {
        with_ctx(&[addr(2)], |ctx| {
            execute_set_withdraw_address(f, ctx, &msg(addr(2)))
        })
    });
    for blocked in [
        module(),
        fee_collector(),
        Address::module("bonded_tokens_pool"),
    ] {
        refused(&s, ("sdk", 4), |f| {
            with_ctx(&[addr(1)], |ctx| {
                execute_set_withdraw_address(f, ctx, &msg(blocked))
            })
        });
    }
    // disabled by params
    let mut s = s;
    let p = MsgUpdateParams {
        authority: gov(),
        params: Params {
            community_tax: Dec::percent(2),
            withdraw_addr_enabled: false,
        },
    };
    with_ctx(&[gov()], |ctx| execute_update_params(&mut s, ctx, &p)).unwrap();
    let err = refused(&s, ("distribution", 8), |f| {
        with_ctx(&[addr(1)], |ctx| {
            execute_set_withdraw_address(f, ctx, &msg(addr(2)))
        })
    });
    assert_eq!(err, DistributionError::SetWithdrawAddrDisabled);
}

// ---- MsgWithdrawDelegatorReward ----

#[test]
fn withdraw_delegator_reward_pays_pending_and_restarts() {
    let (mut s, k) = setup();
    // validator 1 got (10000 - 200) / 2 = 4900: commission 490, 4410 over 4000 shares.
    let w = MsgWithdrawDelegatorReward {
        delegator: addr(1),
        validator: op(1),
    };
    let paid = with_ctx(&[addr(1)], |ctx| {
        execute_withdraw_delegator_reward(&mut s, &k, ctx, &w)
    })
    .unwrap();
    assert_eq!(paid, 3_307); // floor(3000 * 4410 / 4000) = 3307 (index rounding)
    assert_eq!(balance(&s, &addr(1)), 1_000 + 3_307);
    let ev = s.take_events();
    let wr = ev.iter().find(|e| e.kind == "withdraw_rewards").unwrap();
    assert_eq!(wr.attribute("amount"), Some("3307aopen"));
    assert_eq!(
        wr.attribute("delegator"),
        Some(addr(1).to_string().as_str())
    );
    assert_eq!(
        wr.attribute("validator"),
        Some(op(1).to_bech32("openvaloper").as_str())
    );
    assert_eq!(
        MsgWithdrawDelegatorReward::response(paid).amount[0].amount,
        "3307"
    );

    // a second withdrawal right away is zero, which is fine
    let again = with_ctx(&[addr(1)], |ctx| {
        execute_withdraw_delegator_reward(&mut s, &k, ctx, &w)
    })
    .unwrap();
    assert_eq!(again, 0);
    let ev = s.take_events();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("amount"), Some("0aopen"));
    assert!(MsgWithdrawDelegatorReward::response(0).amount.is_empty());
    k.check_invariants(&s);
}

#[test]
fn withdraw_delegator_reward_refusals() {
    let (s, k) = setup();
    let w = |d: Address, v: Address| MsgWithdrawDelegatorReward {
        delegator: d,
        validator: v,
    };
    refused(&s, ("sdk", 4), |f| {
        with_ctx(&[addr(2)], |ctx| {
            execute_withdraw_delegator_reward(f, &k, ctx, &w(addr(1), op(1)))
        })
    });
    refused(&s, ("distribution", 6), |f| {
        with_ctx(&[addr(1)], |ctx| {
            execute_withdraw_delegator_reward(f, &k, ctx, &w(addr(1), op(9)))
        })
    });
    refused(&s, ("distribution", 5), |f| {
        with_ctx(&[addr(1)], |ctx| {
            execute_withdraw_delegator_reward(f, &k, ctx, &w(addr(1), op(2)))
        })
    });
}

// ---- MsgWithdrawValidatorCommission ----

#[test]
fn withdraw_commission_pays_the_operator_account() {
    let (mut s, k) = setup();
    let m = MsgWithdrawValidatorCommission { validator: op(1) };
    let paid = with_ctx(&[op(1)], |ctx| {
        execute_withdraw_validator_commission(&mut s, ctx, &m)
    })
    .unwrap();
    assert_eq!(paid, 490);
    assert_eq!(balance(&s, &op(1)), 490);
    assert_eq!(s.validator_record(&op(1)).unwrap().unwrap().commission, 0);
    let ev = s.take_events();
    let wc = ev.iter().find(|e| e.kind == "withdraw_commission").unwrap();
    assert_eq!(wc.attribute("amount"), Some("490aopen"));
    k.check_invariants(&s);

    // nothing left: the SDK's ErrNoValidatorCommission
    refused(&s, ("distribution", 7), |f| {
        with_ctx(&[op(1)], |ctx| {
            execute_withdraw_validator_commission(f, ctx, &m)
        })
    });
}

#[test]
fn withdraw_commission_refusals() {
    let (s, _) = setup();
    refused(&s, ("sdk", 4), |f| {
        with_ctx(&[addr(1)], |ctx| {
            execute_withdraw_validator_commission(
                f,
                ctx,
                &MsgWithdrawValidatorCommission { validator: op(1) },
            )
        })
    });
    // zero-commission validator and unknown validator
    for v in [op(2), op(9)] {
        refused(&s, ("distribution", 7), |f| {
            with_ctx(&[v], |ctx| {
                execute_withdraw_validator_commission(
                    f,
                    ctx,
                    &MsgWithdrawValidatorCommission { validator: v },
                )
            })
        });
    }
}

// ---- MsgFundCommunityPool ----

#[test]
fn fund_community_pool_adds_every_denom() {
    let (mut s, k) = setup();
    mint_denom(&mut s, &addr(1), "uusdc", 40);
    let pool_before = s.community_pool_amount(DENOM).unwrap();
    let m = MsgFundCommunityPool {
        depositor: addr(1),
        amount: Coins::normalize(vec![
            openledger_framework::Coin::new(DENOM, 300),
            openledger_framework::Coin::new("uusdc", 40),
        ])
        .unwrap(),
    };
    with_ctx(&[addr(1)], |ctx| {
        execute_fund_community_pool(&mut s, ctx, &m)
    })
    .unwrap();
    assert_eq!(s.community_pool_amount(DENOM).unwrap(), pool_before + 300);
    assert_eq!(s.community_pool_amount("uusdc").unwrap(), 40);
    assert_eq!(balance(&s, &addr(1)), 700);
    k.check_invariants(&s);
}

#[test]
fn fund_community_pool_refusals() {
    let (s, _) = setup();
    let m = |n: u128| MsgFundCommunityPool {
        depositor: addr(1),
        amount: Coins::single(DENOM, n).unwrap(),
    };
    refused(&s, ("sdk", 4), |f| {
        with_ctx(&[addr(2)], |ctx| execute_fund_community_pool(f, ctx, &m(1)))
    });
    refused(&s, ("sdk", 5), |f| {
        with_ctx(&[addr(1)], |ctx| {
            execute_fund_community_pool(f, ctx, &m(1_001))
        })
    });
}

// ---- MsgCommunityPoolSpend ----

#[test]
fn community_pool_spend_pays_the_recipient() {
    let (mut s, k) = setup();
    let pool = s.community_pool_amount(DENOM).unwrap();
    assert_eq!(pool, 200);
    let m = MsgCommunityPoolSpend {
        authority: gov(),
        recipient: addr(2),
        amount: Coins::single(DENOM, 200).unwrap(),
    };
    with_ctx(&[gov()], |ctx| {
        execute_community_pool_spend(&mut s, ctx, &m)
    })
    .unwrap();
    assert_eq!(s.community_pool_amount(DENOM).unwrap(), 0);
    assert_eq!(balance(&s, &addr(2)), 200);
    k.check_invariants(&s);
}

#[test]
fn community_pool_spend_refusals() {
    let (s, _) = setup();
    let m = |authority: Address, recipient: Address, n: u128| MsgCommunityPoolSpend {
        authority,
        recipient,
        amount: Coins::single(DENOM, n).unwrap(),
    };
    // not the gov authority: the SDK's gov ErrInvalidSigner
    refused(&s, ("gov", 12), |f| {
        with_ctx(&[addr(1)], |ctx| {
            execute_community_pool_spend(f, ctx, &m(addr(1), addr(2), 1))
        })
    });
    // the gov authority that did not sign
    refused(&s, ("sdk", 4), |f| {
        with_ctx(&[addr(1)], |ctx| {
            execute_community_pool_spend(f, ctx, &m(gov(), addr(2), 1))
        })
    });
    // more than the pool holds (the module account holds more, but not in the pool)
    refused(&s, ("distribution", 9), |f| {
        with_ctx(&[gov()], |ctx| {
            execute_community_pool_spend(f, ctx, &m(gov(), addr(2), 201))
        })
    });
    // a denom the pool does not hold
    refused(&s, ("distribution", 9), |f| {
        with_ctx(&[gov()], |ctx| {
            execute_community_pool_spend(
                f,
                ctx,
                &MsgCommunityPoolSpend {
                    authority: gov(),
                    recipient: addr(2),
                    amount: Coins::single("uusdc", 1).unwrap(),
                },
            )
        })
    });
    // blocked recipient
    refused(&s, ("sdk", 4), |f| {
        with_ctx(&[gov()], |ctx| {
            execute_community_pool_spend(f, ctx, &m(gov(), fee_collector(), 1))
        })
    });
}

// ---- MsgUpdateParams ----

#[test]
fn update_params_by_gov() {
    let (mut s, _) = setup();
    let p = Params {
        community_tax: Dec::percent(50),
        withdraw_addr_enabled: false,
    };
    let m = MsgUpdateParams {
        authority: gov(),
        params: p.clone(),
    };
    with_ctx(&[gov()], |ctx| execute_update_params(&mut s, ctx, &m)).unwrap();
    assert_eq!(s.distribution_params().unwrap(), p);
}

#[test]
fn update_params_refusals() {
    let (s, _) = setup();
    let good = Params::default();
    refused(&s, ("gov", 12), |f| {
        with_ctx(&[addr(1)], |ctx| {
            execute_update_params(
                f,
                ctx,
                &MsgUpdateParams {
                    authority: addr(1),
                    params: good.clone(),
                },
            )
        })
    });
    refused(&s, ("sdk", 4), |f| {
        with_ctx(&[addr(1)], |ctx| {
            execute_update_params(
                f,
                ctx,
                &MsgUpdateParams {
                    authority: gov(),
                    params: good.clone(),
                },
            )
        })
    });
    refused(&s, ("sdk", 18), |f| {
        with_ctx(&[gov()], |ctx| {
            execute_update_params(
                f,
                ctx,
                &MsgUpdateParams {
                    authority: gov(),
                    params: Params {
                        community_tax: Dec::percent(101),
                        withdraw_addr_enabled: true,
                    },
                },
            )
        })
    });
}

// ---- proto conversion ----

#[test]
fn messages_convert_from_their_sdk_protos() {
    use cosmos_sdk_proto::cosmos::distribution::v1beta1 as pb;
    let m = pb::MsgUpdateParams {
        authority: gov().to_string(),
        params: Some(Params::default().to_proto()),
    };
    let d = MsgUpdateParams::try_from(&m).unwrap();
    assert_eq!(d.params, Params::default());
    assert_eq!(d.signers(), vec![gov()]);
    let c = pb::MsgWithdrawValidatorCommission {
        validator_address: op(1).to_bech32("openvaloper"),
    };
    let d = MsgWithdrawValidatorCommission::try_from(&c).unwrap();
    assert_eq!(d.signers(), vec![op(1)]);
    let sp = pb::MsgCommunityPoolSpend {
        authority: gov().to_string(),
        recipient: "not-an-address".into(),
        amount: vec![],
    };
    let err = MsgCommunityPoolSpend::try_from(&sp).unwrap_err();
    assert_eq!((err.codespace(), err.code()), ("sdk", 7));
}
