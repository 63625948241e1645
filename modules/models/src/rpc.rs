//! Query functions behind `openledger.models.v1.Query`. One plain function per RPC; the gRPC
//! service and the ABCI query gateway are thin adapters over these.
//!
//! Pagination: `pagination.key` is the `next_key` of the previous page (an 8-byte big-endian
//! id, version number or sequence number), `limit` defaults to 100 and is capped at 1000;
//! `offset`, `count_total` and `reverse` are ignored.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use openledger_framework::{Address, StateRead};

use crate::error::ModelsError;
use crate::keeper::DatanetsKeeper;
use crate::model::{Model, Stage};
use crate::proto;
use crate::record::ModelVersion;
use crate::state::{self, ModelsRead};
use crate::state_key;

pub use openledger_framework::query::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
/// Index entries examined by one `Models` call filtered by both creator and stage; a page may
/// end early (with a `next_key`) when few of the creator's models are in the stage.
pub const MAX_MODELS_SCANNED: usize = 10_000;

fn page_limit(p: Option<&PageRequest>) -> usize {
    openledger_framework::query::page_limit(p.map_or(0, |p| p.limit))
}

fn model_id(id: u64) -> Result<u64, ModelsError> {
    if id == 0 {
        return Err(ModelsError::InvalidRequest("model id can not be 0".into()));
    }
    Ok(id)
}

/// Up to one page of items under `prefix`, from the page key on. `f` maps an entry to an item
/// or skips it (`None`). At most [`MAX_MODELS_SCANNED`] entries are examined. Returns the
/// items and the next key (the suffix after `prefix` of the first entry not examined).
fn page<S, T, F>(
    state: &S,
    prefix: &[u8],
    req: Option<&PageRequest>,
    mut f: F,
) -> Result<(Vec<T>, Vec<u8>), ModelsError>
where
    S: StateRead + ?Sized,
    F: FnMut(&[u8], &[u8]) -> Result<Option<T>, ModelsError>,
{
    let limit = page_limit(req);
    let start = req
        .map(|p| p.key.as_slice())
        .filter(|k| !k.is_empty())
        .map(|k| [prefix, k].concat());
    let mut items = Vec::new();
    let mut next_key = Vec::new();
    for (scanned, item) in state.prefix_raw(prefix, start.as_deref()).enumerate() {
        let (k, v) = item?;
        if scanned >= MAX_MODELS_SCANNED || items.len() == limit {
            next_key = k.get(prefix.len()..).unwrap_or_default().to_vec();
            break;
        }
        if let Some(t) = f(&k, &v)? {
            items.push(t);
        }
    }
    Ok((items, next_key))
}

fn pagination(next_key: Vec<u8>) -> Option<PageResponse> {
    Some(PageResponse { next_key, total: 0 })
}

fn load<S: StateRead + ?Sized>(state: &S, id: u64) -> Result<Model, ModelsError> {
    state.model(id)?.ok_or(ModelsError::UnknownModel(id))
}

/// The model behind an index entry (value: id BE).
fn indexed<S: StateRead + ?Sized>(state: &S, key: &[u8]) -> Result<Model, ModelsError> {
    let id = state_key::trailing_u64(key)
        .ok_or_else(|| ModelsError::Invariant("malformed index key".into()))?;
    state
        .model(id)?
        .ok_or_else(|| ModelsError::Invariant(format!("index names missing model {id}")))
}

pub fn query_model<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryModelRequest,
) -> Result<proto::QueryModelResponse, ModelsError> {
    let m = load(state, model_id(req.model_id)?)?;
    Ok(proto::QueryModelResponse {
        model: Some(m.to_proto()),
    })
}

/// `Models`: by id, or through the stage index, the creator index, or the creator index
/// filtered by stage.
pub fn query_models<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryModelsRequest,
) -> Result<proto::QueryModelsResponse, ModelsError> {
    let stage = match req.stage {
        0 => None,
        s => Some(
            Stage::from_proto(s)
                .map_err(|_| ModelsError::InvalidRequest(format!("model stage {s}")))?,
        ),
    };
    let creator = if req.creator.is_empty() {
        None
    } else {
        Some(req.creator.parse::<Address>()?)
    };
    let p = req.pagination.as_ref();
    let (models, next_key) = match (creator, stage) {
        (None, None) => page(state, &state_key::models_prefix(), p, |k, v| {
            state::decode_model(k, v).map(|m| Some(m.to_proto()))
        })?,
        (None, Some(stage)) => page(state, &state_key::by_stage_of(stage), p, |k, _| {
            indexed(state, k).map(|m| Some(m.to_proto()))
        })?,
        (Some(creator), stage) => page(state, &state_key::by_creator_of(&creator), p, |k, _| {
            let m = indexed(state, k)?;
            Ok(stage.is_none_or(|s| s == m.stage).then(|| m.to_proto()))
        })?,
    };
    Ok(proto::QueryModelsResponse {
        models,
        pagination: pagination(next_key),
    })
}

pub fn query_versions<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryVersionsRequest,
) -> Result<proto::QueryVersionsResponse, ModelsError> {
    let id = load(state, model_id(req.model_id)?)?.id;
    let (versions, next_key) = page(
        state,
        &state_key::versions_of(id),
        req.pagination.as_ref(),
        |k, v| state::decode_version(k, v).map(|v| Some(v.to_proto())),
    )?;
    Ok(proto::QueryVersionsResponse {
        versions,
        pagination: pagination(next_key),
    })
}

/// Version `number` of a model; 0 is the latest.
fn version_of<S: StateRead + ?Sized>(
    state: &S,
    id: u64,
    number: u64,
) -> Result<ModelVersion, ModelsError> {
    let m = load(state, model_id(id)?)?;
    let number = if number == 0 {
        m.latest_version
    } else {
        number
    };
    state
        .model_version(id, number)?
        .ok_or(ModelsError::UnknownVersion {
            model_id: id,
            version: number,
        })
}

pub fn query_version<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryVersionRequest,
) -> Result<proto::QueryVersionResponse, ModelsError> {
    let v = version_of(state, req.model_id, req.version)?;
    Ok(proto::QueryVersionResponse {
        version: Some(v.to_proto()),
    })
}

/// `Lineage`: the version and, for each datanet version it was built from, the root,
/// contribution count and size the datanets module records.
pub fn query_lineage<S: StateRead + ?Sized>(
    state: &S,
    keeper: &dyn DatanetsKeeper,
    req: &proto::QueryLineageRequest,
) -> Result<proto::QueryLineageResponse, ModelsError> {
    let v = version_of(state, req.model_id, req.version)?;
    let read: &dyn StateRead = &state;
    let mut datanets = Vec::with_capacity(v.datanet_versions.len());
    for r in &v.datanet_versions {
        let view = keeper.version(read, r.datanet_id, r.version)?.ok_or(
            ModelsError::UnknownDatanetVersion {
                datanet_id: r.datanet_id,
                version: r.version,
            },
        )?;
        datanets.push(proto::DatanetLineage {
            datanet_id: r.datanet_id,
            version: r.version,
            root: hex::encode(view.root),
            contribution_count: view.contribution_count,
            total_bytes: view.total_bytes.to_string(),
        });
    }
    Ok(proto::QueryLineageResponse {
        version: Some(v.to_proto()),
        datanets,
    })
}

pub fn query_history<S: StateRead + ?Sized>(
    state: &S,
    req: &proto::QueryHistoryRequest,
) -> Result<proto::QueryHistoryResponse, ModelsError> {
    let id = load(state, model_id(req.model_id)?)?.id;
    let (entries, next_key) = page(
        state,
        &state_key::history_of(id),
        req.pagination.as_ref(),
        |k, v| state::decode_history(k, v).map(|h| Some(h.to_proto())),
    )?;
    Ok(proto::QueryHistoryResponse {
        entries,
        pagination: pagination(next_key),
    })
}

pub fn query_params<S: StateRead + ?Sized>(
    state: &S,
    _req: &proto::QueryParamsRequest,
) -> Result<proto::QueryParamsResponse, ModelsError> {
    Ok(proto::QueryParamsResponse {
        params: Some(state.models_params()?.to_proto()),
    })
}
