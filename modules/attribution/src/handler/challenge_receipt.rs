use openledger_framework::{MsgCtx, StateWrite};
use sha2::{Digest, Sha256};

use super::{check_signer, incr, send_aopen};
use crate::error::AttributionError;
use crate::event;
use crate::msg::MsgChallengeReceipt;
use crate::state::{self, attribution_address, AttributionRead, HoldRecord};
use crate::types::{Challenge, ChallengeStatus};

fn len_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// `MsgChallengeReceipt`: the challenger disputes a receipt's attribution within its
/// challenge window. Checks, in this order, each with its own error:
///
/// 1. the receipt exists (46) and was recorded with the attribution engine (engine version
///    ≠ 0; 50);
/// 2. its data pool is still held (51), it has never been challenged (52), and the block
///    time is before its release time (51);
/// 3. the output is at most `max_challenge_output_bytes` (53) and its sha256 is the receipt's
///    `output_hash` (54);
/// 4. the bond (aopen) is at least `min_challenge_bond` (55);
/// 5. fewer than `max_open_challenges` challenges are OPEN (56).
///
/// Then the bond moves from the challenger to the module account (bank's errors pass
/// through), the challenge is stored OPEN with `deadline_height = height +
/// challenge_deadline_blocks`, the receipt's hold leaves the release queue until the
/// challenge is settled, and `EventReceiptChallenged` is emitted. Returns the challenge id.
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgChallengeReceipt,
) -> Result<u64, AttributionError> {
    check_signer(ctx, &msg.challenger)?;
    let params = state.attribution_params()?;

    // 1. the receipt
    let receipt = state
        .receipt(msg.receipt_id)?
        .ok_or(AttributionError::UnknownReceipt(msg.receipt_id))?;
    if receipt.engine_version == 0 {
        return Err(AttributionError::ReceiptBeforeEngine(receipt.id));
    }

    // 2. its challenge window
    let hold = state
        .receipt_hold(receipt.id)?
        .ok_or(AttributionError::ChallengeTooLate(receipt.id))?;
    if hold.challenge_id != 0 {
        return Err(AttributionError::ChallengeExists {
            receipt_id: receipt.id,
            challenge_id: hold.challenge_id,
        });
    }
    if i128::from(ctx.block.time_unix_secs) >= i128::from(hold.release_secs) {
        return Err(AttributionError::ChallengeTooLate(receipt.id));
    }

    // 3. the output
    if len_u64(msg.output.len()) > u64::from(params.max_challenge_output_bytes) {
        return Err(AttributionError::ChallengeOutputTooLarge {
            len: msg.output.len(),
            max: u64::from(params.max_challenge_output_bytes),
        });
    }
    if Sha256::digest(&msg.output).as_slice() != receipt.output_hash.as_slice() {
        return Err(AttributionError::WrongOutput(receipt.id));
    }

    // 4. the bond
    if msg.bond < params.min_challenge_bond {
        return Err(AttributionError::ChallengeBondTooSmall {
            got: msg.bond,
            min: params.min_challenge_bond,
        });
    }

    // 5. room for it
    let open = state.open_challenge_count()?;
    if open >= u64::from(params.max_open_challenges) {
        return Err(AttributionError::TooManyOpenChallenges(open));
    }

    send_aopen(state, &msg.challenger, &attribution_address(), msg.bond)?;
    let id = state.next_challenge_id()?;
    state::set_next_challenge_id(state, incr(id)?)?;
    let height = ctx.block.height;
    let deadline_height = height
        .checked_add(params.challenge_deadline_blocks)
        .ok_or(AttributionError::Overflow)?;
    let challenge = Challenge {
        id,
        receipt_id: receipt.id,
        challenger: msg.challenger,
        bond: msg.bond,
        output: msg.output.clone(),
        status: ChallengeStatus::Open,
        opened_height: height,
        deadline_height,
        settled_height: 0,
        agreed: Vec::new(),
        slashed: 0,
        reward: 0,
    };
    state::put_challenge(state, None, &challenge)?;
    state::put_hold(
        state,
        receipt.id,
        &HoldRecord {
            release_secs: hold.release_secs,
            challenge_id: id,
        },
        false,
    )?;
    state.record(event::receipt_challenged(&challenge));
    Ok(id)
}
