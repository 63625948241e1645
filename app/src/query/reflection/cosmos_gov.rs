//! Cosmos SDK governance files (`cosmos.gov.v1`), as `cosmos-sdk-proto` encodes them: the
//! types the Query service reaches, the Query service and the messages the chain accepts.

use super::dsl::{enumeration, file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![gov_types(), gov_query(), gov_msgs()]
}

fn gov_types() -> File {
    file("cosmos/gov/v1/gov.proto", "cosmos.gov.v1")
        .enumeration(enumeration!(VoteOption {
            VOTE_OPTION_UNSPECIFIED = 0,
            VOTE_OPTION_YES = 1,
            VOTE_OPTION_ABSTAIN = 2,
            VOTE_OPTION_NO = 3,
            VOTE_OPTION_NO_WITH_VETO = 4,
        }))
        .message(message!(WeightedVoteOption {
            VoteOption option = 1;
            string weight = 2;
        }))
        .message(message!(Deposit {
            uint64 proposal_id = 1;
            string depositor = 2;
            repeated ".cosmos.base.v1beta1.Coin" amount = 3;
        }))
        .message(message!(Proposal {
            uint64 id = 1;
            repeated ".google.protobuf.Any" messages = 2;
            ProposalStatus status = 3;
            TallyResult final_tally_result = 4;
            ".google.protobuf.Timestamp" submit_time = 5;
            ".google.protobuf.Timestamp" deposit_end_time = 6;
            repeated ".cosmos.base.v1beta1.Coin" total_deposit = 7;
            ".google.protobuf.Timestamp" voting_start_time = 8;
            ".google.protobuf.Timestamp" voting_end_time = 9;
            string metadata = 10;
            string title = 11;
            string summary = 12;
            string proposer = 13;
            bool expedited = 14;
            string failed_reason = 15;
        }))
        .enumeration(enumeration!(ProposalStatus {
            PROPOSAL_STATUS_UNSPECIFIED = 0,
            PROPOSAL_STATUS_DEPOSIT_PERIOD = 1,
            PROPOSAL_STATUS_VOTING_PERIOD = 2,
            PROPOSAL_STATUS_PASSED = 3,
            PROPOSAL_STATUS_REJECTED = 4,
            PROPOSAL_STATUS_FAILED = 5,
        }))
        .message(message!(TallyResult {
            string yes_count = 1;
            string abstain_count = 2;
            string no_count = 3;
            string no_with_veto_count = 4;
        }))
        .message(message!(Vote {
            uint64 proposal_id = 1;
            string voter = 2;
            reserved 3;
            repeated WeightedVoteOption options = 4;
            string metadata = 5;
        }))
        .message(message!(DepositParams {
            repeated ".cosmos.base.v1beta1.Coin" min_deposit = 1;
            ".google.protobuf.Duration" max_deposit_period = 2;
        }))
        .message(message!(VotingParams {
            ".google.protobuf.Duration" voting_period = 1;
        }))
        .message(message!(TallyParams {
            string quorum = 1;
            string threshold = 2;
            string veto_threshold = 3;
        }))
        .message(message!(Params {
            repeated ".cosmos.base.v1beta1.Coin" min_deposit = 1;
            ".google.protobuf.Duration" max_deposit_period = 2;
            ".google.protobuf.Duration" voting_period = 3;
            string quorum = 4;
            string threshold = 5;
            string veto_threshold = 6;
            string min_initial_deposit_ratio = 7;
            string proposal_cancel_ratio = 8;
            string proposal_cancel_dest = 9;
            ".google.protobuf.Duration" expedited_voting_period = 10;
            string expedited_threshold = 11;
            repeated ".cosmos.base.v1beta1.Coin" expedited_min_deposit = 12;
            bool burn_vote_quorum = 13;
            bool burn_proposal_deposit_prevote = 14;
            bool burn_vote_veto = 15;
            string min_deposit_ratio = 16;
        }))
}

fn gov_query() -> File {
    file("cosmos/gov/v1/query.proto", "cosmos.gov.v1")
        .message(message!(QueryConstitutionRequest {}))
        .message(message!(QueryConstitutionResponse {
            string constitution = 1;
        }))
        .message(message!(QueryProposalRequest {
            uint64 proposal_id = 1;
        }))
        .message(message!(QueryProposalResponse {
            Proposal proposal = 1;
        }))
        .message(message!(QueryProposalsRequest {
            ProposalStatus proposal_status = 1;
            string voter = 2;
            string depositor = 3;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 4;
        }))
        .message(message!(QueryProposalsResponse {
            repeated Proposal proposals = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryVoteRequest {
            uint64 proposal_id = 1;
            string voter = 2;
        }))
        .message(message!(QueryVoteResponse {
            Vote vote = 1;
        }))
        .message(message!(QueryVotesRequest {
            uint64 proposal_id = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QueryVotesResponse {
            repeated Vote votes = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryParamsRequest {
            string params_type = 1;
        }))
        .message(message!(QueryParamsResponse {
            VotingParams voting_params = 1 [deprecated];
            DepositParams deposit_params = 2 [deprecated];
            TallyParams tally_params = 3 [deprecated];
            Params params = 4;
        }))
        .message(message!(QueryDepositRequest {
            uint64 proposal_id = 1;
            string depositor = 2;
        }))
        .message(message!(QueryDepositResponse {
            Deposit deposit = 1;
        }))
        .message(message!(QueryDepositsRequest {
            uint64 proposal_id = 1;
            ".cosmos.base.query.v1beta1.PageRequest" pagination = 2;
        }))
        .message(message!(QueryDepositsResponse {
            repeated Deposit deposits = 1;
            ".cosmos.base.query.v1beta1.PageResponse" pagination = 2;
        }))
        .message(message!(QueryTallyResultRequest {
            uint64 proposal_id = 1;
        }))
        .message(message!(QueryTallyResultResponse {
            TallyResult tally = 1;
        }))
        .service(service!(Query {
            Constitution(QueryConstitutionRequest) -> QueryConstitutionResponse;
            Proposal(QueryProposalRequest) -> QueryProposalResponse;
            Proposals(QueryProposalsRequest) -> QueryProposalsResponse;
            Vote(QueryVoteRequest) -> QueryVoteResponse;
            Votes(QueryVotesRequest) -> QueryVotesResponse;
            Params(QueryParamsRequest) -> QueryParamsResponse;
            Deposit(QueryDepositRequest) -> QueryDepositResponse;
            Deposits(QueryDepositsRequest) -> QueryDepositsResponse;
            TallyResult(QueryTallyResultRequest) -> QueryTallyResultResponse;
        }))
}

fn gov_msgs() -> File {
    file("cosmos/gov/v1/tx.proto", "cosmos.gov.v1")
        .message(message!(MsgSubmitProposal {
            repeated ".google.protobuf.Any" messages = 1;
            repeated ".cosmos.base.v1beta1.Coin" initial_deposit = 2;
            string proposer = 3;
            string metadata = 4;
            string title = 5;
            string summary = 6;
            bool expedited = 7;
        }))
        .message(message!(MsgSubmitProposalResponse {
            uint64 proposal_id = 1;
        }))
        .message(message!(MsgVote {
            uint64 proposal_id = 1;
            string voter = 2;
            VoteOption option = 3;
            string metadata = 4;
        }))
        .message(message!(MsgVoteResponse {}))
        .message(message!(MsgVoteWeighted {
            uint64 proposal_id = 1;
            string voter = 2;
            repeated WeightedVoteOption options = 3;
            string metadata = 4;
        }))
        .message(message!(MsgVoteWeightedResponse {}))
        .message(message!(MsgDeposit {
            uint64 proposal_id = 1;
            string depositor = 2;
            repeated ".cosmos.base.v1beta1.Coin" amount = 3;
        }))
        .message(message!(MsgDepositResponse {}))
        .message(message!(MsgUpdateParams {
            string authority = 1;
            Params params = 2;
        }))
        .message(message!(MsgUpdateParamsResponse {}))
}
