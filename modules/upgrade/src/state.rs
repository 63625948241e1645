//! The only way to touch upgrade state.

use openledger_framework::{StateRead, StateReadExt, StateWrite, StateWriteExt};

use crate::error::UpgradeError;
use crate::plan::Plan;
use crate::state_key;

/// Most module versions read: the app has a dozen modules; a larger map is a broken state.
pub const MAX_MODULES: usize = 256;

pub trait UpgradeRead: StateRead {
    /// The scheduled plan, if any.
    fn current_plan(&self) -> Result<Option<Plan>, UpgradeError> {
        Ok(self.get_borsh(&state_key::plan())?)
    }

    /// The height a plan of this name was applied at, if it was.
    fn done_height(&self, name: &str) -> Result<Option<u64>, UpgradeError> {
        Ok(self.get_borsh(&state_key::done(name))?)
    }

    fn module_version(&self, module: &str) -> Result<Option<u64>, UpgradeError> {
        Ok(self.get_borsh(&state_key::version(module))?)
    }

    /// Every stored module version, by module name (at most [`MAX_MODULES`]).
    fn module_versions(&self) -> Result<Vec<(String, u64)>, UpgradeError> {
        let mut out = Vec::new();
        for item in self
            .prefix_raw(&state_key::version_prefix(), None)
            .take(MAX_MODULES)
        {
            let (k, v) = item?;
            let name = state_key::parse_version_key(&k).ok_or_else(|| {
                UpgradeError::InvalidRequest("malformed module version key".into())
            })?;
            let version = borsh::from_slice::<u64>(&v)
                .map_err(|e| openledger_framework::StateError::decode(&k, e))?;
            out.push((name, version));
        }
        Ok(out)
    }
}
impl<S: StateRead + ?Sized> UpgradeRead for S {}

pub trait UpgradeWrite: StateWrite {
    fn set_plan(&mut self, plan: &Plan) -> Result<(), UpgradeError> {
        Ok(self.put_borsh(state_key::plan(), plan)?)
    }

    fn clear_plan(&mut self) -> Result<(), UpgradeError> {
        Ok(self.delete(state_key::plan())?)
    }

    fn set_done(&mut self, name: &str, height: u64) -> Result<(), UpgradeError> {
        Ok(self.put_borsh(state_key::done(name), &height)?)
    }

    fn set_module_version(&mut self, module: &str, version: u64) -> Result<(), UpgradeError> {
        Ok(self.put_borsh(state_key::version(module), &version)?)
    }
}
impl<S: StateWrite + ?Sized> UpgradeWrite for S {}
