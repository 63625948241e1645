//! The node connection: CometBFT RPC (v0.38 dialect) and gRPC-style ABCI queries over it.
//!
//! Queries work like cosmjs: `abci_query` with `path` = the gRPC method name and `data` = the
//! protobuf-encoded request; the response value is the protobuf-encoded reply.

use std::time::Duration;

use anyhow::Context as _;
use prost::Message;
use tendermint::Hash;
use tendermint_rpc::client::CompatMode;
use tendermint_rpc::endpoint::{broadcast, status, tx};
use tendermint_rpc::{Client, HttpClient, HttpClientUrl};

/// gRPC method names served through ABCI `Query`.
pub mod paths {
    pub const AUTH_ACCOUNT: &str = "/cosmos.auth.v1beta1.Query/Account";
    pub const BANK_BALANCE: &str = "/cosmos.bank.v1beta1.Query/Balance";
    pub const BANK_ALL_BALANCES: &str = "/cosmos.bank.v1beta1.Query/AllBalances";
    pub const BANK_SUPPLY_OF: &str = "/cosmos.bank.v1beta1.Query/SupplyOf";
    pub const BANK_TOTAL_SUPPLY: &str = "/cosmos.bank.v1beta1.Query/TotalSupply";
    pub const TX_SIMULATE: &str = "/cosmos.tx.v1beta1.Service/Simulate";

    pub const STAKING_VALIDATORS: &str = "/cosmos.staking.v1beta1.Query/Validators";
    pub const STAKING_VALIDATOR: &str = "/cosmos.staking.v1beta1.Query/Validator";
    pub const STAKING_DELEGATION: &str = "/cosmos.staking.v1beta1.Query/Delegation";
    pub const STAKING_DELEGATOR_DELEGATIONS: &str =
        "/cosmos.staking.v1beta1.Query/DelegatorDelegations";
    pub const STAKING_DELEGATOR_UNBONDING_DELEGATIONS: &str =
        "/cosmos.staking.v1beta1.Query/DelegatorUnbondingDelegations";
    pub const STAKING_REDELEGATIONS: &str = "/cosmos.staking.v1beta1.Query/Redelegations";
    pub const STAKING_POOL: &str = "/cosmos.staking.v1beta1.Query/Pool";
    pub const STAKING_PARAMS: &str = "/cosmos.staking.v1beta1.Query/Params";

    pub const DISTRIBUTION_DELEGATION_REWARDS: &str =
        "/cosmos.distribution.v1beta1.Query/DelegationRewards";
    pub const DISTRIBUTION_DELEGATION_TOTAL_REWARDS: &str =
        "/cosmos.distribution.v1beta1.Query/DelegationTotalRewards";
    pub const DISTRIBUTION_DELEGATOR_VALIDATORS: &str =
        "/cosmos.distribution.v1beta1.Query/DelegatorValidators";
    pub const DISTRIBUTION_VALIDATOR_COMMISSION: &str =
        "/cosmos.distribution.v1beta1.Query/ValidatorCommission";
    pub const DISTRIBUTION_COMMUNITY_POOL: &str =
        "/cosmos.distribution.v1beta1.Query/CommunityPool";
    pub const DISTRIBUTION_PARAMS: &str = "/cosmos.distribution.v1beta1.Query/Params";
    pub const DISTRIBUTION_WITHDRAW_ADDRESS: &str =
        "/cosmos.distribution.v1beta1.Query/DelegatorWithdrawAddress";

    pub const SLASHING_SIGNING_INFO: &str = "/cosmos.slashing.v1beta1.Query/SigningInfo";
    pub const SLASHING_SIGNING_INFOS: &str = "/cosmos.slashing.v1beta1.Query/SigningInfos";
    pub const SLASHING_PARAMS: &str = "/cosmos.slashing.v1beta1.Query/Params";

    pub const GOV_PROPOSALS: &str = "/cosmos.gov.v1.Query/Proposals";
    pub const GOV_PROPOSAL: &str = "/cosmos.gov.v1.Query/Proposal";
    pub const GOV_VOTES: &str = "/cosmos.gov.v1.Query/Votes";
    pub const GOV_VOTE: &str = "/cosmos.gov.v1.Query/Vote";
    pub const GOV_DEPOSITS: &str = "/cosmos.gov.v1.Query/Deposits";
    pub const GOV_TALLY: &str = "/cosmos.gov.v1.Query/TallyResult";
    pub const GOV_PARAMS: &str = "/cosmos.gov.v1.Query/Params";
    pub const GOV_POWER: &str = "/openledger.gov.v1.Query/GovernancePower";
    pub const GOV_TOTAL_POWER: &str = "/openledger.gov.v1.Query/TotalPower";
    pub const NODE_CONFIG: &str = "/cosmos.base.node.v1beta1.Service/Config";

    pub const DATANETS_PARAMS: &str = "/openledger.datanets.v1.Query/Params";
    pub const DATANETS_DATANET: &str = "/openledger.datanets.v1.Query/Datanet";
    pub const DATANETS_DATANETS: &str = "/openledger.datanets.v1.Query/Datanets";
    pub const DATANETS_CONTRIBUTION: &str = "/openledger.datanets.v1.Query/Contribution";
    pub const DATANETS_CONTRIBUTIONS_BY_DATANET: &str =
        "/openledger.datanets.v1.Query/ContributionsByDatanet";
    pub const DATANETS_CONTRIBUTIONS_BY_CONTRIBUTOR: &str =
        "/openledger.datanets.v1.Query/ContributionsByContributor";
    pub const DATANETS_VERSIONS: &str = "/openledger.datanets.v1.Query/Versions";
    pub const DATANETS_VERSION: &str = "/openledger.datanets.v1.Query/Version";
    pub const DATANETS_STANDING: &str = "/openledger.datanets.v1.Query/Standing";
    pub const DATANETS_ACCESS: &str = "/openledger.datanets.v1.Query/Access";
    pub const DATANETS_CLAIMABLE: &str = "/openledger.datanets.v1.Query/Claimable";

    pub const MODELS_MODEL: &str = "/openledger.models.v1.Query/Model";
    pub const MODELS_MODELS: &str = "/openledger.models.v1.Query/Models";
    pub const MODELS_VERSIONS: &str = "/openledger.models.v1.Query/Versions";
    pub const MODELS_LINEAGE: &str = "/openledger.models.v1.Query/Lineage";
    pub const MODELS_HISTORY: &str = "/openledger.models.v1.Query/History";
    pub const MODELS_PARAMS: &str = "/openledger.models.v1.Query/Params";

    pub const ATTRIBUTION_PARAMS: &str = "/openledger.attribution.v1.Query/Params";
    pub const ATTRIBUTION_OPERATOR: &str = "/openledger.attribution.v1.Query/Operator";
    pub const ATTRIBUTION_OPERATORS: &str = "/openledger.attribution.v1.Query/Operators";
    pub const ATTRIBUTION_ACCOUNT: &str = "/openledger.attribution.v1.Query/Account";
    pub const ATTRIBUTION_GRANTS: &str = "/openledger.attribution.v1.Query/Grants";
    pub const ATTRIBUTION_RECEIPT: &str = "/openledger.attribution.v1.Query/Receipt";
    pub const ATTRIBUTION_RECEIPTS_BY_MODEL: &str =
        "/openledger.attribution.v1.Query/ReceiptsByModel";
    pub const ATTRIBUTION_RECEIPTS_BY_USER: &str =
        "/openledger.attribution.v1.Query/ReceiptsByUser";
    pub const ATTRIBUTION_RECEIPTS_BY_OPERATOR: &str =
        "/openledger.attribution.v1.Query/ReceiptsByOperator";
    pub const ATTRIBUTION_EARNINGS: &str = "/openledger.attribution.v1.Query/Earnings";
    pub const ATTRIBUTION_MODEL_INFLUENCE: &str = "/openledger.attribution.v1.Query/ModelInfluence";
    pub const ATTRIBUTION_TOP_CONTRIBUTORS: &str =
        "/openledger.attribution.v1.Query/TopContributors";
    pub const ATTRIBUTION_TOP_DATANETS: &str = "/openledger.attribution.v1.Query/TopDatanets";
    pub const ATTRIBUTION_TOTALS: &str = "/openledger.attribution.v1.Query/Totals";

    #[cfg(test)]
    mod tests {
        use openledger_attribution::proto::query_paths as attribution;
        use openledger_datanets::proto::query_paths as datanets;
        use openledger_models::proto::query_paths as models;

        /// The paths are the ones the modules serve.
        #[test]
        fn module_query_paths() {
            let pairs = [
                (super::DATANETS_PARAMS, datanets::PARAMS),
                (super::DATANETS_DATANET, datanets::DATANET),
                (super::DATANETS_DATANETS, datanets::DATANETS),
                (super::DATANETS_CONTRIBUTION, datanets::CONTRIBUTION),
                (
                    super::DATANETS_CONTRIBUTIONS_BY_DATANET,
                    datanets::CONTRIBUTIONS_BY_DATANET,
                ),
                (
                    super::DATANETS_CONTRIBUTIONS_BY_CONTRIBUTOR,
                    datanets::CONTRIBUTIONS_BY_CONTRIBUTOR,
                ),
                (super::DATANETS_VERSIONS, datanets::VERSIONS),
                (super::DATANETS_VERSION, datanets::VERSION),
                (super::DATANETS_STANDING, datanets::STANDING),
                (super::DATANETS_ACCESS, datanets::ACCESS),
                (super::DATANETS_CLAIMABLE, datanets::CLAIMABLE),
                (super::MODELS_MODEL, models::MODEL),
                (super::MODELS_MODELS, models::MODELS),
                (super::MODELS_VERSIONS, models::VERSIONS),
                (super::MODELS_LINEAGE, models::LINEAGE),
                (super::MODELS_HISTORY, models::HISTORY),
                (super::MODELS_PARAMS, models::PARAMS),
                (super::ATTRIBUTION_PARAMS, attribution::PARAMS),
                (super::ATTRIBUTION_OPERATOR, attribution::OPERATOR),
                (super::ATTRIBUTION_OPERATORS, attribution::OPERATORS),
                (super::ATTRIBUTION_ACCOUNT, attribution::ACCOUNT),
                (super::ATTRIBUTION_GRANTS, attribution::GRANTS),
                (super::ATTRIBUTION_RECEIPT, attribution::RECEIPT),
                (
                    super::ATTRIBUTION_RECEIPTS_BY_MODEL,
                    attribution::RECEIPTS_BY_MODEL,
                ),
                (
                    super::ATTRIBUTION_RECEIPTS_BY_USER,
                    attribution::RECEIPTS_BY_USER,
                ),
                (
                    super::ATTRIBUTION_RECEIPTS_BY_OPERATOR,
                    attribution::RECEIPTS_BY_OPERATOR,
                ),
                (super::ATTRIBUTION_EARNINGS, attribution::EARNINGS),
                (
                    super::ATTRIBUTION_MODEL_INFLUENCE,
                    attribution::MODEL_INFLUENCE,
                ),
                (
                    super::ATTRIBUTION_TOP_CONTRIBUTORS,
                    attribution::TOP_CONTRIBUTORS,
                ),
                (super::ATTRIBUTION_TOP_DATANETS, attribution::TOP_DATANETS),
                (super::ATTRIBUTION_TOTALS, attribution::TOTALS),
            ];
            for (ours, served) in pairs {
                assert_eq!(ours, served);
            }
        }
    }
}

/// Time limit of a single HTTP request to the node.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A transport or JSON-RPC failure, as one readable line.
///
/// `tendermint_rpc::Error` displays its whole trace (with a backtrace when `RUST_BACKTRACE` is
/// set); users only need the chain of messages.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct RpcError(String);

impl RpcError {
    pub fn is_not_found(&self) -> bool {
        self.0.to_ascii_lowercase().contains("not found")
    }
}

impl From<tendermint_rpc::Error> for RpcError {
    fn from(err: tendermint_rpc::Error) -> Self {
        Self(format!("{:#}", err.trace()))
    }
}

/// A failed ABCI query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("cannot query {path} on {node}: {reason}")]
    Rpc {
        path: &'static str,
        node: String,
        reason: RpcError,
    },
    #[error("{path} failed with code {code} (codespace {codespace:?}): {log}")]
    Abci {
        path: &'static str,
        code: u32,
        codespace: String,
        log: String,
    },
    #[error("cannot decode the reply of {path}: {reason}")]
    Decode {
        path: &'static str,
        reason: prost::DecodeError,
    },
    #[error("invalid query height {0}")]
    Height(u64),
}

impl QueryError {
    /// The chain reported that the queried object does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Abci { log, .. } if log.to_ascii_lowercase().contains("not found"))
    }
}

/// A CometBFT RPC client speaking the v0.38 dialect.
pub struct Rpc {
    client: HttpClient,
    url: String,
}

impl Rpc {
    pub fn connect(url: &str) -> anyhow::Result<Self> {
        let parsed: HttpClientUrl = url
            .parse()
            .with_context(|| format!("invalid --node URL {url:?}"))?;
        let client = HttpClient::builder(parsed)
            .compat_mode(CompatMode::V0_38)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .with_context(|| format!("cannot create an RPC client for {url}"))?;
        Ok(Self {
            client,
            url: url.to_owned(),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Runs a gRPC-style query through ABCI `Query`, at `height` or the latest height.
    pub async fn query<Req, Resp>(
        &self,
        path: &'static str,
        request: &Req,
        height: Option<u64>,
    ) -> Result<Resp, QueryError>
    where
        Req: Message,
        Resp: Message + Default,
    {
        let height = height
            .map(|h| tendermint::block::Height::try_from(h).map_err(|_| QueryError::Height(h)))
            .transpose()?;
        let response = self
            .client
            .abci_query(
                Some(path.to_owned()),
                request.encode_to_vec(),
                height,
                false,
            )
            .await
            .map_err(|source| QueryError::Rpc {
                path,
                node: self.url.clone(),
                reason: source.into(),
            })?;
        if response.code.is_err() {
            return Err(QueryError::Abci {
                path,
                code: response.code.value(),
                codespace: response.codespace,
                log: response.log,
            });
        }
        Resp::decode(response.value.as_slice())
            .map_err(|reason| QueryError::Decode { path, reason })
    }

    pub async fn status(&self) -> anyhow::Result<status::Response> {
        self.client
            .status()
            .await
            .map_err(RpcError::from)
            .with_context(|| format!("cannot get /status from {}", self.url))
    }

    pub async fn broadcast_sync(
        &self,
        tx: Vec<u8>,
    ) -> anyhow::Result<broadcast::tx_sync::Response> {
        self.client
            .broadcast_tx_sync(tx)
            .await
            .map_err(RpcError::from)
            .with_context(|| format!("broadcast_tx_sync to {} failed", self.url))
    }

    pub async fn broadcast_async(
        &self,
        tx: Vec<u8>,
    ) -> anyhow::Result<broadcast::tx_async::Response> {
        self.client
            .broadcast_tx_async(tx)
            .await
            .map_err(RpcError::from)
            .with_context(|| format!("broadcast_tx_async to {} failed", self.url))
    }

    /// `/tx?hash=`: the transaction and its result, once included in a block.
    pub async fn tx(&self, hash: Hash) -> Result<tx::Response, RpcError> {
        self.client.tx(hash, false).await.map_err(RpcError::from)
    }
}
