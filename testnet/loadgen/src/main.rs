//! openledger-loadgen: end-to-end load through CometBFT's RPC.
fn main() {}
