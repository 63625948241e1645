use crate::app::{AppError, BlockInput};
use openledger_framework::{BlockCtx, StateRead, StateWrite, ValidatorUpdate};
pub fn begin_block<S: StateWrite>(_: &mut S, _: &BlockCtx, _: &BlockInput) -> Result<(), AppError> {
    Ok(())
}
pub fn end_block<S: StateWrite>(_: &mut S, _: &BlockCtx) -> Result<Vec<ValidatorUpdate>, AppError> {
    Ok(vec![])
}
pub fn genesis_validators<S: StateRead>(_: &S) -> Result<Vec<ValidatorUpdate>, AppError> {
    Ok(vec![])
}
