//! Raw chain specs for the dTAO runtime.
//!
//! A raw spec carries the genesis storage itself (`genesis.raw.top`), `:code` included, which
//! is what Chopsticks accepts and what nodes start from without running the genesis builder.
//! The storage comes from the runtime's own genesis preset, built natively by
//! [`dtao_runtime::preset_storage`], so it always matches the runtime in this workspace.

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};
use std::path::Path;

/// The well-known storage key of the runtime code.
const CODE_KEY: &[u8] = b":code";

/// The raw chain spec of `preset`, running `code`.
pub fn raw_chain_spec(preset: &str, code: &[u8]) -> Result<Value> {
	let storage = dtao_runtime::preset_storage(preset).map_err(anyhow::Error::msg)?;
	anyhow::ensure!(
		storage.children_default.is_empty(),
		"preset `{preset}` has child storage, which raw specs here do not carry"
	);
	let mut top = Map::new();
	for (key, value) in storage.top {
		top.insert(hex_prefixed(&key), Value::String(hex_prefixed(&value)));
	}
	top.insert(hex_prefixed(CODE_KEY), Value::String(hex_prefixed(code)));

	let (name, id, chain_type) = match preset {
		"development" => ("dTAO Development", "dtao_dev", "Development"),
		"local_testnet" => ("dTAO Local Testnet", "dtao_local", "Local"),
		other => (other, other, "Custom"),
	};
	Ok(json!({
		"name": name,
		"id": id,
		"chainType": chain_type,
		"bootNodes": [],
		"telemetryEndpoints": null,
		"protocolId": "dtao",
		"properties": { "ss58Format": 42, "tokenDecimals": 9, "tokenSymbol": "TAO" },
		"codeSubstitutes": {},
		"genesis": { "raw": { "top": top, "childrenDefault": {} } }
	}))
}

/// Writes the raw chain spec of `preset`, running `code`, to `path`.
pub fn write_raw_chain_spec(preset: &str, code: &[u8], path: &Path) -> Result<()> {
	let spec = raw_chain_spec(preset, code)?;
	let text = serde_json::to_string_pretty(&spec)?;
	std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// The wasm this workspace built for the runtime.
pub fn runtime_wasm() -> Result<&'static [u8]> {
	dtao_runtime::WASM_BINARY
		.context("the runtime was built without wasm (SKIP_WASM_BUILD was set); rebuild without it")
}

fn hex_prefixed(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn development_spec_carries_code_and_genesis_storage() {
		let spec = raw_chain_spec("development", b"not really wasm").unwrap();
		let top = spec["genesis"]["raw"]["top"].as_object().unwrap();
		assert_eq!(top["0x3a636f6465"], "0x6e6f74207265616c6c79207761736d");
		// System, Balances, Triumvirate, Senate, Staking, Governance all wrote storage.
		assert!(top.len() > 30, "only {} keys", top.len());
		assert_eq!(spec["properties"]["tokenSymbol"], "TAO");
	}

	#[test]
	fn unknown_preset_is_named_in_the_error() {
		let err = raw_chain_spec("mainnet", b"").unwrap_err().to_string();
		assert!(err.contains("unknown genesis preset `mainnet`"), "{err}");
		assert!(err.contains("development"), "{err}");
	}
}
