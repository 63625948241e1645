//! Liveness tracking, double-sign evidence, jailing and slashing.
