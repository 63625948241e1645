//! Wire types of `openledger.adapters.v1`, generated from `proto/openledger/adapters/v1/`
//! (see the `openledger-proto` crate); those files are the public contract.

pub use openledger_proto::openledger::adapters::v1::*;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.adapters.v1";

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Name;

    #[test]
    fn type_urls() {
        assert_eq!(
            MsgRegisterAdapter::type_url(),
            "/openledger.adapters.v1.MsgRegisterAdapter"
        );
        assert_eq!(
            EventAdapterRegistered::full_name(),
            "openledger.adapters.v1.EventAdapterRegistered"
        );
    }
}
