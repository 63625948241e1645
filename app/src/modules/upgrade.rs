//! upgrade: software upgrades passed by governance, the halt at a plan's height, the registry
//! of this binary's upgrade handlers and the module migrations they run.
//!
//! At the start of every block (before the begin blockers, as the SDK's pre-blockers) the
//! scheduled plan decides ([`pre_block`]):
//! * due, and this binary has its handler: the handler runs once, in the block (its writes
//!   are the block's), the plan is recorded as applied at this height and cleared;
//! * due, and no handler: the block is refused with [`Halt`]; FinalizeBlock writes
//!   `data/upgrade-info.json` for cosmovisor and the node stops at that height, committing
//!   nothing, until a binary with the handler is started;
//! * not due, and this binary has its handler: it was installed too early; refused the same
//!   way (the SDK's "BINARY UPDATED BEFORE TRIGGER").

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use cosmos_sdk_proto::cosmos::upgrade::v1beta1 as pb;
use openledger_framework::error::{call_error, sdk};
use openledger_framework::module::respond;
use openledger_framework::{
    msg_routes, query_routes, BlockCtx, CallError, Module, MsgRoute, QueryRoute, StateWrite,
};
use openledger_proto::methods::cosmos::upgrade::v1beta1::query as q;
use openledger_upgrade::{self as u, Plan, Step, UpgradeRead, UpgradeWrite};

use crate::app::AppError;
use crate::modules::MODULES;

pub struct Upgrade;

/// The upgrade module's state version. The `demo-upgrade` build has version 2, reached by the
/// `demo-upgrade` plan's migration (the upgrade e2e test sees it in `ModuleVersions`).
#[cfg(not(feature = "demo-upgrade"))]
const VERSION: u64 = 1;
#[cfg(feature = "demo-upgrade")]
const VERSION: u64 = 2;

impl Module for Upgrade {
    fn name(&self) -> &'static str {
        "upgrade"
    }

    /// No genesis field (as the SDK): a new chain starts with no plan and every module at the
    /// version of this binary.
    fn init_genesis(
        &self,
        state: &mut dyn StateWrite,
        _genesis: &serde_json::Value,
    ) -> Result<(), CallError> {
        for module in MODULES {
            state
                .set_module_version(module.name(), module.consensus_version())
                .map_err(call_error)?;
        }
        Ok(())
    }

    fn consensus_version(&self) -> u64 {
        VERSION
    }

    /// Version 1 to 2 (`demo-upgrade` builds only): nothing to move; the new version is
    /// recorded by [`run_migrations`].
    #[cfg(feature = "demo-upgrade")]
    fn migrate(
        &self,
        _state: &mut dyn StateWrite,
        _ctx: &BlockCtx,
        from: u64,
    ) -> Result<(), CallError> {
        match from {
            1 => Ok(()),
            _ => Err(CallError::new(
                sdk::CODESPACE,
                sdk::INTERNAL,
                format!("upgrade: no migration from version {from}"),
            )),
        }
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        msg_routes![
            #[proposal]
            pb::MsgSoftwareUpgrade => u::MsgSoftwareUpgrade => |s, c, m| respond(
                u::execute_software_upgrade(s, c, m),
                |()| pb::MsgSoftwareUpgradeResponse {},
            ),
            #[proposal]
            pb::MsgCancelUpgrade => u::MsgCancelUpgrade => |s, c, m| respond(
                u::execute_cancel_upgrade(s, c, m),
                |()| pb::MsgCancelUpgradeResponse {},
            ),
        ]
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        query_routes![
            q::CURRENT_PLAN => pb::QueryCurrentPlanRequest => |s, r| u::query_current_plan(s, r),
            q::APPLIED_PLAN => pb::QueryAppliedPlanRequest => |s, r| u::query_applied_plan(s, r),
            q::UPGRADED_CONSENSUS_STATE => pb::QueryUpgradedConsensusStateRequest
                => |s, r| u::query_upgraded_consensus_state(s, r),
            q::MODULE_VERSIONS => pb::QueryModuleVersionsRequest
                => |s, r| u::query_module_versions(s, r),
            q::AUTHORITY => pb::QueryAuthorityRequest => |s, r| u::query_authority(s, r),
        ]
    }
}

/// An upgrade this binary knows: the plan name governance uses, and what runs in the block at
/// the plan's height (its writes are the block's; an error stops the node).
#[derive(Clone, Copy)]
pub struct UpgradeHandler {
    pub name: &'static str,
    pub run: fn(&mut dyn StateWrite, &BlockCtx) -> Result<(), CallError>,
}

/// The upgrade handlers of this binary. A release that needs an upgrade adds its plan name
/// here (usually with [`run_migrations`]) together with the modules' new versions.
pub static HANDLERS: &[UpgradeHandler] = &[
    #[cfg(feature = "demo-upgrade")]
    UpgradeHandler {
        name: "demo-upgrade",
        run: run_migrations,
    },
];

/// Handlers registered when the node is built (the SDK's `SetUpgradeHandler`), beside
/// [`HANDLERS`]: for programs embedding the app and for tests. Every node of a network must run
/// a binary with the same handlers, as with any consensus code.
static REGISTERED: RwLock<Vec<UpgradeHandler>> = RwLock::new(Vec::new());

/// Register the handler of a plan name (before the node runs blocks); a later registration
/// of the same name is ignored.
pub fn register_handler(handler: UpgradeHandler) {
    if let Ok(mut r) = REGISTERED.write() {
        if !r.iter().any(|h| h.name == handler.name) {
            r.push(handler);
        }
    }
}

/// The handler of a plan name: compiled in first, then registered.
fn handler(name: &str) -> Option<UpgradeHandler> {
    let compiled = HANDLERS.iter().find(|h| h.name == name).cloned();
    compiled.or_else(|| {
        let r = REGISTERED.read().ok()?;
        r.iter().find(|h| h.name == name).cloned()
    })
}

/// The SDK's `RunMigrations`: every module in genesis order whose version in this binary is
/// above the stored one migrates step by step up to it; a module with no stored version is
/// new and starts from its default genesis. The new versions are stored.
pub fn run_migrations(state: &mut dyn StateWrite, ctx: &BlockCtx) -> Result<(), CallError> {
    for module in MODULES {
        let target = module.consensus_version();
        match state.module_version(module.name()).map_err(call_error)? {
            None => module.init_genesis(state, &serde_json::Value::Null)?,
            Some(stored) if stored > target => {
                return Err(CallError::new(
                    sdk::CODESPACE,
                    sdk::INTERNAL,
                    format!(
                        "{}: state version {stored} is above this binary's {target}",
                        module.name()
                    ),
                ));
            }
            // at most `target - stored` steps: bounded by the binary's own version
            Some(stored) => {
                for from in stored..target {
                    module.migrate(state, ctx, from)?;
                }
            }
        }
        state
            .set_module_version(module.name(), target)
            .map_err(call_error)?;
    }
    Ok(())
}

/// Why a block is refused at an upgrade; its text is the log line operators look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Halt {
    pub plan: Plan,
    /// This binary has the plan's handler but the plan is not due (installed too early).
    pub premature: bool,
}

impl std::fmt::Display for Halt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = &self.plan;
        if self.premature {
            write!(
                f,
                "BINARY UPDATED BEFORE TRIGGER! UPGRADE \"{}\" - in binary but not executed on \
                 chain (due at height {}); run the previous binary until then",
                p.name, p.height
            )
        } else {
            write!(
                f,
                "UPGRADE \"{}\" NEEDED at height {}: {}",
                p.name, p.height, p.info
            )
        }
    }
}

impl Halt {
    /// `<home>/data/upgrade-info.json`, as cosmovisor reads it: `{"name", "height", "info"}`.
    pub fn write_upgrade_info(&self, home: &Path) -> std::io::Result<PathBuf> {
        let dir = home.join("data");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("upgrade-info.json");
        let json = serde_json::json!({
            "name": self.plan.name,
            "height": self.plan.height,
            "info": self.plan.info,
        });
        std::fs::write(&path, json.to_string())?;
        Ok(path)
    }
}

/// The upgrade step at the start of the block (see the module documentation).
pub fn pre_block<S: StateWrite>(mut state: &mut S, ctx: &BlockCtx) -> Result<(), AppError> {
    let failed = |e: &dyn std::fmt::Display| AppError::Protocol(format!("upgrade: {e}"));
    let step =
        u::pre_block(&state, ctx.height, |name| handler(name).is_some()).map_err(|e| failed(&e))?;
    match step {
        Step::Continue => Ok(()),
        Step::Halt(plan) => Err(AppError::Upgrade(Box::new(Halt {
            plan,
            premature: false,
        }))),
        Step::Premature(plan) => Err(AppError::Upgrade(Box::new(Halt {
            plan,
            premature: true,
        }))),
        Step::Apply(plan) => {
            let h = handler(&plan.name)
                .ok_or_else(|| failed(&format!("no handler for {:?}", plan.name)))?;
            (h.run)(&mut state, ctx).map_err(|e| failed(&e))?;
            u::apply_plan(&mut state, ctx, &plan).map_err(|e| failed(&e))?;
            tracing::info!(name = %plan.name, height = ctx.height, "upgrade applied");
            Ok(())
        }
    }
}

/// Stop the node at an upgrade: for a due plan, `upgrade-info.json` under `home` (when the
/// node has one); then one error line, and the error FinalizeBlock answers with.
pub fn halt(home: Option<&Path>, halt: Box<Halt>) -> AppError {
    if let (false, Some(home)) = (halt.premature, home) {
        match halt.write_upgrade_info(home) {
            Ok(path) => {
                tracing::info!(path = %path.display(), "wrote the upgrade info for cosmovisor")
            }
            Err(e) => tracing::error!(error = %e, "cannot write data/upgrade-info.json"),
        }
    }
    tracing::error!("{halt}");
    AppError::Upgrade(halt)
}

#[cfg(test)]
mod tests {
    use openledger_framework::delta::MemState;

    use super::*;

    fn ctx() -> BlockCtx {
        BlockCtx {
            chain_id: "test-1".into(),
            height: 10,
            time_unix_secs: 1_700_000_000,
            time_nanos: 0,
        }
    }

    #[test]
    fn migrations_keep_current_modules_and_start_new_ones() {
        let mut s = MemState::empty();
        Upgrade
            .init_genesis(&mut s, &serde_json::Value::Null)
            .unwrap();
        let at_genesis = s.module_versions().unwrap();
        assert_eq!(at_genesis.len(), MODULES.len());
        run_migrations(&mut s, &ctx()).unwrap();
        assert_eq!(s.module_versions().unwrap(), at_genesis);
        // a module the state has no version of is new: it starts from its default genesis
        s.delete(openledger_upgrade::state_key::version("adapters"))
            .unwrap();
        run_migrations(&mut s, &ctx()).unwrap();
        assert_eq!(s.module_versions().unwrap(), at_genesis);
    }

    #[test]
    fn a_state_newer_than_the_binary_is_refused() {
        let mut s = MemState::empty();
        Upgrade
            .init_genesis(&mut s, &serde_json::Value::Null)
            .unwrap();
        s.set_module_version("bank", 9).unwrap();
        let e = run_migrations(&mut s, &ctx()).unwrap_err();
        assert!(e.log.contains("bank: state version 9"), "{e}");
    }

    #[test]
    fn the_halt_line_and_the_upgrade_info() {
        let halt = Halt {
            plan: Plan {
                name: "v2".into(),
                height: 42,
                info: "notes".into(),
            },
            premature: false,
        };
        assert_eq!(
            halt.to_string(),
            "UPGRADE \"v2\" NEEDED at height 42: notes"
        );
        let dir = std::env::temp_dir().join(format!("upgrade-info-{}", std::process::id()));
        let path = halt.write_upgrade_info(&dir).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"name": "v2", "height": 42, "info": "notes"})
        );
        std::fs::remove_dir_all(&dir).unwrap();
        let early = Halt {
            premature: true,
            ..halt
        };
        assert!(early
            .to_string()
            .starts_with("BINARY UPDATED BEFORE TRIGGER"));
    }
}
