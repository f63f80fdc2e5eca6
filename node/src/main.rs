//! The dTAO governance chain node.
//!
//! A solochain node in the shape of polkadot-sdk's `templates/solochain/node`: Aura produces
//! blocks, GRANDPA finalizes them, the runtime is `dtao-runtime`'s wasm and the database is
//! ParityDb. `dtao-node --dev` runs a single-validator chain (the `development` preset, Alice).
#![warn(missing_docs)]
// `sc_cli::Error` is large, and it is what sc-cli's runner and its closures return.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
