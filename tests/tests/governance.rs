//! The governance flow end to end: Chopsticks serving the runtime's wasm, a real RPC client.

use anyhow::{anyhow, Context, Result};
use dtao_e2e::{
	account, blake2_256, call, dev,
	flow::{self, apply_upgrade_tx, authorize_upgrade, propose_tx, ratify, upgrade_wasm, vote_tx},
	key, LocalChain, H256,
};
use std::{future::Future, time::Duration};
use subxt::{dynamic::Value, ext::scale_decode::DecodeAsType};

/// A hung chain fails the test instead of the CI run.
const TEST_TIMEOUT: Duration = Duration::from_secs(300);

async fn bounded<F: Future<Output = Result<()>>>(test: F) -> Result<()> {
	tokio::time::timeout(TEST_TIMEOUT, test).await.map_err(|_| anyhow!("timed out"))?
}

#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Rejected {
	code_hash: H256,
	error: Value,
}

#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Authorization {
	code_hash: H256,
}

fn set_min_stake(amount: u64) -> Value {
	call("Staking", "set_min_stake", vec![("amount", Value::u128(amount.into()))])
}

#[tokio::test]
async fn ratified_parameter_change_executes_in_the_close_block() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let before: Option<u64> = chain.storage("Staking", "MinStake").await?;
		assert_eq!(before.unwrap_or(500_000), 500_000);

		let motion = flow::propose(&chain, set_min_stake(7_000_000_000)).await?;
		assert_eq!(motion.threshold, 2, "3 seats: threshold 2");
		flow::vote(&chain, "Dave", motion, true).await?;
		flow::vote(&chain, "Eve", motion, true).await?;
		let closed = flow::close(&chain, motion).await?;
		let executed: flow::Executed =
			closed.event("Senate", "Executed")?.context("not executed")?;
		assert!(executed.result.is_ok(), "dispatch failed: {:?}", executed.result);

		// The change is in the state of the very block that included the close.
		let after: Option<u64> = chain.storage_at(closed.block, "Staking", "MinStake").await?;
		assert_eq!(after, Some(7_000_000_000));
		Ok(())
	})
	.await
}

#[tokio::test]
async fn runtime_upgrade_through_governance() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		assert_eq!(chain.spec_version().await?, 100);
		let new_code = upgrade_wasm()?;

		let (_, executed) = ratify(&chain, authorize_upgrade(new_code)).await?;
		assert!(executed.result.is_ok(), "dispatch failed: {:?}", executed.result);
		let authorized: Authorization =
			chain.storage("System", "AuthorizedUpgrade").await?.context("no upgrade authorized")?;
		assert_eq!(authorized.code_hash, blake2_256(new_code));

		// Code other than the authorized one is refused by the pool.
		let current = dtao_chain_spec::runtime_wasm()?;
		let refused = chain.submit_unsigned(&apply_upgrade_tx(current)).await;
		assert!(refused.is_err(), "a wrong code hash was accepted");
		assert_eq!(chain.spec_version().await?, 100);

		// The authorized code is applied by anyone, without a signature.
		let applied = chain.submit_unsigned(&apply_upgrade_tx(new_code)).await?;
		let names = applied.event_names()?;
		assert!(names.contains(&("System".into(), "CodeUpdated".into())), "{names:?}");
		chain.new_blocks(1).await?;
		assert_eq!(chain.spec_version().await?, 101);
		Ok(())
	})
	.await
}

#[tokio::test]
async fn upgrade_to_a_lower_or_equal_spec_version_is_refused() -> Result<()> {
	bounded(async {
		// The chain runs the upgraded runtime (101); governance authorizes the older code.
		let chain = LocalChain::start_with_code(upgrade_wasm()?).await?;
		assert_eq!(chain.spec_version().await?, 101);
		let old_code = dtao_chain_spec::runtime_wasm()?;
		let (_, executed) = ratify(&chain, authorize_upgrade(old_code)).await?;
		assert!(executed.result.is_ok(), "dispatch failed: {:?}", executed.result);

		// The code's hash is authorized, so the pool takes it; the version check then rejects
		// it in the block, without touching the code.
		let included = chain.submit_unsigned(&apply_upgrade_tx(old_code)).await?;
		let rejected: Rejected = included
			.event("System", "RejectedInvalidAuthorizedUpgrade")?
			.context("the older code was not rejected")?;
		assert_eq!(rejected.code_hash, blake2_256(old_code));
		assert_eq!(
			chain.dispatch_error_name(&rejected.error).await?,
			"System::SpecVersionNeedsToIncrease"
		);
		let names = included.event_names()?;
		assert!(!names.contains(&("System".into(), "CodeUpdated".into())), "{names:?}");
		chain.new_blocks(1).await?;
		assert_eq!(chain.spec_version().await?, 101);
		Ok(())
	})
	.await
}

#[tokio::test]
async fn only_the_governance_path_reaches_the_senate() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let proposal = set_min_stake(1);

		// A senator's hotkey cannot use the Senate collective directly.
		let direct = subxt::dynamic::tx(
			"Senate",
			"propose",
			Value::named_composite([
				("threshold", Value::u128(1)),
				("proposal", proposal.clone()),
				("length_bound", Value::u128(flow::LENGTH_BOUND)),
			]),
		);
		let err = chain.submit(&direct, &key("//Dave//stash")?).await.err().context("filtered")?;
		assert!(err.to_string().contains("CallFiltered"), "{err}");

		// A senator's coldkey is no triumvir.
		let err = chain
			.submit(&propose_tx(proposal.clone()), &key("//Dave")?)
			.await
			.err()
			.context("not a triumvir")?;
		assert!(err.to_string().contains("NotTriumvir"), "{err}");

		// A triumvir cannot vote, and a coldkey cannot vote for another's hotkey.
		let motion = flow::propose(&chain, proposal).await?;
		let for_dave = vote_tx(account(&key("//Dave//stash")?), motion, true);
		let err = chain.submit(&for_dave, &dev::bob()).await.err().context("triumvir voted")?;
		assert!(err.to_string().contains("TriumvirCannotVote"), "{err}");
		let err = chain.submit(&for_dave, &key("//Eve")?).await.err().context("wrong coldkey")?;
		assert!(err.to_string().contains("NotHotkeyOwner"), "{err}");

		// A signed account cannot call a governed setter.
		let setter = subxt::dynamic::tx(
			"Staking",
			"set_min_stake",
			Value::named_composite([("amount", Value::u128(1))]),
		);
		let err = chain.submit(&setter, &dev::alice()).await.err().context("setter")?;
		assert!(err.to_string().to_lowercase().contains("bad origin"), "{err}");
		let min: Option<u64> = chain.storage("Staking", "MinStake").await?;
		assert_eq!(min.unwrap_or(500_000), 500_000);
		Ok(())
	})
	.await
}
