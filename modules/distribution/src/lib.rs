//! Fee and reward distribution to validators and delegators, commission and the community pool.
