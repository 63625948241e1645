use serde_json::json;

use super::*;

fn gov() -> AccountId {
    address::gov_authority().unwrap()
}

fn file(messages: Value) -> String {
    json!({
        "messages": messages,
        "metadata": "ipfs://x",
        "deposit": "1000OPEN",
        "title": "t",
        "summary": "s"
    })
    .to_string()
}

fn attribution_params() -> Value {
    json!({
        "platform_fee": "10000000000000000", "creator_share": "0.7", "stakers_share": "0.1",
        "data_share": "0.2", "max_attribution_entries": 256,
        "min_operator_bond": "100000000000000000000", "operator_unbonding_time": 1814400,
        "max_models_per_operator": 64, "max_endpoint_len": 256, "max_request_id_len": 128,
        "max_tokens_per_inference": "1000000000", "max_unbondings_per_block": 100
    })
}

fn all_messages() -> Value {
    let g = gov().to_string();
    let recipient = AccountId::new("open", &[7u8; 20]).unwrap().to_string();
    json!([
        {"@type": "/cosmos.auth.v1beta1.MsgUpdateParams", "authority": g, "params": {
            "max_memo_characters": "256", "tx_sig_limit": "7", "tx_size_cost_per_byte": "10",
            "sig_verify_cost_ed25519": "0", "sig_verify_cost_secp256k1": "1000"}},
        {"@type": "/cosmos.bank.v1beta1.MsgUpdateParams", "authority": g, "params": {
            "send_enabled": [], "default_send_enabled": true}},
        {"@type": "/cosmos.staking.v1beta1.MsgUpdateParams", "authority": g, "params": {
            "unbonding_time": "60s", "max_validators": 50, "max_entries": 7,
            "historical_entries": 10000, "bond_denom": "aopen", "min_commission_rate": "0.05"}},
        {"@type": "/cosmos.distribution.v1beta1.MsgUpdateParams", "authority": g, "params": {
            "community_tax": "0.03", "base_proposer_reward": "0", "bonus_proposer_reward": "0",
            "withdraw_addr_enabled": false}},
        {"@type": "/cosmos.slashing.v1beta1.MsgUpdateParams", "authority": g, "params": {
            "signed_blocks_window": "20", "min_signed_per_window": "0.5",
            "downtime_jail_duration": "30s", "slash_fraction_double_sign": "0.05",
            "slash_fraction_downtime": "0.01"}},
        {"@type": "/cosmos.gov.v1.MsgUpdateParams", "authority": g, "params": {
            "min_deposit": [{"denom": "aopen", "amount": "1000000000000000000"}],
            "max_deposit_period": "60s", "voting_period": "15s", "quorum": "0.334",
            "threshold": "0.5", "veto_threshold": "0.334", "min_initial_deposit_ratio": "0",
            "burn_vote_quorum": false, "burn_proposal_deposit_prevote": false,
            "burn_vote_veto": true}},
        {"@type": "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend", "authority": g,
         "recipient": recipient, "amount": [{"denom": "aopen", "amount": "5"}]},
        {"@type": "/openledger.auth.v1.MsgUpdateTxParams", "authority": g,
         "max_tx_bytes": 1048576, "max_msgs_per_tx": 32, "min_gas_price": "1000000000",
         "max_gas_per_tx": "50000000"},
        {"@type": "/openledger.slashing.v1.MsgUpdateEvidenceParams", "authority": g,
         "max_evidence_age_secs": 86400},
        {"@type": "/openledger.gov.v1.MsgUpdateGovLimits", "authority": g,
         "unlock_delay_secs": 3600, "max_unlock_entries": 3, "max_messages": 8,
         "max_metadata_len": 255, "max_title_len": 140, "max_summary_len": 10000},
        {"@type": "/openledger.datanets.v1.MsgUpdateParams", "authority": g, "params": {
            "min_contribution_bond": "1000000000000000000", "min_fee_per_byte": "1000",
            "max_contribution_bytes": 5242880, "max_uri_len": 512, "max_metadata_len": 2048,
            "max_name_len": 64, "max_summary_len": 280, "max_description_len": 4096,
            "max_tags": 10, "max_curators": 20, "max_allow_list": 1000,
            "reject_slash_fraction": "0.25", "penalty_per_rejection": 1, "penalty_threshold": 3,
            "penalty_reward_multiplier": "0.5", "max_contributions_per_version": 10000}},
        {"@type": "/openledger.models.v1.MsgUpdateParams", "authority": g, "params": {
            "min_creator_bond": "100000000000000000000", "max_name_len": 64,
            "max_description_len": 4096, "max_text_len": 512, "max_datanet_refs": 16,
            "max_evidence_len": 2048, "max_history_per_model": 1000,
            "max_versions_per_model": 1000}},
        {"@type": "/openledger.models.v1.MsgApproveModel", "authority": g, "model_id": 3},
        {"@type": "/openledger.models.v1.MsgRejectModel", "authority": g, "model_id": "4"},
        {"@type": "/openledger.attribution.v1.MsgUpdateParams", "authority": g,
         "params": attribution_params()},
        {"@type": "/openledger.attribution.v1.MsgSlashOperator", "authority": g,
         "operator": recipient, "fraction": "0.1", "reason": "served wrong outputs"}
    ])
}

#[test]
fn supported_type_urls_are_the_protobuf_names() {
    let names = [
        auth::v1beta1::MsgUpdateParams::type_url(),
        bank::v1beta1::MsgUpdateParams::type_url(),
        staking::v1beta1::MsgUpdateParams::type_url(),
        distribution::v1beta1::MsgUpdateParams::type_url(),
        slashing::v1beta1::MsgUpdateParams::type_url(),
        gov::v1::MsgUpdateParams::type_url(),
        distribution::v1beta1::MsgCommunityPoolSpend::type_url(),
        proto::auth::MsgUpdateTxParams::type_url(),
        proto::slashing::MsgUpdateEvidenceParams::type_url(),
        proto::gov::MsgUpdateGovLimits::type_url(),
        proto::datanets::MsgUpdateParams::type_url(),
        proto::models::MsgUpdateParams::type_url(),
        proto::models::MsgApproveModel::type_url(),
        proto::models::MsgRejectModel::type_url(),
        proto::attribution::MsgUpdateParams::type_url(),
        proto::attribution::MsgSlashOperator::type_url(),
    ];
    assert_eq!(names.to_vec(), SUPPORTED_TYPES.map(str::to_owned).to_vec());
}

#[test]
fn every_supported_message_parses_and_reads_back() {
    let proposal = parse_proposal(&file(all_messages()), &gov()).unwrap();
    assert_eq!(proposal.messages.len(), SUPPORTED_TYPES.len());
    assert_eq!(
        proposal.deposit,
        vec![Coin::new(1000 * 10u128.pow(18), "aopen")]
    );
    assert_eq!(proposal.metadata, "ipfs://x");
    for (message, type_url) in proposal.messages.iter().zip(SUPPORTED_TYPES) {
        assert_eq!(message.any.type_url, type_url);
        let rendered = render_message(&message.any).unwrap();
        assert_eq!(rendered["@type"], type_url);
        // what is printed parses back to the same bytes
        let again = parse_message(0, &rendered, &gov()).unwrap();
        assert_eq!(again.any, message.any, "{type_url}");
    }

    let staking =
        staking::v1beta1::MsgUpdateParams::decode(proposal.messages[2].any.value.as_slice())
            .unwrap();
    let params = staking.params.unwrap();
    assert_eq!(params.min_commission_rate, "50000000000000000");
    assert_eq!(params.unbonding_time.unwrap().seconds, 60);
    assert_eq!(params.max_validators, 50);

    let slashing =
        slashing::v1beta1::MsgUpdateParams::decode(proposal.messages[4].any.value.as_slice())
            .unwrap();
    let params = slashing.params.unwrap();
    assert_eq!(params.signed_blocks_window, 20);
    assert_eq!(params.min_signed_per_window, b"500000000000000000".to_vec());

    let tx =
        proto::auth::MsgUpdateTxParams::decode(proposal.messages[7].any.value.as_slice()).unwrap();
    assert_eq!(tx.max_tx_bytes, 1_048_576);
    assert_eq!(tx.min_gas_price, "1000000000");
    assert_eq!(tx.authority, gov().to_string());

    let limits =
        proto::gov::MsgUpdateGovLimits::decode(proposal.messages[9].any.value.as_slice()).unwrap();
    assert_eq!(
        (limits.unlock_delay_secs, limits.max_unlock_entries),
        (3600, 3)
    );

    let datanets =
        proto::datanets::MsgUpdateParams::decode(proposal.messages[10].any.value.as_slice())
            .unwrap();
    let params = datanets.params.unwrap();
    assert_eq!(params.reject_slash_fraction, "250000000000000000");
    assert_eq!(params.min_contribution_bond, "1000000000000000000");

    let approve =
        proto::models::MsgApproveModel::decode(proposal.messages[12].any.value.as_slice()).unwrap();
    assert_eq!(approve.model_id, 3);
    assert_eq!(approve.authority, gov().to_string());
    assert_eq!(proposal.messages[12].summary, "approve model 3");
    let reject =
        proto::models::MsgRejectModel::decode(proposal.messages[13].any.value.as_slice()).unwrap();
    assert_eq!(reject.model_id, 4);

    let update =
        proto::attribution::MsgUpdateParams::decode(proposal.messages[14].any.value.as_slice())
            .unwrap();
    let params = update.params.unwrap();
    assert_eq!(params.creator_share, "700000000000000000");
    assert_eq!(params.data_share, "200000000000000000");
    assert_eq!(params.platform_fee, "10000000000000000");
    assert_eq!(params.max_tokens_per_inference, 1_000_000_000);
    assert_eq!(params.operator_unbonding_time, 1_814_400);
    let slash =
        proto::attribution::MsgSlashOperator::decode(proposal.messages[15].any.value.as_slice())
            .unwrap();
    assert_eq!(slash.fraction, "100000000000000000");
    assert_eq!(
        slash.operator,
        AccountId::new("open", &[7u8; 20]).unwrap().to_string()
    );
    assert_eq!(slash.reason, "served wrong outputs");
    assert!(
        proposal.messages[15].summary.contains("by 0.1 of its bond"),
        "{}",
        proposal.messages[15].summary
    );
}

#[test]
fn attribution_proposals_are_checked() {
    let g = gov().to_string();
    let operator = AccountId::new("open", &[7u8; 20]).unwrap().to_string();
    let slash = |fraction: &str, operator: &str| {
        file(
            json!([{"@type": "/openledger.attribution.v1.MsgSlashOperator", "authority": g,
                     "operator": operator, "fraction": fraction}]),
        )
    };
    assert!(parse_proposal(&slash("1", &operator), &gov()).is_ok());
    for (fraction, reason) in [("0", "above 0"), ("1.5", "at most 1")] {
        let err = parse_proposal(&slash(fraction, &operator), &gov()).unwrap_err();
        assert!(err.to_string().contains(reason), "{fraction}: {err}");
    }
    let err = parse_proposal(&slash("0.5", "openvaloper1xyz"), &gov()).unwrap_err();
    assert!(err.to_string().contains("operator"), "{err}");
    let number = file(
        json!([{"@type": "/openledger.attribution.v1.MsgSlashOperator",
                              "authority": g, "operator": operator, "fraction": 0.5}]),
    );
    assert!(parse_proposal(&number, &gov()).is_err());

    let update = |params: Value| {
        file(
            json!([{"@type": "/openledger.attribution.v1.MsgUpdateParams", "authority": g,
                     "params": params}]),
        )
    };
    let mut params = attribution_params();
    params["data_share"] = json!("0.3");
    let err = parse_proposal(&update(params), &gov()).unwrap_err();
    assert!(
        err.to_string().contains("must be exactly 1, not 1.1"),
        "{err}"
    );
    let mut params = attribution_params();
    params["creator_share"] = json!("1.5");
    params["stakers_share"] = json!("0");
    params["data_share"] = json!("0");
    let err = parse_proposal(&update(params), &gov()).unwrap_err();
    assert!(err.to_string().contains("above 1"), "{err}");
    let mut params = attribution_params();
    params
        .as_object_mut()
        .unwrap()
        .remove("max_unbondings_per_block");
    assert!(parse_proposal(&update(params), &gov()).is_err());
}

#[test]
fn model_approvals_need_a_model_id_and_the_gov_authority() {
    let g = gov().to_string();
    let zero = file(json!([{"@type": "/openledger.models.v1.MsgApproveModel",
                            "authority": g, "model_id": 0}]));
    let err = parse_proposal(&zero, &gov()).unwrap_err();
    assert!(err.to_string().contains("model ids start at 1"), "{err}");
    let other = AccountId::new("open", &[9u8; 20]).unwrap().to_string();
    let wrong = file(json!([{"@type": "/openledger.models.v1.MsgRejectModel",
                             "authority": other, "model_id": 1}]));
    let err = parse_proposal(&wrong, &gov()).unwrap_err();
    assert!(err.to_string().contains("gov module account"), "{err}");
    let missing = file(json!([{"@type": "/openledger.models.v1.MsgApproveModel",
                               "authority": g}]));
    assert!(parse_proposal(&missing, &gov()).is_err());
}

#[test]
fn a_file_without_messages_is_a_text_proposal() {
    let text = json!({"title": "t", "summary": "s", "deposit": ""}).to_string();
    let proposal = parse_proposal(&text, &gov()).unwrap();
    assert!(proposal.messages.is_empty());
    assert!(proposal.deposit.is_empty());
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    let g = gov().to_string();
    let unknown = file(json!([{"@type": "/cosmos.bank.v1beta1.MsgSend", "from_address": g}]));
    let err = parse_proposal(&unknown, &gov()).unwrap_err();
    assert!(matches!(err, FormError::UnknownType { .. }), "{err}");
    assert!(err.to_string().contains("MsgSend"));
    assert!(err
        .to_string()
        .contains("/cosmos.staking.v1beta1.MsgUpdateParams"));

    let untyped = file(json!([{"authority": g}]));
    assert!(matches!(
        parse_proposal(&untyped, &gov()),
        Err(FormError::MissingType { index: 0 })
    ));

    let other = AccountId::new("open", &[9u8; 20]).unwrap().to_string();
    let mut messages = all_messages();
    messages[0]["authority"] = json!(other);
    let err = parse_proposal(&file(messages), &gov()).unwrap_err();
    assert!(err.to_string().contains("gov module account"), "{err}");

    let mut messages = all_messages();
    messages[2]["params"]["min_commission_rate"] = json!("five percent");
    let err = parse_proposal(&file(messages), &gov()).unwrap_err();
    assert!(err.to_string().contains("messages[2]"), "{err}");

    let mut messages = all_messages();
    messages[6]["recipient"] = json!("openvaloper1xyz");
    assert!(parse_proposal(&file(messages), &gov()).is_err());

    let no_title = json!({"summary": "s"}).to_string();
    assert!(parse_proposal(&no_title, &gov()).is_err());
    let extra = json!({"title": "t", "summary": "s", "deposits": "1OPEN"}).to_string();
    assert!(parse_proposal(&extra, &gov()).is_err());
    assert!(parse_proposal("not json", &gov()).is_err());
    let zero = json!({"title": "t", "summary": "s", "deposit": "0OPEN"}).to_string();
    assert!(parse_proposal(&zero, &gov()).is_err());
}

#[test]
fn unknown_messages_render_as_hex() {
    let any = Any {
        type_url: "/x.y.MsgZ".into(),
        value: vec![0xab],
    };
    assert!(render_message(&any).is_none());
    assert_eq!(message_json(&any)["value_hex"], "ab");
}
