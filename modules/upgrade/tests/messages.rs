//! Scheduling, replacing and cancelling plans; the refusals; the step at a plan's height.

use cosmos_sdk_proto::cosmos::upgrade::v1beta1 as pb;
use openledger_framework::delta::MemState;
use openledger_framework::{Address, BlockCtx, ModuleError, MsgCtx};
use openledger_upgrade::{
    apply_plan, execute_cancel_upgrade, execute_software_upgrade, pre_block, query_applied_plan,
    query_authority, query_current_plan, MsgCancelUpgrade, MsgSoftwareUpgrade, Plan, Step,
    UpgradeError, UpgradeRead, CODESPACE, MAX_INFO_LEN,
};

fn gov() -> Address {
    Address::module(openledger_auth::GOV_AUTHORITY)
}

fn block(height: u64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height,
        time_unix_secs: 1_700_000_000,
        time_nanos: 0,
    }
}

fn plan(name: &str, height: u64) -> Plan {
    Plan {
        name: name.into(),
        height,
        info: "notes".into(),
    }
}

fn schedule(
    state: &mut MemState,
    at: u64,
    signer: Address,
    authority: Address,
    plan: Plan,
) -> Result<(), UpgradeError> {
    let b = block(at);
    let signers = [signer];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    execute_software_upgrade(state, &ctx, &MsgSoftwareUpgrade { authority, plan })
}

fn cancel(state: &mut MemState, at: u64, authority: Address) -> Result<(), UpgradeError> {
    let b = block(at);
    let signers = [authority];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    execute_cancel_upgrade(state, &ctx, &MsgCancelUpgrade { authority })
}

#[test]
fn gov_schedules_a_plan_and_a_new_plan_replaces_it() {
    let mut s = MemState::empty();
    schedule(&mut s, 10, gov(), gov(), plan("v2", 20)).unwrap();
    assert_eq!(s.current_plan().unwrap(), Some(plan("v2", 20)));
    schedule(&mut s, 11, gov(), gov(), plan("v3", 30)).unwrap();
    assert_eq!(s.current_plan().unwrap(), Some(plan("v3", 30)));
    let resp = query_current_plan(&s, &pb::QueryCurrentPlanRequest {}).unwrap();
    assert_eq!(resp.plan.unwrap().height, 30);
    let events = s.take_events();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].kind, "software_upgrade");
}

#[test]
fn cancel_clears_the_plan() {
    let mut s = MemState::empty();
    schedule(&mut s, 10, gov(), gov(), plan("v2", 20)).unwrap();
    cancel(&mut s, 12, gov()).unwrap();
    assert_eq!(s.current_plan().unwrap(), None);
    // cancelling nothing is not an error
    cancel(&mut s, 13, gov()).unwrap();
}

#[test]
fn refuses_a_signer_other_than_gov() {
    let mut s = MemState::empty();
    let user = Address([7; 20]);
    for (signer, authority) in [(user, user), (user, gov())] {
        let e = schedule(&mut s, 10, signer, authority, plan("v2", 20)).unwrap_err();
        assert_eq!((e.codespace(), e.code()), (CODESPACE, 8), "{e}");
    }
    let e = cancel(&mut s, 10, user).unwrap_err();
    assert_eq!((e.codespace(), e.code()), (CODESPACE, 8));
    assert_eq!(s.current_plan().unwrap(), None);
}

#[test]
fn refuses_a_height_not_above_the_current_one() {
    let mut s = MemState::empty();
    for h in [9, 10] {
        let e = schedule(&mut s, 10, gov(), gov(), plan("v2", h)).unwrap_err();
        assert_eq!((e.codespace(), e.code()), (CODESPACE, 2), "{e}");
    }
    assert_eq!(s.current_plan().unwrap(), None);
}

#[test]
fn refuses_empty_names_and_oversize_info() {
    let mut s = MemState::empty();
    let e = schedule(&mut s, 10, gov(), gov(), plan("", 20)).unwrap_err();
    assert!(matches!(e, UpgradeError::InvalidPlan(_)), "{e}");
    let mut big = plan("v2", 20);
    big.info = "x".repeat(MAX_INFO_LEN + 1);
    let e = schedule(&mut s, 10, gov(), gov(), big).unwrap_err();
    assert!(matches!(e, UpgradeError::InvalidPlan(_)), "{e}");
    assert_eq!(s.current_plan().unwrap(), None);
    // the same refusals from the wire
    let msg = pb::MsgSoftwareUpgrade {
        authority: gov().to_string(),
        plan: None,
    };
    assert!(MsgSoftwareUpgrade::try_from(&msg).is_err());
}

#[test]
fn the_step_at_each_height() {
    let mut s = MemState::empty();
    assert_eq!(pre_block(&s, 5, |_| true).unwrap(), Step::Continue);
    schedule(&mut s, 10, gov(), gov(), plan("v2", 20)).unwrap();
    let none = |_: &str| false;
    let v2 = |n: &str| n == "v2";
    assert_eq!(pre_block(&s, 19, none).unwrap(), Step::Continue);
    assert_eq!(
        pre_block(&s, 19, v2).unwrap(),
        Step::Premature(plan("v2", 20))
    );
    assert_eq!(pre_block(&s, 20, none).unwrap(), Step::Halt(plan("v2", 20)));
    assert_eq!(pre_block(&s, 20, v2).unwrap(), Step::Apply(plan("v2", 20)));
    apply_plan(&mut s, &block(20), &plan("v2", 20)).unwrap();
    assert_eq!(s.current_plan().unwrap(), None);
    assert_eq!(pre_block(&s, 21, v2).unwrap(), Step::Continue);
    let applied =
        query_applied_plan(&s, &pb::QueryAppliedPlanRequest { name: "v2".into() }).unwrap();
    assert_eq!(applied.height, 20);
    // a plan of an applied name cannot be scheduled again
    let e = schedule(&mut s, 21, gov(), gov(), plan("v2", 30)).unwrap_err();
    assert_eq!((e.codespace(), e.code()), (CODESPACE, 3));
    let auth = query_authority(&s, &pb::QueryAuthorityRequest {}).unwrap();
    assert_eq!(auth.address, gov().to_string());
}
