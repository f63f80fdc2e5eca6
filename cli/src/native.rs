//! The runtime this binary was built with: its metadata and the weight of a call, read
//! natively (for checking proposal files offline at once), and its wasm, which simulations run
//! when no chain is given.

use anyhow::{anyhow, Context, Result};
use codec::Decode;
use dtao_runtime::{Runtime, RuntimeCall};
use frame_support::dispatch::GetDispatchInfo;
use subxt::Metadata;

/// The metadata of the runtime built into this binary.
pub fn metadata() -> Result<Metadata> {
	let opaque = Runtime::metadata_at_version(15).context("the runtime has no v15 metadata")?;
	Metadata::decode_from(&opaque).context("decoding the runtime's own metadata")
}

/// `spec_name` and `spec_version` of the runtime built into this binary.
pub fn version() -> (String, u32) {
	(dtao_runtime::VERSION.spec_name.to_string(), dtao_runtime::VERSION.spec_version)
}

/// Decodes call data as a call of this runtime.
pub fn decode_call(call: &[u8]) -> Result<RuntimeCall> {
	RuntimeCall::decode(&mut &call[..]).map_err(|e| anyhow!("not a call of this runtime: {e}"))
}

/// The weight (ref time, proof size) the runtime declares for `call`.
pub fn weight(call: &RuntimeCall) -> (u64, u64) {
	let w = call.get_dispatch_info().call_weight;
	(w.ref_time(), w.proof_size())
}

/// The runtime's wasm built into this binary, if it was built with it.
pub fn wasm() -> Option<&'static [u8]> {
	dtao_runtime::WASM_BINARY
}
