//! Fine-tuning jobs (ModelFactory): compute providers, escrowed job budgets, delivery, acceptance and disputes.
