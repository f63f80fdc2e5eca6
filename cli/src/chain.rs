//! A live chain over JSON-RPC: connect, read state, sign and submit transactions, and turn
//! every way a transaction can fail into one error that names the problem.
//!
//! subxt talks to the chain through its legacy RPC backend, which every Substrate node and
//! Chopsticks serve (Chopsticks implements only part of the newer `chainHead_v1` methods).

use anyhow::{anyhow, Context, Result};
use std::{fmt, sync::Arc, time::Duration};
use subxt::{
	backend::LegacyBackend,
	dynamic::Value,
	error::{
		BackendError, DispatchError, ExtrinsicError, RpcError, TransactionEventsError,
		TransactionProgressError, TransactionStatusError,
	},
	ext::{
		scale_decode::{DecodeAsFields, DecodeAsType},
		scale_value::{Composite, ValueDef},
	},
	metadata::StorageHasher,
	rpcs::{rpc_params, RpcClient},
	transactions::Payload,
	OnlineClient, OnlineClientAtBlock, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// The runtime APIs `dtao-gov` calls, with the encoding of their arguments and answers:
/// shared by the chain client (over `state_call`) and the in-process executor
/// ([`crate::wasm`]), so that both ask the runtime the same way.
pub mod api {
	use codec::{Compact, Decode, Encode};

	/// `GovernanceApi::senate`: seats, candidates with their lasting stake, the Triumvirate.
	pub const SENATE: &str = "GovernanceApi_senate";
	/// `TransactionPaymentCallApi::query_call_info`: a call's weight, class and fee.
	pub const QUERY_CALL_INFO: &str = "TransactionPaymentCallApi_query_call_info";

	/// The arguments of [`QUERY_CALL_INFO`] for `call` (call data): the call, its length.
	pub fn query_call_info_args(call: &[u8]) -> Vec<u8> {
		let mut args = call.to_vec();
		(call.len() as u32).encode_to(&mut args);
		args
	}

	/// The weight (ref time, proof size) in an answer of [`QUERY_CALL_INFO`], which begins
	/// with it as two compact integers.
	pub fn call_weight(answer: &[u8]) -> Result<(u64, u64), codec::Error> {
		let mut input = answer;
		let ref_time = Compact::<u64>::decode(&mut input)?.0;
		let proof_size = Compact::<u64>::decode(&mut input)?.0;
		Ok((ref_time, proof_size))
	}
}

/// The storage key of `pallet.entry` followed by `suffix` (a map's hashed key, or nothing for
/// a plain value).
pub fn storage_key(pallet: &str, entry: &str, suffix: &[u8]) -> Vec<u8> {
	let mut key = sp_io::hashing::twox_128(pallet.as_bytes()).to_vec();
	key.extend_from_slice(&sp_io::hashing::twox_128(entry.as_bytes()));
	key.extend_from_slice(suffix);
	key
}

/// A map key as `hasher` puts it in a storage key.
pub fn hash_key(hasher: StorageHasher, data: &[u8]) -> Vec<u8> {
	use sp_io::hashing::{blake2_128, blake2_256, twox_128, twox_256, twox_64};
	match hasher {
		StorageHasher::Blake2_128 => blake2_128(data).to_vec(),
		StorageHasher::Blake2_256 => blake2_256(data).to_vec(),
		StorageHasher::Blake2_128Concat => [&blake2_128(data)[..], data].concat(),
		StorageHasher::Twox128 => twox_128(data).to_vec(),
		StorageHasher::Twox256 => twox_256(data).to_vec(),
		StorageHasher::Twox64Concat => [&twox_64(data)[..], data].concat(),
		StorageHasher::Identity => data.to_vec(),
	}
}

/// How `hasher` writes a key: the length of its hash, and whether the key itself follows.
pub fn hasher_shape(hasher: StorageHasher) -> (usize, bool) {
	match hasher {
		StorageHasher::Blake2_128Concat => (16, true),
		StorageHasher::Twox64Concat => (8, true),
		StorageHasher::Identity => (0, true),
		StorageHasher::Blake2_128 | StorageHasher::Twox128 => (16, false),
		StorageHasher::Blake2_256 | StorageHasher::Twox256 => (32, false),
	}
}

/// The client type used against the chain.
pub type Client = OnlineClient<PolkadotConfig>;
/// Events of one extrinsic.
pub type Events = subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>;
/// A 32-byte hash.
pub type H256 = [u8; 32];

/// How long connecting may take before the chain counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// A dispatch that failed: the extrinsic is in `block`, and its `System.ExtrinsicFailed`
/// event carries `error`.
#[derive(Debug, Clone)]
pub struct DispatchFailed {
	/// `Pallet::Error` for a module error (`Governance::NotTriumvir`, `System::CallFiltered`),
	/// otherwise the `DispatchError` variant (`BadOrigin`, …).
	pub error: String,
	/// The block that included the extrinsic.
	pub block: H256,
}

impl fmt::Display for DispatchFailed {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "dispatch failed with {} in block 0x{}", self.error, hex::encode(self.block))
	}
}

impl std::error::Error for DispatchFailed {}

/// A transaction that the chain refused to take into its pool (JSON-RPC error `code`, e.g.
/// 1010 for an invalid transaction), so it is in no block.
#[derive(Debug, Clone)]
pub struct Refused {
	/// The JSON-RPC error code, or 0 if the refusal came as a status of the watched transaction.
	pub code: i32,
	/// The reason the chain gave.
	pub message: String,
}

impl fmt::Display for Refused {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "transaction refused (code {}): {}", self.code, self.message)
	}
}

impl std::error::Error for Refused {}

/// The error name of a failed dispatch (`Pallet::Error` or `BadOrigin`, …), if that is what
/// `err` is.
pub fn dispatch_error(err: &anyhow::Error) -> Option<&str> {
	err.downcast_ref::<DispatchFailed>().map(|e| e.error.as_str())
}

/// The refusal, if `err` is a transaction the chain did not take.
pub fn refusal(err: &anyhow::Error) -> Option<&Refused> {
	err.downcast_ref::<Refused>()
}

fn dispatch_error_name(error: &DispatchError) -> String {
	match error {
		DispatchError::Module(module) => module.details_string(),
		other => format!("{other:?}"),
	}
}

fn submit_error(err: ExtrinsicError) -> anyhow::Error {
	match err {
		ExtrinsicError::ErrorSubmittingTransaction(BackendError::Rpc(RpcError::ClientError(
			subxt::rpcs::Error::User(e),
		))) => Refused { code: e.code, message: e.message }.into(),
		other => anyhow::Error::new(other).context("submitting the transaction"),
	}
}

fn progress_error(err: TransactionProgressError) -> anyhow::Error {
	match err {
		TransactionProgressError::TransactionStatusError(
			TransactionStatusError::Invalid(message) | TransactionStatusError::Dropped(message),
		) => Refused { code: 0, message }.into(),
		other => anyhow::Error::new(other).context("waiting for the transaction's block"),
	}
}

/// The whole state of a chain at one block.
pub struct Snapshot {
	/// The block's hash.
	pub hash: H256,
	/// The block's number.
	pub number: u64,
	/// Every key and value.
	pub pairs: Vec<(Vec<u8>, Vec<u8>)>,
}

/// An extrinsic in a block.
pub struct Included {
	/// The block's hash.
	pub block: H256,
	/// The extrinsic's events.
	pub events: Events,
}

impl Included {
	/// The (pallet, event) names of the extrinsic's events, in order.
	pub fn event_names(&self) -> Result<Vec<(String, String)>> {
		self.events
			.iter()
			.map(|e| {
				let e = e?;
				Ok((e.pallet_name().to_string(), e.event_name().to_string()))
			})
			.collect()
	}

	/// Whether the extrinsic emitted `pallet::event`.
	pub fn has_event(&self, pallet: &str, event: &str) -> Result<bool> {
		Ok(self.event_names()?.iter().any(|(p, e)| p == pallet && e == event))
	}

	/// The fields of the first `pallet::event` event, decoded as `T`.
	pub fn event<T: DecodeAsFields>(&self, pallet: &str, event: &str) -> Result<Option<T>> {
		for e in self.events.iter() {
			let e = e?;
			if e.pallet_name() == pallet && e.event_name() == event {
				return Ok(Some(e.decode_fields_unchecked_as::<T>()?));
			}
		}
		Ok(None)
	}
}

/// A connection to a chain.
#[derive(Clone)]
pub struct Chain {
	/// The URL it was reached at.
	pub url: String,
	/// A subxt client.
	pub client: Client,
	/// A raw JSON-RPC client, for methods subxt does not wrap.
	pub rpc: RpcClient,
}

impl Chain {
	/// Connects to `url` (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Self> {
		let unreachable = || {
			let hint = if url == crate::LOCAL_URL {
				" (`bash scripts/local-chain.sh start` starts the local one)"
			} else {
				""
			};
			format!("cannot connect to {url}; is the chain running?{hint}")
		};
		let rpc = tokio::time::timeout(CONNECT_TIMEOUT, RpcClient::from_insecure_url(url))
			.await
			.map_err(|_| anyhow!("no answer from {url} within {CONNECT_TIMEOUT:?}"))
			.with_context(unreachable)?
			.with_context(unreachable)?;
		Self::from_rpc(url, rpc).await
	}

	/// A chain reached through `rpc`.
	pub async fn from_rpc(url: &str, rpc: RpcClient) -> Result<Self> {
		let backend = LegacyBackend::<PolkadotConfig>::builder().build(rpc.clone());
		let client = Client::from_backend(Arc::new(backend))
			.await
			.with_context(|| format!("reading the metadata of the chain at {url}"))?;
		Ok(Self { url: url.to_string(), client, rpc })
	}

	/// The metadata at the best block.
	pub async fn metadata(&self) -> Result<subxt::ArcMetadata> {
		Ok(self.client.at_current_block().await?.metadata())
	}

	/// The best block number.
	pub async fn block_number(&self) -> Result<u64> {
		Ok(self.client.at_current_block().await?.block_number())
	}

	/// `spec_name` and `spec_version` at the best block, as `state_getRuntimeVersion` reports.
	pub async fn runtime_version(&self) -> Result<(String, u32)> {
		let version: serde_json::Value =
			self.rpc.request("state_getRuntimeVersion", rpc_params![]).await?;
		let name = version["specName"].as_str().unwrap_or_default().to_string();
		let spec = version["specVersion"]
			.as_u64()
			.and_then(|v| u32::try_from(v).ok())
			.ok_or_else(|| anyhow!("no specVersion in {version}"))?;
		Ok((name, spec))
	}

	/// The runtime's spec version at the best block.
	pub async fn spec_version(&self) -> Result<u32> {
		Ok(self.runtime_version().await?.1)
	}

	/// Calls runtime API `method` with SCALE-encoded `args` at the best block.
	pub async fn state_call(&self, method: &str, args: &[u8]) -> Result<Vec<u8>> {
		let hex_args = format!("0x{}", hex::encode(args));
		let result: String = self
			.rpc
			.request("state_call", rpc_params![method, hex_args])
			.await
			.with_context(|| format!("calling runtime API {method}"))?;
		hex::decode(result.trim_start_matches("0x")).context("state_call returned bad hex")
	}

	/// Calls the runtime API `method` (`DtaoApi_subnets`, [`api::SENATE`], …) and decodes its
	/// answer.
	pub async fn runtime_api<T: codec::Decode>(&self, method: &str, args: &[u8]) -> Result<T> {
		let bytes = self.state_call(method, args).await?;
		T::decode(&mut &bytes[..]).with_context(|| {
			format!("the chain's {method} answered in a shape this dtao-gov does not know")
		})
	}

	/// The weight (ref time, proof size) the chain's runtime declares for `call`.
	pub async fn call_weight(&self, call: &[u8]) -> Result<(u64, u64)> {
		let answer =
			self.state_call(api::QUERY_CALL_INFO, &api::query_call_info_args(call)).await?;
		Ok(api::call_weight(&answer)?)
	}

	/// Hashes of the open Senate motions, oldest first.
	pub async fn motion_hashes(&self) -> Result<Vec<H256>> {
		Ok(self.storage::<Vec<H256>>("Senate", "Proposals").await?.unwrap_or_default())
	}

	/// The Senate's seats (hotkeys).
	pub async fn senate_members(&self) -> Result<Vec<subxt::utils::AccountId32>> {
		Ok(self.storage("Senate", "Members").await?.unwrap_or_default())
	}

	/// The Triumvirate.
	pub async fn triumvirs(&self) -> Result<Vec<subxt::utils::AccountId32>> {
		Ok(self.storage("Triumvirate", "Members").await?.unwrap_or_default())
	}

	/// The coldkey that owns `hotkey`, if it is registered.
	pub async fn owner_of(
		&self,
		hotkey: &subxt::utils::AccountId32,
	) -> Result<Option<subxt::utils::AccountId32>> {
		self.storage_map(None, "Staking", "Owner", vec![Value::from_bytes(hotkey.0)]).await
	}

	/// Every key and value of the state at the best block (a snapshot to simulate on).
	pub async fn snapshot(&self) -> Result<Snapshot> {
		const PAGE: u32 = 1000;
		let block = self.client.at_current_block().await?;
		let (hash, number) = (block.block_hash(), block.block_number());
		let at = format!("{hash:?}");
		let mut pairs = Vec::new();
		let mut start: Option<String> = None;
		loop {
			let keys: Vec<String> = self
				.rpc
				.request("state_getKeysPaged", rpc_params!["0x", PAGE, start.clone(), at.clone()])
				.await
				.context("listing the chain's storage keys")?;
			if keys.is_empty() {
				break;
			}
			let changes: Vec<serde_json::Value> = self
				.rpc
				.request("state_queryStorageAt", rpc_params![keys.clone(), at.clone()])
				.await
				.context("reading the chain's storage")?;
			for set in changes {
				for change in set["changes"].as_array().into_iter().flatten() {
					let (Some(k), Some(v)) = (change[0].as_str(), change[1].as_str()) else {
						continue;
					};
					pairs.push((hex::decode(&k[2..])?, hex::decode(&v[2..])?));
				}
			}
			if keys.len() < PAGE as usize {
				break;
			}
			start = keys.last().cloned();
		}
		let hash: H256 = hash.0;
		Ok(Snapshot { hash, number, pairs })
	}

	/// Signs `payload` with `signer`, submits it and waits until it is in a block. Fails with
	/// [`DispatchFailed`] (naming the error, e.g. `Governance::NotTriumvir`) if its dispatch
	/// failed, and with [`Refused`] if the chain did not take it.
	pub async fn submit<P: Payload>(&self, payload: &P, signer: &Keypair) -> Result<Included> {
		let progress = self
			.client
			.at_current_block()
			.await?
			.transactions()
			.sign_and_submit_then_watch_default(payload, signer)
			.await
			.map_err(submit_error)?;
		let in_block = progress.wait_for_finalized().await.map_err(progress_error)?;
		self.included(in_block).await
	}

	/// Submits `payload` as an unsigned (bare) transaction and waits until it is in a block.
	/// Fails like [`Self::submit`].
	pub async fn submit_unsigned<P: Payload>(&self, payload: &P) -> Result<Included> {
		let tx = self
			.client
			.at_current_block()
			.await?
			.transactions()
			.create_unsigned(payload)
			.context("encoding the unsigned transaction")?;
		let progress = tx.submit_and_watch().await.map_err(submit_error)?;
		let in_block = progress.wait_for_finalized().await.map_err(progress_error)?;
		self.included(in_block).await
	}

	async fn included(
		&self,
		in_block: subxt::transactions::TransactionInBlock<
			PolkadotConfig,
			subxt::client::OnlineClientAtBlockImpl<PolkadotConfig>,
		>,
	) -> Result<Included> {
		let block = in_block.block_hash().0;
		match in_block.wait_for_success().await {
			Ok(events) => Ok(Included { block, events }),
			Err(TransactionEventsError::ExtrinsicFailed(error)) => {
				Err(DispatchFailed { error: dispatch_error_name(&error), block }.into())
			}
			Err(other) => {
				Err(anyhow::Error::new(other).context("reading the transaction's events"))
			}
		}
	}

	/// Names a `DispatchError` value (a field of an event) the way failed dispatches are
	/// named: `Pallet::Error` for module errors, the variant name (`BadOrigin`, …) otherwise.
	pub async fn dispatch_error_name(&self, error: &Value) -> Result<String> {
		use subxt::ext::scale_encode::EncodeAsType;
		let metadata = self.client.at_current_block().await?.metadata();
		let ty = metadata.dispatch_error_ty().context("the metadata has no DispatchError type")?;
		let bytes = error.encode_as_type(ty, metadata.types()).context("not a DispatchError")?;
		Ok(dispatch_error_name(&DispatchError::decode_from(bytes, metadata)?))
	}

	/// Reads a storage value with no keys at the best block (its default if unset and it has
	/// one; `None` if unset and optional).
	pub async fn storage<T: DecodeAsType>(&self, pallet: &str, entry: &str) -> Result<Option<T>> {
		self.storage_map(None, pallet, entry, vec![]).await
	}

	/// Reads a storage value with no keys at block `hash`.
	pub async fn storage_at<T: DecodeAsType>(
		&self,
		hash: H256,
		pallet: &str,
		entry: &str,
	) -> Result<Option<T>> {
		self.storage_map(Some(hash), pallet, entry, vec![]).await
	}

	/// Reads the storage entry `pallet.entry(keys…)` at block `at` (the best block if `None`),
	/// e.g. `storage_map(None, "Senate", "Voting", vec![Value::from_bytes(hash)])`.
	pub async fn storage_map<T: DecodeAsType>(
		&self,
		at: Option<H256>,
		pallet: &str,
		entry: &str,
		keys: Vec<Value>,
	) -> Result<Option<T>> {
		let at: OnlineClientAtBlock<PolkadotConfig> = match at {
			Some(hash) => self.client.at_block(subxt::utils::H256(hash)).await?,
			None => self.client.at_current_block().await?,
		};
		let address = subxt::dynamic::storage::<Vec<Value>, Value>(pallet, entry);
		let value = at
			.storage()
			.try_fetch(address, keys)
			.await
			.with_context(|| format!("reading {pallet}.{entry}"))?;
		match value {
			Some(v) => {
				Ok(Some(v.decode_as::<T>().with_context(|| format!("decoding {pallet}.{entry}"))?))
			}
			None => Ok(None),
		}
	}

	/// The raw value at storage `key`, at the best block.
	pub async fn raw_storage(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
		let key = format!("0x{}", hex::encode(key));
		let value: Option<String> = self.rpc.request("state_getStorage", rpc_params![key]).await?;
		value.map(|v| hex::decode(v.trim_start_matches("0x")).context("bad hex")).transpose()
	}

	/// A transaction that dispatches the SCALE-encoded runtime `call`.
	pub async fn call_payload(&self, call: &[u8]) -> Result<impl Payload> {
		let metadata = self.client.at_current_block().await?.metadata();
		let ty = metadata.outer_enums().call_enum_ty();
		let value =
			subxt::ext::scale_value::scale::decode_as_type(&mut &call[..], ty, metadata.types())
				.map_err(|e| anyhow!("the call is not a call of the chain's runtime: {e}"))?;
		let (pallet, inner) = match value.value {
			ValueDef::Variant(v) => (v.name, v.values),
			_ => anyhow::bail!("the chain's call type is not an enum"),
		};
		let inner = inner.into_values().next().context("a call without a call variant")?;
		let (call, fields) = match inner.value {
			ValueDef::Variant(v) => (v.name, v.values),
			_ => anyhow::bail!("the chain's pallet call type is not an enum"),
		};
		let fields: Composite<()> = fields.map_context(|_| ());
		Ok(subxt::dynamic::tx(pallet, call, fields))
	}
}
