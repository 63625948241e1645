//! [`impl_proto_name!`](crate::impl_proto_name): the `prost::Name` of hand-written protobuf
//! messages, so they can be packed into and matched against `Any` type URLs.

/// Implement `prost::Name` for message types of one protobuf package: the name is the Rust type
/// name, the full name `PACKAGE.Type` and the type URL `/PACKAGE.Type`.
///
/// ```
/// #[derive(Clone, PartialEq, prost::Message)]
/// pub struct MsgPing {}
///
/// openledger_framework::impl_proto_name!("example.v1"; MsgPing);
///
/// assert_eq!(<MsgPing as prost::Name>::type_url(), "/example.v1.MsgPing");
/// ```
#[macro_export]
macro_rules! impl_proto_name {
    ($package:expr; $($t:ident),* $(,)?) => {
        $(
            impl $crate::__prost::Name for $t {
                const NAME: &'static str = ::core::stringify!($t);
                const PACKAGE: &'static str = $package;
                fn full_name() -> ::std::string::String {
                    ::std::format!("{}.{}", Self::PACKAGE, Self::NAME)
                }
                fn type_url() -> ::std::string::String {
                    ::std::format!("/{}.{}", Self::PACKAGE, Self::NAME)
                }
            }
        )*
    };
}

#[cfg(test)]
mod tests {
    use prost::Name;

    const PACKAGE: &str = "openledger.test.v1";

    #[derive(Clone, PartialEq, prost::Message)]
    struct MsgA {}
    #[derive(Clone, PartialEq, prost::Message)]
    struct MsgB {}

    crate::impl_proto_name!(PACKAGE; MsgA, MsgB,);

    #[test]
    fn names_and_type_urls() {
        assert_eq!(MsgA::NAME, "MsgA");
        assert_eq!(MsgA::PACKAGE, PACKAGE);
        assert_eq!(MsgA::full_name(), "openledger.test.v1.MsgA");
        assert_eq!(MsgB::type_url(), "/openledger.test.v1.MsgB");
    }
}
