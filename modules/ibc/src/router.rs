//! The port router: `transfer` is the only application bound to a port.

use ibc::core::host::types::identifiers::PortId;
use ibc::core::router::module::Module as IbcModule;
use ibc::core::router::router::Router;
use ibc::core::router::types::module::ModuleId;

use crate::context::Host;
use crate::transfer::TransferModule;

#[derive(Debug)]
pub struct IbcRouter<'h, 'a> {
    transfer: TransferModule<'h, 'a>,
}

impl<'h, 'a> IbcRouter<'h, 'a> {
    pub fn new(host: &'h Host<'a>) -> Self {
        IbcRouter {
            transfer: TransferModule { host },
        }
    }
}

fn transfer_id() -> ModuleId {
    ModuleId::new(crate::transfer::PORT.to_string())
}

impl Router for IbcRouter<'_, '_> {
    fn get_route(&self, module_id: &ModuleId) -> Option<&dyn IbcModule> {
        (module_id == &transfer_id()).then_some(&self.transfer as &dyn IbcModule)
    }

    fn get_route_mut(&mut self, module_id: &ModuleId) -> Option<&mut dyn IbcModule> {
        if module_id == &transfer_id() {
            Some(&mut self.transfer)
        } else {
            None
        }
    }

    fn lookup_module(&self, port_id: &PortId) -> Option<ModuleId> {
        (port_id == &PortId::transfer()).then(transfer_id)
    }
}
