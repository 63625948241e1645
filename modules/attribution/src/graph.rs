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

#[derive(Default)]
struct DatanetPart {
    weight: u128,
    amount: u128,
    inferences: u64,
}

/// The graph additions of several receipts, summed per row so each row is read and written
/// once however many of the receipts touch it (end block releases many receipts of the same
/// contributors at once). Writing the sum gives the rows, and the leaderboard keys, that
/// applying the receipts one by one would.
#[derive(Default)]
pub(crate) struct GraphBatch {
    /// by (model, contributor)
    contributors: BTreeMap<(u64, Address), ContributorPart>,
    /// by (contributor, datanet)
    contributor_datanets: BTreeMap<(Address, u64), u128>,
    /// by (model, datanet)
    datanets: BTreeMap<(u64, u64), DatanetPart>,
}

impl GraphBatch {
    /// Add one receipt (the split in force for it).
    pub(crate) fn add(&mut self, r: &Receipt) -> Result<(), AttributionError> {
        for e in &r.entries {
            let part = self
                .contributors
                .entry((r.model_id, e.contributor))
                .or_default();
            part.weight = add(part.weight, u128::from(e.weight_ppm))?;
            part.credited = add(part.credited, e.amount)?;
            part.entries = incr(part.entries)?;
            let dn = self
                .contributor_datanets
                .entry((e.contributor, e.datanet_id))
                .or_default();
            *dn = add(*dn, e.amount)?;
        }
        for d in &r.datanets {
            let part = self.datanets.entry((r.model_id, d.datanet_id)).or_default();
            part.weight = add(part.weight, u128::from(d.weight_ppm))?;
            part.amount = add(part.amount, d.amount)?;
            part.inferences = incr(part.inferences)?;
        }
        Ok(())
    }

    /// Write the sums: earnings per datanet and per model, influence rows and their
    /// leaderboard keys.
    pub(crate) fn write<S: StateWrite + ?Sized>(
        self,
        state: &mut S,
    ) -> Result<(), AttributionError> {
        for ((contributor, datanet_id), amount) in self.contributor_datanets {
            state::add_contrib_dn(state, &contributor, datanet_id, amount)?;
        }
        for ((model_id, contributor), part) in self.contributors {
            state::add_contrib_model(state, &contributor, model_id, part.credited)?;
            let old = state.contributor_influence(model_id, &contributor)?;
            let mut new = old.unwrap_or_else(|| ContributorInfluence::new(contributor));
            new.influence_ppm = add(new.influence_ppm, part.weight)?;
            new.earned = add(new.earned, part.credited)?;
            new.entries = new
                .entries
                .checked_add(part.entries)
                .ok_or(AttributionError::Overflow)?;
            state::put_contributor_influence(state, model_id, old.as_ref(), &new)?;
        }
        for ((model_id, datanet_id), part) in self.datanets {
            let old = state.datanet_influence(model_id, datanet_id)?;
            let mut new = old.unwrap_or(DatanetInfluence {
                datanet_id,
                ..DatanetInfluence::default()
            });
            new.influence_ppm = add(new.influence_ppm, part.weight)?;
            new.earned = add(new.earned, part.amount)?;
            new.inferences = new
                .inferences
                .checked_add(part.inferences)
                .ok_or(AttributionError::Overflow)?;
            state::put_datanet_influence(state, model_id, old.as_ref(), &new)?;
        }
        Ok(())
    }
}

/// Add one receipt to the graph.
pub(crate) fn apply_receipt<S: StateWrite + ?Sized>(
    state: &mut S,
    r: &Receipt,
) -> Result<(), AttributionError> {
    let mut batch = GraphBatch::default();
    batch.add(r)?;
    batch.write(state)
}
