//! Well-known protobuf types and the CometBFT 0.38 (`tendermint.*`) types the Cosmos
//! services reach, as `tendermint-proto` encodes them.

use super::dsl::{enumeration, file, message, File};

pub(super) fn files() -> Vec<File> {
    vec![
        any(),
        duration(),
        timestamp(),
        abci(),
        version(),
        keys(),
        p2p(),
        validator(),
        types(),
        evidence(),
        block(),
    ]
}

fn any() -> File {
    file("google/protobuf/any.proto", "google.protobuf").message(message!(Any {
        string type_url = 1;
        bytes value = 2;
    }))
}

fn duration() -> File {
    file("google/protobuf/duration.proto", "google.protobuf").message(message!(Duration {
        int64 seconds = 1;
        int32 nanos = 2;
    }))
}

fn timestamp() -> File {
    file("google/protobuf/timestamp.proto", "google.protobuf").message(message!(Timestamp {
        int64 seconds = 1;
        int32 nanos = 2;
    }))
}

fn abci() -> File {
    file("tendermint/abci/types.proto", "tendermint.abci")
        .message(message!(Event {
            string type = 1;
            repeated EventAttribute attributes = 2;
        }))
        .message(message!(EventAttribute {
            string key = 1;
            string value = 2;
            bool index = 3;
        }))
}

fn version() -> File {
    file("tendermint/version/types.proto", "tendermint.version").message(message!(Consensus {
        uint64 block = 1;
        uint64 app = 2;
    }))
}

fn keys() -> File {
    file("tendermint/crypto/keys.proto", "tendermint.crypto").message(message!(PublicKey {
        oneof sum {
            bytes ed25519 = 1;
            bytes secp256k1 = 2;
        }
    }))
}

fn p2p() -> File {
    file("tendermint/p2p/types.proto", "tendermint.p2p")
        .message(message!(ProtocolVersion {
            uint64 p2p = 1;
            uint64 block = 2;
            uint64 app = 3;
        }))
        .message(message!(DefaultNodeInfo {
            ProtocolVersion protocol_version = 1;
            string default_node_id = 2;
            string listen_addr = 3;
            string network = 4;
            string version = 5;
            bytes channels = 6;
            string moniker = 7;
            DefaultNodeInfoOther other = 8;
        }))
        .message(message!(DefaultNodeInfoOther {
            string tx_index = 1;
            string rpc_address = 2;
        }))
}

fn evidence() -> File {
    file("tendermint/types/evidence.proto", "tendermint.types")
        .message(message!(Evidence {
            oneof sum {
                DuplicateVoteEvidence duplicate_vote_evidence = 1;
                LightClientAttackEvidence light_client_attack_evidence = 2;
            }
        }))
        .message(message!(DuplicateVoteEvidence {
            Vote vote_a = 1;
            Vote vote_b = 2;
            int64 total_voting_power = 3;
            int64 validator_power = 4;
            ".google.protobuf.Timestamp" timestamp = 5;
        }))
        .message(message!(LightClientAttackEvidence {
            LightBlock conflicting_block = 1;
            int64 common_height = 2;
            repeated Validator byzantine_validators = 3;
            int64 total_voting_power = 4;
            ".google.protobuf.Timestamp" timestamp = 5;
        }))
        .message(message!(EvidenceList {
            repeated Evidence evidence = 1;
        }))
}

fn block() -> File {
    file("tendermint/types/block.proto", "tendermint.types").message(message!(Block {
        Header header = 1;
        Data data = 2;
        EvidenceList evidence = 3;
        Commit last_commit = 4;
    }))
}

fn validator() -> File {
    file("tendermint/types/validator.proto", "tendermint.types")
        .enumeration(enumeration!(BlockIDFlag {
            BLOCK_ID_FLAG_UNKNOWN = 0,
            BLOCK_ID_FLAG_ABSENT = 1,
            BLOCK_ID_FLAG_COMMIT = 2,
            BLOCK_ID_FLAG_NIL = 3,
        }))
        .message(message!(ValidatorSet {
            repeated Validator validators = 1;
            Validator proposer = 2;
            int64 total_voting_power = 3;
        }))
        .message(message!(Validator {
            bytes address = 1;
            ".tendermint.crypto.PublicKey" pub_key = 2;
            int64 voting_power = 3;
            int64 proposer_priority = 4;
        }))
}

fn types() -> File {
    file("tendermint/types/types.proto", "tendermint.types")
        .enumeration(enumeration!(SignedMsgType {
            SIGNED_MSG_TYPE_UNKNOWN = 0,
            SIGNED_MSG_TYPE_PREVOTE = 1,
            SIGNED_MSG_TYPE_PRECOMMIT = 2,
            SIGNED_MSG_TYPE_PROPOSAL = 32,
        }))
        .message(message!(PartSetHeader {
            uint32 total = 1;
            bytes hash = 2;
        }))
        .message(message!(BlockID {
            bytes hash = 1;
            PartSetHeader part_set_header = 2;
        }))
        .message(message!(Header {
            ".tendermint.version.Consensus" version = 1;
            string chain_id = 2;
            int64 height = 3;
            ".google.protobuf.Timestamp" time = 4;
            BlockID last_block_id = 5;
            bytes last_commit_hash = 6;
            bytes data_hash = 7;
            bytes validators_hash = 8;
            bytes next_validators_hash = 9;
            bytes consensus_hash = 10;
            bytes app_hash = 11;
            bytes last_results_hash = 12;
            bytes evidence_hash = 13;
            bytes proposer_address = 14;
        }))
        .message(message!(Data {
            repeated bytes txs = 1;
        }))
        .message(message!(Vote {
            SignedMsgType type = 1;
            int64 height = 2;
            int32 round = 3;
            BlockID block_id = 4;
            ".google.protobuf.Timestamp" timestamp = 5;
            bytes validator_address = 6;
            int32 validator_index = 7;
            bytes signature = 8;
            bytes extension = 9;
            bytes extension_signature = 10;
        }))
        .message(message!(Commit {
            int64 height = 1;
            int32 round = 2;
            BlockID block_id = 3;
            repeated CommitSig signatures = 4;
        }))
        .message(message!(CommitSig {
            BlockIDFlag block_id_flag = 1;
            bytes validator_address = 2;
            ".google.protobuf.Timestamp" timestamp = 3;
            bytes signature = 4;
        }))
        .message(message!(SignedHeader {
            Header header = 1;
            Commit commit = 2;
        }))
        .message(message!(LightBlock {
            SignedHeader signed_header = 1;
            ValidatorSet validator_set = 2;
        }))
}
