//! The operator gateway (docs/operator-gateway.md): an OpenAI-compatible HTTP gateway that
//! inference operators run in front of an OpenAI-compatible backend (vLLM, llama.cpp server,
//! LoRAX). It checks each request's signature, checks on chain that the user can pay, forwards
//! the request, attributes the output, and records the inference on chain in batched
//! transactions.
//!
//! The chain and the attribution engine are behind the [`Chain`] and [`Attributor`] traits;
//! [`serve`] takes both.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod auth;
pub mod backend;
pub mod batcher;
pub mod chain;
pub mod chain_client;
pub mod client;
pub mod clock;
pub mod config;
pub mod engine_attributor;
pub mod error;
pub mod fakes;
pub mod gateway;
pub mod sse;

pub use chain::{
    AttributeError, AttributionEntry, AttributionResult, Attributor, BoxFuture, Chain, ChainError,
    ChainRefusal, InferenceRecord, Receipt, RecordOutcome, Span,
};
pub use config::{Config, ModelEntry};
pub use gateway::{serve, Gateway, GatewayError};
