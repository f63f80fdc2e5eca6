//! The chain specifications the node knows by name.
//!
//! Both are built from the runtime's own genesis presets (see
//! `dtao_runtime::genesis_config_presets`): the node carries no genesis config of its own, the
//! runtime's `GenesisBuilder` API builds the genesis state from the preset when the node starts.

use sc_service::{ChainType, Properties};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// Specialized `ChainSpec`. This is a specialization of the general Substrate ChainSpec type.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The protocol id of the dTAO chains' networking.
const PROTOCOL_ID: &str = "dtao";

/// The wasm of the runtime this node was built with.
fn wasm_binary() -> Result<&'static [u8], String> {
	dtao_runtime::WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm is not available: the node was built with SKIP_WASM_BUILD set. \
		 Rebuild without it."
			.to_string()
	})
}

/// What wallets and explorers show: the generic substrate address format and TAO with its 9
/// decimals (1 TAO = 10⁹ rao).
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("ss58Format".into(), 42.into());
	properties.insert("tokenDecimals".into(), 9.into());
	properties.insert("tokenSymbol".into(), "TAO".into());
	properties
}

/// The `development` preset: one authority (Alice), short motion and epoch periods. What
/// `--dev` runs.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("dTAO Development")
		.with_id("dtao_dev")
		.with_chain_type(ChainType::Development)
		.with_protocol_id(PROTOCOL_ID)
		.with_properties(properties())
		.with_genesis_config_preset_name(DEV_RUNTIME_PRESET)
		.build())
}

/// The `local_testnet` preset: four authorities (Alice, Bob, Charlie, Dave), the reference
/// periods.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("dTAO Local Testnet")
		.with_id("dtao_local")
		.with_chain_type(ChainType::Local)
		.with_protocol_id(PROTOCOL_ID)
		.with_properties(properties())
		.with_genesis_config_preset_name(LOCAL_TESTNET_RUNTIME_PRESET)
		.build())
}
