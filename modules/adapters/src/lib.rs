//! LoRA adapters (OpenLoRA): the adapter registry per model, who serves which adapter, operator standing.
