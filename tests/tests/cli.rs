//! End to end: every `dtao-gov` command against a local chain (Chopsticks serving the
//! runtime's wasm), run through the CLI's own entry point so the output is what a user sees.

use anyhow::{ensure, Context, Result};
use dtao_e2e::{
	flow,
	gov::{bounded, gov, gov_err, gov_json, proposal_file},
	key, LocalChain,
};
use std::path::PathBuf;

fn address(uri: &str) -> Result<String> {
	Ok(dtao_gov::keys::address(&key(uri)?))
}

fn temp_dir(name: &str) -> Result<PathBuf> {
	let dir = std::env::temp_dir().join(format!("dtao-cli-{name}-{}", std::process::id()));
	std::fs::create_dir_all(&dir)?;
	Ok(dir)
}

#[tokio::test]
async fn a_parameter_change_goes_from_file_to_chain_state() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let file = proposal_file("parameter.toml");

		let checked = gov(&chain, &["proposal", "check", &file]).await?;
		ensure!(
			checked.contains(&format!("Checked against dtao 100 (at {})", chain.url)),
			"{checked}"
		);
		ensure!(checked.contains("No problems found."), "{checked}");
		let simulated = gov(&chain, &["proposal", "simulate", &file]).await?;
		ensure!(simulated.contains("a snapshot of"), "{simulated}");
		ensure!(simulated.contains("Staking.MinStake: 500000 -> 1000000000"), "{simulated}");

		let submitted =
			gov_json(&chain, &["proposal", "submit", &file, "--suri", "//Alice"]).await?;
		assert_eq!(submitted["index"], 0);
		assert_eq!(submitted["threshold"], 2);
		let hash = submitted["hash"].as_str().context("no hash")?.to_string();

		let listed = gov(&chain, &["proposal", "list"]).await?;
		ensure!(listed.contains("Staking.set_min_stake") && listed.contains("0/2"), "{listed}");
		let shown = gov_json(&chain, &["proposal", "show", "0"]).await?;
		assert_eq!(shown["status"], "voting");
		assert_eq!(shown["call"]["args"]["amount"], "1 TAO");
		ensure!(shown["blocks_left"].as_u64().is_some_and(|b| b > 0), "{shown}");

		// The same call again is refused before anything is signed, and check warns of it.
		let again = gov_err(&chain, &["proposal", "submit", &file, "--suri", "//Alice"]).await?;
		ensure!(again.contains("already proposes this exact call"), "{again}");
		let warned = gov(&chain, &["proposal", "check", &file]).await?;
		ensure!(warned.contains("warning: an open Senate motion already proposes"), "{warned}");

		let voted = gov(&chain, &["proposal", "vote", "0", "--aye", "--suri", "//Dave"]).await?;
		ensure!(voted.contains("Tally: 1 aye(s), 0 nay(s) of 2 needed; voting"), "{voted}");
		// What one more aye and the close would do, on the chain's current state.
		let what_if = gov(&chain, &["proposal", "show", "0", "--simulate"]).await?;
		ensure!(what_if.contains("after the 1 aye(s) it still needs"), "{what_if}");
		ensure!(what_if.contains("Staking.MinStake: 500000 -> 1000000000"), "{what_if}");
		ensure!(what_if.contains("the proposal executed successfully"), "{what_if}");
		let still = gov_json(&chain, &["proposal", "show", "0"]).await?;
		assert_eq!(still["ayes"].as_array().map(Vec::len), Some(1), "the chain is unchanged");
		// By hash, with btcli's spelling of the flag.
		let voted =
			gov(&chain, &["proposal", "vote", &hash, "--vote-aye", "--suri", "//Eve"]).await?;
		ensure!(voted.contains("approved, ready to close"), "{voted}");
		let shown = gov_json(&chain, &["proposal", "show", &hash]).await?;
		assert_eq!(shown["ayes"].as_array().map(Vec::len), Some(2));
		assert_eq!(shown["status"], "approved");

		let closed = gov_json(&chain, &["proposal", "close", "0", "--suri", "//Alice"]).await?;
		assert_eq!(closed["outcome"], "executed");
		let min_stake: Option<u64> = chain.storage("Staking", "MinStake").await?;
		assert_eq!(min_stake, Some(1_000_000_000));
		let queried = gov(&chain, &["query", "Staking", "MinStake"]).await?;
		assert_eq!(queried.trim(), "Staking.MinStake = 1000000000");
		let owner =
			gov_json(&chain, &["query", "Staking", "Owner", &address("//Dave//stash")?]).await?;
		assert_eq!(owner["value"], address("//Dave")?);
		let err = gov_err(&chain, &["query", "Staking", "MinStak"]).await?;
		ensure!(err.contains("did you mean `MinStake`"), "{err}");
		let listed = gov(&chain, &["proposal", "list"]).await?;
		ensure!(listed.contains("No open Senate motions."), "{listed}");
		Ok(())
	})
	.await
}

#[tokio::test]
async fn wrong_keys_are_refused_with_a_message_and_nothing_is_submitted() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let file = proposal_file("batch.toml");

		let err = gov_err(&chain, &["proposal", "submit", &file, "--suri", "//Dave"]).await?;
		ensure!(err.contains("is not a member of the Triumvirate"), "{err}");
		let open: Option<Vec<[u8; 32]>> = chain.storage("Senate", "Proposals").await?;
		ensure!(open.unwrap_or_default().is_empty(), "a motion was opened");
		let err = gov_err(&chain, &["proposal", "submit", &file]).await?;
		ensure!(err.contains("give a key with --suri"), "{err}");

		gov(&chain, &["proposal", "submit", &file, "--suri", "//Alice"]).await?;
		let err = gov_err(&chain, &["proposal", "vote", "0", "--aye", "--suri", "//Alice"]).await?;
		ensure!(err.contains("owns no hotkey with a Senate seat"), "{err}");
		let eve_stash = address("//Eve//stash")?;
		let err = gov_err(
			&chain,
			&["proposal", "vote", "0", "--nay", "--hotkey", &eve_stash, "--suri", "//Dave"],
		)
		.await?;
		ensure!(err.contains("belongs to coldkey"), "{err}");
		let stranger = address("//Stranger")?;
		let err = gov_err(
			&chain,
			&["proposal", "vote", "0", "--aye", "--hotkey", &stranger, "--suri", "//Dave"],
		)
		.await?;
		ensure!(err.contains("unknown hotkey"), "{err}");
		let err = gov_err(&chain, &["proposal", "vote", "7", "--aye", "--suri", "//Dave"]).await?;
		ensure!(err.contains("no open Senate motion 7"), "{err}");
		let err = gov_err(&chain, &["proposal", "close", "0", "--suri", "//Dave"]).await?;
		ensure!(err.contains("only triumvirs may close before the voting ends"), "{err}");

		// A nay and the tally re-read after it.
		let voted = gov(&chain, &["proposal", "vote", "0", "--nay", "--suri", "//Dave"]).await?;
		ensure!(voted.contains("0 aye(s), 1 nay(s)"), "{voted}");
		// What only the chain knows comes back as the pallet's error name.
		let dave_stash = address("//Dave//stash")?;
		let err = gov_err(&chain, &["senate", "join", "--hotkey", &dave_stash, "--suri", "//Dave"])
			.await?;
		ensure!(err.contains("Governance::AlreadyCandidate"), "{err}");
		Ok(())
	})
	.await
}

#[tokio::test]
async fn a_runtime_upgrade_is_proposed_ratified_and_applied() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let dir = temp_dir("upgrade")?;
		let wasm = dir.join("dtao_runtime_upgrade.wasm");
		std::fs::write(&wasm, flow::upgrade_wasm()?)?;
		let current = dir.join("dtao_runtime.wasm");
		std::fs::write(&current, dtao_chain_spec::runtime_wasm()?)?;
		let (wasm, current) = (wasm.to_str().unwrap(), current.to_str().unwrap());

		// Drafted and checked as a file: the hash is pinned and the version is read.
		let file = dir.join("upgrade.toml");
		let file = file.to_str().unwrap();
		gov(&chain, &["proposal", "new", "upgrade", "--wasm", wasm, "-o", file]).await?;
		let checked = gov(&chain, &["proposal", "check", file]).await?;
		ensure!(checked.contains("Runtime:     dtao 101"), "{checked}");
		ensure!(checked.contains("No problems found."), "{checked}");
		// Simulated before anyone votes: on the chain's own code, the new code is applied, its
		// migrations run and blocks are built on it.
		let simulated = gov_json(&chain, &["proposal", "simulate", file]).await?;
		assert_eq!(simulated["failure"], serde_json::Value::Null, "{simulated}");
		assert_eq!(simulated["runtime"], "dtao 100");
		let upgrade = &simulated["upgrade"];
		assert_eq!(upgrade["from"], "dtao 100");
		assert_eq!(upgrade["to"], "dtao 101");
		assert_eq!(upgrade["blocks_built"], 3);
		ensure!(
			upgrade["changes"]
				.as_array()
				.into_iter()
				.flatten()
				.any(|c| c["entry"] == "System.LastRuntimeUpgrade"
					&& c["after"]["spec_version"] == 101),
			"{upgrade}"
		);
		// The fixture's migration (the governance pallet's storage version 1) ran.
		ensure!(
			upgrade["changes"]
				.as_array()
				.into_iter()
				.flatten()
				.any(|c| c["entry"] == "Governance.:__STORAGE_VERSION__:"
					&& c["before"] == 0
					&& c["after"] == 1),
			"{upgrade}"
		);
		assert_eq!(upgrade["changed_per_pallet"]["Governance"], 1, "{upgrade}");
		let migrations = upgrade["migrations_weight"]["ref_time"].as_u64().unwrap_or(0);
		ensure!(
			migrations > 0
				&& migrations < upgrade["max_block_weight"]["ref_time"].as_u64().unwrap_or(0),
			"{upgrade}"
		);
		// The current code is no upgrade: check refuses it.
		let same = dir.join("same.toml");
		let same = same.to_str().unwrap();
		gov(&chain, &["proposal", "new", "upgrade", "--wasm", current, "-o", same]).await?;
		let err = gov_err(&chain, &["proposal", "check", same]).await?;
		ensure!(err.contains("cannot pass"), "{err}");
		let err = gov_err(&chain, &["upgrade", "apply", "--wasm", wasm]).await?;
		ensure!(err.contains("authorized no upgrade"), "{err}");
		// The same runtime is not an upgrade.
		let err = gov_err(&chain, &["upgrade", "propose", "--wasm", current, "--suri", "//Alice"])
			.await?;
		ensure!(err.contains("a higher spec_version"), "{err}");

		gov(&chain, &["upgrade", "propose", "--wasm", wasm, "--suri", "//Alice"]).await?;
		gov(&chain, &["proposal", "vote", "0", "--aye", "--suri", "//Dave"]).await?;
		gov(&chain, &["proposal", "vote", "0", "--aye", "--suri", "//Ferdie"]).await?;
		let closed = gov(&chain, &["proposal", "close", "0", "--suri", "//Bob"]).await?;
		ensure!(closed.contains("approved and executed Governance.authorize_upgrade"), "{closed}");
		let status = gov(&chain, &["upgrade", "status"]).await?;
		ensure!(status.contains("ready to apply"), "{status}");

		let err = gov_err(&chain, &["upgrade", "apply", "--wasm", current]).await?;
		ensure!(err.contains("this is not the ratified wasm"), "{err}");
		let applied = gov(&chain, &["upgrade", "apply", "--wasm", wasm]).await?;
		ensure!(applied.contains("dtao 100 -> 101"), "{applied}");
		chain.new_blocks(1).await?;
		let status = gov_json(&chain, &["upgrade", "status"]).await?;
		assert_eq!(status["spec_version"], 101);
		assert_eq!(status["authorized_code_hash"], serde_json::Value::Null);
		std::fs::remove_dir_all(&dir)?;
		Ok(())
	})
	.await
}

#[tokio::test]
async fn senators_leave_and_join_and_the_list_follows() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let listed = gov_json(&chain, &["senate", "list"]).await?;
		assert_eq!(listed["seats"], 3);
		assert_eq!(listed["candidates"][0]["stake"], "30000 TAO");
		assert_eq!(listed["triumvirate"].as_array().map(Vec::len), Some(3));

		let ferdie_stash = address("//Ferdie//stash")?;
		let left =
			gov(&chain, &["senate", "leave", "--hotkey", &ferdie_stash, "--suri", "//Ferdie"])
				.await?;
		ensure!(left.contains("does not hold a seat"), "{left}");
		let listed = gov(&chain, &["senate", "list"]).await?;
		ensure!(listed.contains("Senate: 2 of"), "{listed}");
		let joined =
			gov(&chain, &["senate", "join", "--hotkey", &ferdie_stash, "--suri", "//Ferdie"])
				.await?;
		ensure!(joined.contains("holds a seat"), "{joined}");
		let err =
			gov_err(&chain, &["senate", "join", "--hotkey", &ferdie_stash, "--suri", "//Eve"])
				.await?;
		ensure!(err.contains("belongs to coldkey"), "{err}");
		Ok(())
	})
	.await
}

#[tokio::test]
async fn subnets_emit_and_an_epoch_shows_in_the_metagraph() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let listed = gov_json(&chain, &["subnet", "list"]).await?;
		assert_eq!(listed["block_emission_rao"], 1_000_000_000);
		let subnets = listed["subnets"].as_array().context("no subnets")?;
		assert_eq!(subnets.len(), 3);
		assert_eq!(subnets[0]["owner"], address("//One")?);
		assert_eq!(subnets[0]["hyperparams"]["tempo"], 10);
		let text = gov(&chain, &["subnet", "list"]).await?;
		ensure!(text.contains("3 subnet(s); each block emits 1 TAO"), "{text}");

		// Subnet 1's first epoch runs at block 9.
		chain.new_blocks(10).await?;
		let shown = gov_json(&chain, &["subnet", "show", "1"]).await?;
		let metagraph = shown["metagraph"].as_array().context("no metagraph")?;
		assert_eq!(metagraph.len(), 5);
		assert_eq!(metagraph[1]["hotkey"], address("//Alice//stash")?);
		assert_eq!(metagraph[1]["validator_permit"], true);
		// Both miners earned incentive, the first (weighted 3:1 by Alice) more.
		let incentive = |uid: usize| metagraph[uid]["incentive"].as_u64().unwrap_or_default();
		ensure!(incentive(3) > 2 * incentive(4) && incentive(4) > 0, "{shown}");
		ensure!(metagraph[3]["emission"].as_u64().unwrap_or_default() > 0, "{shown}");
		ensure!(shown["subnet"]["tao_in_rao"].as_u64().unwrap_or_default() > 1_000_000_000_000);
		let text = gov(&chain, &["subnet", "show", "1"]).await?;
		ensure!(text.contains("Subnet 1, owned by") && text.contains("Incentive"), "{text}");
		let err = gov_err(&chain, &["subnet", "show", "9"]).await?;
		ensure!(err.contains("no subnet 9 on this chain"), "{err}");
		Ok(())
	})
	.await
}
