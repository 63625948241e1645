//! Upgrade events. The SDK's x/upgrade emits only `upgrade{name, height}` when a plan is
//! applied; scheduling and cancelling are recorded too, so indexers see every change of plan.

use openledger_framework::Event;

use crate::plan::Plan;

pub const EVENT_TYPE_UPGRADE: &str = "upgrade";
pub const EVENT_TYPE_SOFTWARE_UPGRADE: &str = "software_upgrade";
pub const EVENT_TYPE_CANCEL_UPGRADE: &str = "cancel_software_upgrade";

/// A plan applied at its height: `upgrade{name, height}`.
pub fn applied(plan: &Plan) -> Event {
    Event::new(EVENT_TYPE_UPGRADE)
        .attr("name", plan.name.clone())
        .attr("height", plan.height.to_string())
}

/// A plan scheduled: `software_upgrade{name, height}`.
pub fn scheduled(plan: &Plan) -> Event {
    Event::new(EVENT_TYPE_SOFTWARE_UPGRADE)
        .attr("name", plan.name.clone())
        .attr("height", plan.height.to_string())
}

/// The plan cancelled: `cancel_software_upgrade{name}` (empty when there was none).
pub fn cancelled(name: &str) -> Event {
    Event::new(EVENT_TYPE_CANCEL_UPGRADE).attr("name", name.to_string())
}
