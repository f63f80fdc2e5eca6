//! The governance walkthrough: a local chain, a parameter change taken from proposal to
//! enactment, then a runtime upgrade authorized by the legislature and applied. Each step
//! prints what it submits and what the chain says.
//!
//! Run it with `bash scripts/walkthrough.sh` (which installs what it needs first).

use anyhow::{Context, Result};
use dtao_e2e::{
	blake2_256, call,
	flow::{self, apply_upgrade_tx, authorize_upgrade, upgrade_wasm, Executed},
	LocalChain,
};
use subxt::{dynamic::Value, ext::scale_decode::DecodeAsType};

#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Voted {
	yes: u32,
	no: u32,
}

fn step(n: u32, text: &str) {
	println!("\n[{n}] {text}");
}

fn tao(rao: u64) -> String {
	format!("{}.{:09} TAO", rao / 1_000_000_000, rao % 1_000_000_000)
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", ::hex::encode(bytes))
}

async fn min_stake(chain: &LocalChain) -> Result<u64> {
	Ok(chain.storage::<u64>("Staking", "MinStake").await?.unwrap_or(500_000))
}

fn report(executed: &Executed) -> Result<()> {
	match &executed.result {
		Ok(()) => {
			println!("    executed in the close block: Ok");
			Ok(())
		}
		Err(e) => anyhow::bail!("the ratified call failed: {e}"),
	}
}

#[tokio::main]
async fn main() -> Result<()> {
	step(
		1,
		"Start a local chain: Chopsticks serving this workspace's runtime (development preset)",
	);
	let chain = LocalChain::start().await?;
	println!("    {} — spec_version {}", chain.url, chain.spec_version().await?);
	println!("    Triumvirate: Alice, Bob, Charlie");
	println!("    Senate: the hotkeys //Dave//stash, //Eve//stash, //Ferdie//stash (coldkeys //Dave, //Eve, //Ferdie)");

	step(2, "Draft a network parameter change: Staking::set_min_stake(0.01 TAO)");
	let new_min = 10_000_000u64;
	println!("    minimum stake now: {}", tao(min_stake(&chain).await?));
	let proposal = call("Staking", "set_min_stake", vec![("amount", Value::u128(new_min.into()))]);

	step(3, "Alice (triumvir) proposes it: Governance::propose");
	let motion = flow::propose(&chain, proposal).await?;
	println!(
		"    Senate motion #{} {} — threshold {} of 3 seats",
		motion.index,
		hex(&motion.hash),
		motion.threshold
	);

	step(4, "Senators vote: Dave and Eve sign with their coldkeys for their hotkeys");
	for name in ["Dave", "Eve"] {
		let included = flow::vote(&chain, name, motion, true).await?;
		let tally: Voted = included.event("Senate", "Voted")?.context("no Voted event")?;
		println!("    {name}: aye — tally {} aye / {} nay", tally.yes, tally.no);
	}

	step(5, "Alice closes the motion: Governance::close");
	let closed = flow::close(&chain, motion).await?;
	let executed: Executed = closed.event("Senate", "Executed")?.context("not executed")?;
	report(&executed)?;
	let at_close: Option<u64> = chain.storage_at(closed.block, "Staking", "MinStake").await?;
	println!(
		"    minimum stake in block {}: {}",
		hex(&closed.block),
		tao(at_close.context("MinStake unset")?)
	);

	step(
		6,
		"Propose a runtime upgrade: authorize the code hash of a runtime with spec_version + 1",
	);
	let code = upgrade_wasm()?;
	println!("    wasm: {} bytes, blake2_256 {}", code.len(), hex(&blake2_256(code)));
	let (_, executed) = flow::ratify(&chain, authorize_upgrade(code)).await?;
	println!("    proposed by Alice, approved by Dave and Eve, closed by Alice");
	report(&executed)?;

	step(7, "Anyone applies the authorized code: System::apply_authorized_upgrade (unsigned)");
	let before = chain.spec_version().await?;
	let applied = chain.submit_unsigned(&apply_upgrade_tx(code)).await?;
	let names = applied.event_names()?;
	anyhow::ensure!(
		names.contains(&("System".to_string(), "CodeUpdated".to_string())),
		"the upgrade was not applied: {names:?}"
	);
	chain.new_blocks(1).await?;
	println!("    spec_version {before} -> {}", chain.spec_version().await?);

	step(8, "Stop the chain");
	drop(chain);
	println!("    stopped\n\nDone.");
	Ok(())
}
