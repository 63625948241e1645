//! The attribution graph of each model: per datanet and per contributor influence (Σ weights)
//! and earnings, their leaderboards, and each contributor's earnings by datanet and by model.
//! All of it derives from receipts: the handler applies each new receipt, genesis import
//! replays the exported receipts.

use std::collections::BTreeMap;

use openledger_framework::{Address, StateWrite};

use crate::error::AttributionError;
use crate::handler::{add, incr};
use crate::state::{self, AttributionRead};
use crate::types::{ContributorInfluence, DatanetInfluence, Receipt};

#[derive(Default)]
struct ContributorPart {
    weight: u128,
    credited: u128,
    entries: u64,
}

/// Add one receipt to the graph, aggregated per contributor and per datanet first so each
/// row is written once.
pub(crate) fn apply_receipt<S: StateWrite + ?Sized>(
    state: &mut S,
    r: &Receipt,
) -> Result<(), AttributionError> {
    let mut by_contributor: BTreeMap<Address, ContributorPart> = BTreeMap::new();
    let mut by_contributor_datanet: BTreeMap<(Address, u64), u128> = BTreeMap::new();
    for e in &r.entries {
        let part = by_contributor.entry(e.contributor).or_default();
        part.weight = add(part.weight, u128::from(e.weight_ppm))?;
        part.credited = add(part.credited, e.amount)?;
        part.entries = incr(part.entries)?;
        let dn = by_contributor_datanet
            .entry((e.contributor, e.datanet_id))
            .or_default();
        *dn = add(*dn, e.amount)?;
    }
    for ((contributor, datanet_id), amount) in by_contributor_datanet {
        state::add_contrib_dn(state, &contributor, datanet_id, amount)?;
    }
    for (contributor, part) in by_contributor {
        state::add_contrib_model(state, &contributor, r.model_id, part.credited)?;
        let old = state.contributor_influence(r.model_id, &contributor)?;
        let mut new = old.unwrap_or_else(|| ContributorInfluence::new(contributor));
        new.influence_ppm = add(new.influence_ppm, part.weight)?;
        new.earned = add(new.earned, part.credited)?;
        new.entries = new
            .entries
            .checked_add(part.entries)
            .ok_or(AttributionError::Overflow)?;
        state::put_contributor_influence(state, r.model_id, old.as_ref(), &new)?;
    }
    for d in &r.datanets {
        let old = state.datanet_influence(r.model_id, d.datanet_id)?;
        let mut new = old.unwrap_or(DatanetInfluence {
            datanet_id: d.datanet_id,
            ..DatanetInfluence::default()
        });
        new.influence_ppm = add(new.influence_ppm, u128::from(d.weight_ppm))?;
        new.earned = add(new.earned, d.amount)?;
        new.inferences = incr(new.inferences)?;
        state::put_datanet_influence(state, r.model_id, old.as_ref(), &new)?;
    }
    Ok(())
}
