//! End to end on real nodes: four `dtao-node` validators of the `local_testnet` preset
//! (`scripts/local-network.sh`), a parameter change and a runtime upgrade ratified by the
//! Senate with `dtao-gov`, every node on the new `spec_version` and still finalizing; then one
//! validator down (GRANDPA finalizes with 3 of 4) and back, catching up.

use anyhow::{anyhow, ensure, Context, Result};
use dtao_gov::chain::Chain;
use std::{path::PathBuf, process::Command, time::Duration};
use subxt::rpcs::rpc_params;

const NODES: [&str; 4] = ["alice", "bob", "charlie", "dave"];
const TEST_TIMEOUT: Duration = Duration::from_secs(1200);

fn workspace() -> PathBuf {
	PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn url(node: usize) -> String {
	format!("ws://127.0.0.1:{}", 9945 + node)
}

/// Runs `scripts/local-network.sh ARGS` with this build's node binary.
fn network(args: &[&str]) -> Result<String> {
	let out = Command::new("bash")
		.arg(workspace().join("scripts/local-network.sh"))
		.args(args)
		.env("DTAO_NODE", env!("CARGO_BIN_EXE_dtao-node"))
		.current_dir(workspace())
		.output()?;
	let text = String::from_utf8_lossy(&out.stdout).to_string();
	ensure!(
		out.status.success(),
		"local-network.sh {} failed:\n{text}{}",
		args.join(" "),
		String::from_utf8_lossy(&out.stderr)
	);
	Ok(text)
}

/// Stops the network when the test ends, however it ends.
struct Network;

impl Drop for Network {
	fn drop(&mut self) {
		let _ = network(&["stop"]);
	}
}

/// Runs `dtao-gov --url <Alice's node> --yes ARGS`.
async fn gov(args: &[&str]) -> Result<String> {
	let url = url(0);
	let mut argv = vec!["dtao-gov", "--url", &url, "--yes"];
	argv.extend_from_slice(args);
	let mut out = Vec::new();
	dtao_gov::run(argv, &mut out).await.with_context(|| format!("dtao-gov {}", args.join(" ")))?;
	Ok(String::from_utf8(out)?)
}

/// The number of the block node `node` has finalized.
async fn finalized(node: usize) -> Result<u64> {
	let chain = Chain::connect(&url(node)).await?;
	let hash: String = chain.rpc.request("chain_getFinalizedHead", rpc_params![]).await?;
	let header: serde_json::Value = chain.rpc.request("chain_getHeader", rpc_params![hash]).await?;
	let number = header["number"].as_str().context("no number")?;
	Ok(u64::from_str_radix(number.trim_start_matches("0x"), 16)?)
}

/// Waits until every node in `nodes` has finalized a block above `above`.
async fn finalizes_past(nodes: &[usize], above: u64, within: Duration) -> Result<()> {
	let deadline = tokio::time::Instant::now() + within;
	for &node in nodes {
		loop {
			if finalized(node).await? > above {
				break;
			}
			if tokio::time::Instant::now() > deadline {
				return Err(anyhow!(
					"{} did not finalize past #{above} within {within:?}",
					NODES[node]
				));
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}
	Ok(())
}

#[tokio::test]
async fn four_validators_ratify_a_change_and_an_upgrade_and_survive_one_down() -> Result<()> {
	tokio::time::timeout(TEST_TIMEOUT, run()).await.map_err(|_| anyhow!("timed out"))?
}

async fn run() -> Result<()> {
	// Nothing left from an earlier run.
	network(&["stop"])?;
	let started = network(&["start"])?;
	let _network = Network;
	for node in 0..4 {
		ensure!(started.contains(&url(node)), "{started}");
	}

	// A parameter change through the Senate.
	let file = workspace().join("proposals/parameter.toml");
	let file = file.to_str().context("utf-8 path")?;
	gov(&["proposal", "submit", file, "--suri", "//Alice"]).await?;
	gov(&["proposal", "vote", "0", "--aye", "--suri", "//Dave"]).await?;
	gov(&["proposal", "vote", "0", "--aye", "--suri", "//Eve"]).await?;
	let closed = gov(&["proposal", "close", "0", "--suri", "//Alice"]).await?;
	ensure!(closed.contains("xecuted"), "{closed}");
	let queried = gov(&["query", "Staking", "MinStake"]).await?;
	assert_eq!(queried.trim(), "Staking.MinStake = 1000000000");

	// A runtime upgrade through the Senate, applied by anyone.
	let (_, old) = Chain::connect(&url(0)).await?.runtime_version().await?;
	let wasm = std::env::temp_dir().join(format!("dtao-upgrade-{}.wasm", std::process::id()));
	let code = dtao_runtime::upgrade_fixture::WASM_BINARY.context("built without wasm")?;
	std::fs::write(&wasm, code)?;
	let wasm = wasm.to_str().context("utf-8 path")?.to_string();
	gov(&["upgrade", "propose", "--wasm", &wasm, "--suri", "//Alice"]).await?;
	gov(&["proposal", "vote", "1", "--aye", "--suri", "//Dave"]).await?;
	gov(&["proposal", "vote", "1", "--aye", "--suri", "//Ferdie"]).await?;
	gov(&["proposal", "close", "1", "--suri", "//Alice"]).await?;
	gov(&["upgrade", "apply", "--wasm", &wasm, "--suri", "//Bob"]).await?;
	std::fs::remove_file(&wasm)?;
	let applied_at = finalized(0).await?;
	for (node, name) in NODES.iter().enumerate() {
		let chain = Chain::connect(&url(node)).await?;
		let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
		loop {
			let (_, spec) = chain.runtime_version().await?;
			if spec == old + 1 {
				break;
			}
			ensure!(tokio::time::Instant::now() < deadline, "{name} is on {spec}");
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
	}
	// Finality goes on on the new code.
	finalizes_past(&[0, 1, 2, 3], applied_at + 2, Duration::from_secs(120)).await?;

	// One validator down: the other three still finalize.
	network(&["stop", "bob"])?;
	let before = finalized(0).await?;
	finalizes_past(&[0, 2, 3], before + 2, Duration::from_secs(120)).await?;
	// Back up, it catches up to what the others had finalized.
	let others = finalized(0).await?;
	network(&["start", "bob"])?;
	finalizes_past(&[1], others, Duration::from_secs(180)).await?;
	let status = network(&["status"])?;
	ensure!(!status.contains("not running"), "{status}");
	Ok(())
}
