//! The chain's own code, run in-process: a copy of a state (a live chain's snapshot or a
//! genesis) and the runtime wasm in its `:code`, executed by polkadot-sdk's executor
//! (`sc-executor`, wasmtime) with the host functions every Substrate runtime imports. Blocks
//! are built on it the way a node's block builder builds them (`Core::initialize_block`, the
//! inherents, extrinsics, `BlockBuilder::finalize_block`), so whatever the code does (hooks,
//! fees, migrations after an upgrade) happens as it would on the chain.

use codec::{Decode, Encode};
use sc_executor::WasmExecutor;
use sp_core::{
	storage::{well_known_keys, Storage},
	traits::{CallContext, CodeExecutor, ReadRuntimeVersionExt, RuntimeCode, WrappedRuntimeCode},
	Blake2Hasher, Hasher,
};
use sp_externalities::Externalities;
use sp_inherents::InherentData;
use sp_runtime::{
	generic::{Digest, DigestItem, Header as GenericHeader},
	traits::{BlakeTwo256, Header as _},
	ApplyExtrinsicResult, OpaqueExtrinsic,
};
use sp_state_machine::BasicExternalities;
use sp_version::RuntimeVersion;
use std::{collections::BTreeMap, path::PathBuf};
use subxt::Metadata;

/// The host functions a runtime of this chain imports.
type HostFunctions = sp_io::SubstrateHostFunctions;

/// A block header of this chain.
pub type Header = GenericHeader<u32, BlakeTwo256>;

/// The metadata version clients read.
const METADATA_VERSION: u32 = 15;
/// The engine id of Aura's slot digest.
const AURA_ENGINE_ID: [u8; 4] = *b"aura";
/// The inherent data key of the timestamp.
const TIMESTAMP_INHERENT: [u8; 8] = *b"timstap0";

/// What went wrong while running the runtime.
#[derive(Debug, thiserror::Error)]
pub enum WasmError {
	/// The state holds no runtime code.
	#[error("the state has no runtime code (no `:code` key)")]
	NoCode,
	/// The runtime trapped or the executor could not run it.
	#[error("the runtime failed in `{method}`: {message}")]
	Failed {
		/// The runtime API function.
		method: String,
		/// The executor's message (a panic's text, a missing host function, …).
		message: String,
	},
	/// The runtime returned bytes that are not the expected type.
	#[error("`{method}` returned a value that does not decode as {expected}: {error}")]
	Decode {
		/// The runtime API function.
		method: String,
		/// The expected Rust type.
		expected: &'static str,
		/// The decoder's message.
		error: codec::Error,
	},
	/// The runtime has no metadata clients can read.
	#[error("the runtime has no v{METADATA_VERSION} metadata: {0}")]
	Metadata(String),
	/// An inherent the runtime itself made was refused.
	#[error("the runtime refused its own inherent: {0}")]
	Inherent(String),
}

/// A state and the executor that runs the code in it.
pub struct State {
	executor: WasmExecutor<HostFunctions>,
	ext: BasicExternalities,
	/// The last code run and its hash, so that the hash is computed once per code.
	code: Option<(Vec<u8>, Vec<u8>)>,
}

/// Where wasmtime keeps compiled runtimes between runs, if the user has a cache directory.
fn cache_dir() -> Option<PathBuf> {
	let base = std::env::var_os("XDG_CACHE_HOME")
		.map(PathBuf::from)
		.or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
	let dir = base.join("dtao-gov").join("wasmtime");
	std::fs::create_dir_all(&dir).ok()?;
	Some(dir)
}

/// The process's one executor: every [`State`] holds a clone, which shares its cache of
/// compiled runtimes, so a runtime is compiled (or loaded from wasmtime's disk cache) once per
/// process, not once per state.
fn executor() -> WasmExecutor<HostFunctions> {
	static EXECUTOR: std::sync::OnceLock<WasmExecutor<HostFunctions>> = std::sync::OnceLock::new();
	EXECUTOR
		.get_or_init(|| {
			let builder = WasmExecutor::<HostFunctions>::builder()
				.with_max_runtime_instances(1)
				.with_runtime_cache_size(2);
			match cache_dir() {
				Some(dir) => builder.with_cache_path(dir).build(),
				None => builder.build(),
			}
		})
		.clone()
}

/// Merges the JSON `patch` into `base`: objects key by key, anything else replaced.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}

/// The storage key of a plain storage value `pallet.entry`.
pub fn value_key(pallet: &str, entry: &str) -> Vec<u8> {
	crate::chain::storage_key(pallet, entry, &[])
}

impl State {
	/// A state from raw storage; its `:code` is the runtime that runs.
	pub fn new(storage: Storage) -> Self {
		let executor = executor();
		let mut ext = BasicExternalities::new(storage);
		// `System.set_code` reads the new code's version through the executor.
		ext.register_extension(ReadRuntimeVersionExt::new(executor.clone()));
		Self { executor, ext, code: None }
	}

	/// The genesis state of `preset`, built by `code`'s own genesis builder.
	pub fn genesis(code: &[u8], preset: &str) -> Result<Self, WasmError> {
		let mut state = Self::new(Storage::default());
		state.set(well_known_keys::CODE, Some(code.to_vec()));
		let method = "GenesisBuilder_get_preset";
		let missing =
			|what: &str| WasmError::Failed { method: method.into(), message: what.into() };
		// A preset is a patch on the default config, as a chain spec builder merges it.
		let default: Option<Vec<u8>> = state.call(method, &None::<String>.encode())?;
		let patch: Option<Vec<u8>> = state.call(method, &Some(preset.to_string()).encode())?;
		let parse = |bytes: Option<Vec<u8>>, what: &str| {
			let bytes = bytes.ok_or_else(|| missing(&format!("the runtime has no {what}")))?;
			serde_json::from_slice::<serde_json::Value>(&bytes)
				.map_err(|e| missing(&format!("its {what} is not JSON: {e}")))
		};
		let mut config = parse(default, "default genesis config")?;
		merge(&mut config, parse(patch, &format!("preset `{preset}`"))?);
		let config = config.to_string().into_bytes();
		let built: Result<(), String> =
			state.call("GenesisBuilder_build_state", &config.encode())?;
		built.map_err(|message| WasmError::Failed {
			method: "GenesisBuilder_build_state".into(),
			message,
		})?;
		// The genesis builder writes every pallet's state but not the code itself.
		state.set(well_known_keys::CODE, Some(code.to_vec()));
		Ok(state)
	}

	/// Runs the runtime API function `method` on `data`, keeping its changes to the state.
	pub fn call_raw(&mut self, method: &str, data: &[u8]) -> Result<Vec<u8>, WasmError> {
		let code = self.get(well_known_keys::CODE).ok_or(WasmError::NoCode)?;
		let hash = match &self.code {
			Some((known, hash)) if *known == code => hash.clone(),
			_ => {
				let hash = Blake2Hasher::hash(&code).as_bytes().to_vec();
				self.code = Some((code.clone(), hash.clone()));
				hash
			}
		};
		let heap_pages =
			self.get(well_known_keys::HEAP_PAGES).and_then(|v| u64::decode(&mut &v[..]).ok());
		let fetch = WrappedRuntimeCode(code.into());
		let runtime_code = RuntimeCode { code_fetcher: &fetch, heap_pages, hash };
		let (result, _) = self.executor.call(
			&mut self.ext,
			&runtime_code,
			method,
			data,
			CallContext::Onchain { import: false },
		);
		result.map_err(|e| WasmError::Failed { method: method.into(), message: e.to_string() })
	}

	/// Runs `method` and decodes what it returns as `R`.
	pub fn call<R: Decode>(&mut self, method: &str, data: &[u8]) -> Result<R, WasmError> {
		let bytes = self.call_raw(method, data)?;
		R::decode(&mut &bytes[..]).map_err(|error| WasmError::Decode {
			method: method.into(),
			expected: std::any::type_name::<R>(),
			error,
		})
	}

	/// The version of the runtime in the state's `:code`.
	pub fn version(&mut self) -> Result<RuntimeVersion, WasmError> {
		self.call("Core_version", &[])
	}

	/// The metadata of the runtime in the state's `:code`.
	pub fn metadata(&mut self) -> Result<Metadata, WasmError> {
		let bytes: Option<Vec<u8>> =
			self.call("Metadata_metadata_at_version", &METADATA_VERSION.encode())?;
		let bytes = bytes.ok_or_else(|| WasmError::Metadata("none was returned".into()))?;
		Metadata::decode_from(&bytes[..]).map_err(|e| WasmError::Metadata(e.to_string()))
	}

	/// Whether the runtime implements the runtime API `name` (for example `TryRuntime`).
	pub fn has_api(&mut self, name: &str) -> Result<bool, WasmError> {
		let id = sp_crypto_hashing::blake2_64(name.as_bytes());
		Ok(self.version()?.apis.iter().any(|(api, _)| *api == id))
	}

	/// The value at `key`.
	pub fn get(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.ext.storage(key)
	}

	/// Sets (or, with `None`, removes) the value at `key`.
	pub fn set(&mut self, key: &[u8], value: Option<Vec<u8>>) {
		self.ext.place_storage(key.to_vec(), value);
	}

	/// The value at `key`, decoded; `None` if unset or not a `T`.
	pub fn read<T: Decode>(&mut self, key: &[u8]) -> Option<T> {
		self.get(key).and_then(|v| T::decode(&mut &v[..]).ok())
	}

	/// Every key and value of the state.
	pub fn pairs(&mut self) -> BTreeMap<Vec<u8>, Vec<u8>> {
		let mut all = BTreeMap::new();
		let mut key = Vec::new();
		while let Some(next) = self.ext.next_storage_key(&key) {
			if let Some(value) = self.ext.storage(&next) {
				all.insert(next.clone(), value);
			}
			key = next;
		}
		all
	}

	/// A copy of this state, with its own executor, for a run whose changes must not stay.
	pub fn fork(&mut self) -> Self {
		let pairs = self.pairs();
		let mut fork = Self::new(Storage { top: pairs, children_default: Default::default() });
		fork.code = self.code.clone();
		fork
	}

	/// Begins the block after the state's, as a block author would: the header carries the
	/// next Aura slot, and the inherents (the timestamp of that slot) are applied. Returns the
	/// new block's number.
	pub fn begin_block(&mut self, parent_hash: [u8; 32]) -> Result<u32, WasmError> {
		let number = self.read::<u32>(&value_key("System", "Number")).unwrap_or(0) + 1;
		let slot_duration: u64 = self.call("AuraApi_slot_duration", &[])?;
		let slot_duration = slot_duration.max(1);
		let current_slot = self.read::<u64>(&value_key("Aura", "CurrentSlot")).unwrap_or(0);
		let now = self.read::<u64>(&value_key("Timestamp", "Now")).unwrap_or(0);
		// The next slot whose time is at least the timestamp pallet's minimum period (half a
		// slot) after the last block's.
		let slot = (current_slot + 1).max((now + slot_duration / 2).div_ceil(slot_duration));
		let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
		let header =
			Header::new(number, Default::default(), Default::default(), parent_hash.into(), digest);
		self.call_raw("Core_initialize_block", &header.encode())?;
		let mut inherents = InherentData::new();
		inherents
			.put_data(TIMESTAMP_INHERENT, &(slot * slot_duration))
			.map_err(|e| WasmError::Inherent(e.to_string()))?;
		let extrinsics: Vec<OpaqueExtrinsic> =
			self.call("BlockBuilder_inherent_extrinsics", &inherents.encode())?;
		for xt in extrinsics {
			let applied: ApplyExtrinsicResult =
				self.call("BlockBuilder_apply_extrinsic", &xt.encode())?;
			match applied {
				Ok(Ok(())) => {}
				Ok(Err(e)) => return Err(WasmError::Inherent(format!("{e:?}"))),
				Err(e) => return Err(WasmError::Inherent(format!("{e:?}"))),
			}
		}
		Ok(number)
	}

	/// Finishes the block begun last (its `on_finalize` hooks run) and returns its header.
	pub fn finish_block(&mut self) -> Result<Header, WasmError> {
		self.call("BlockBuilder_finalize_block", &[])
	}

	/// Applies `call` (call data) as an extrinsic signed by `who`, through the runtime's
	/// `SimulationApi`: the transaction extensions run, fees included.
	pub fn apply_as(
		&mut self,
		who: &[u8; 32],
		call: &[u8],
	) -> Result<ApplyExtrinsicResult, WasmError> {
		let mut data = who.to_vec();
		data.extend_from_slice(call);
		self.call("SimulationApi_apply_as", &data)
	}

	/// Applies `call` as an unsigned extrinsic, as a node applies one from its pool.
	pub fn apply_unsigned(&mut self, call: &[u8]) -> Result<ApplyExtrinsicResult, WasmError> {
		// A bare extrinsic of format version 4: compact length, the version byte, the call.
		let mut body = vec![4u8];
		body.extend_from_slice(call);
		self.call("BlockBuilder_apply_extrinsic", &body.encode())
	}
}
