//! What the module queries share: their arguments (`--height`, a delegator, a validator),
//! paginated requests, and the shapes of their output (documents, lists, module params).

use clap::Args;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use prost::Message;
use serde::Serialize;

use super::view::Doc;
use crate::context::Context;
use crate::output;
use crate::rpc::Rpc;

/// Upper bound on pages fetched for one paginated query.
const MAX_PAGES: usize = 1000;

/// `--height` of every module query.
#[derive(Debug, Clone, Args)]
pub struct HeightOpt {
    /// Query the state at this block height (default: latest)
    #[arg(long)]
    pub height: Option<u64>,
}

/// A query without arguments.
#[derive(Debug, Args)]
pub struct PlainArgs {
    #[command(flatten)]
    pub height: HeightOpt,
}

/// A query about one delegator.
#[derive(Debug, Args)]
pub struct DelegatorArgs {
    /// Delegator address (open1...) or key name
    pub delegator: String,
    #[command(flatten)]
    pub height: HeightOpt,
}

/// A query about one validator.
#[derive(Debug, Args)]
pub struct ValidatorArgs {
    /// Validator operator address (openvaloper1...), or the key name of its operator
    pub validator: String,
    #[command(flatten)]
    pub height: HeightOpt,
}

/// Runs a paginated query to the end: `request` builds the request for a page,
/// `items` splits a response into its items and pagination.
pub async fn all_pages<Req, Resp, T>(
    rpc: &Rpc,
    path: &'static str,
    height: Option<u64>,
    mut request: impl FnMut(Option<PageRequest>) -> Req,
    mut items: impl FnMut(Resp) -> (Vec<T>, Option<PageResponse>),
) -> anyhow::Result<Vec<T>>
where
    Req: Message,
    Resp: Message + Default,
{
    let mut all = Vec::new();
    let mut key = Vec::new();
    for _ in 0..MAX_PAGES {
        let page = Some(PageRequest {
            key,
            ..Default::default()
        });
        let response: Resp = rpc.query(path, &request(page), height).await?;
        let (mut batch, pagination) = items(response);
        all.append(&mut batch);
        match pagination.map(|p| p.next_key) {
            Some(next) if !next.is_empty() => key = next,
            _ => return Ok(all),
        }
    }
    anyhow::bail!("{path} returned more than {MAX_PAGES} pages")
}

/// Prints a query result that has no text layout of its own: JSON as it is, text as the
/// indented `key: value` form of that JSON.
pub fn emit_doc<T: Serialize>(ctx: &Context, value: T) -> anyhow::Result<()> {
    output::emit(ctx.output, &Doc(value))
}

#[derive(Debug, Serialize)]
struct ParamsOut<P> {
    params: P,
}

/// Prints a module's params as `{"params": ...}` in the form a proposal file uses; `form`
/// converts them from protobuf, `module` names the module when the node returned none.
pub fn emit_params<P, F, E>(
    ctx: &Context,
    module: &str,
    params: Option<P>,
    form: impl FnOnce(&P) -> Result<F, E>,
) -> anyhow::Result<()>
where
    F: Serialize,
    anyhow::Error: From<E>,
{
    let params = params.ok_or_else(|| anyhow::anyhow!("the node returned no {module} params"))?;
    emit_doc(
        ctx,
        ParamsOut {
            params: form(&params)?,
        },
    )
}

/// The text of a list: `empty` when it has no rows, else the `header` line (if any) and one
/// line per row.
pub fn table<T>(
    rows: &[T],
    empty: &str,
    header: Option<&str>,
    row: impl Fn(&T) -> String,
) -> String {
    if rows.is_empty() {
        return empty.to_owned();
    }
    header
        .map(str::to_owned)
        .into_iter()
        .chain(rows.iter().map(row))
        .collect::<Vec<_>>()
        .join("\n")
}
