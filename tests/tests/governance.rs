//! The governance flow end to end: Chopsticks serving the runtime's wasm, a real RPC client.
//!
//! Each test starts its own chain on its own port and stops it when done (or failed); each
//! is bounded in time, so a hung chain fails the test instead of blocking the run.

use anyhow::{ensure, Context, Result};
use dtao_e2e::{
	account, blake2_256, call, dev, dispatch_error,
	flow::{self, apply_upgrade_tx, authorize_upgrade, propose_tx, upgrade_wasm, vote_tx, Motion},
	gov::bounded,
	key, refusal, LocalChain, H256,
};

use subxt::{dynamic::Value, ext::scale_decode::DecodeAsType};

/// `System.RejectedInvalidAuthorizedUpgrade`.
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Rejected {
	code_hash: H256,
	error: Value,
}

/// `System.AuthorizedUpgrade`.
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Authorization {
	code_hash: H256,
	check_version: bool,
}

/// `Senate.Voting(hash)`.
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Votes {
	threshold: u32,
	ayes: Vec<H256>,
	nays: Vec<H256>,
}

fn set_min_stake(amount: u64) -> Value {
	call("Staking", "set_min_stake", vec![("amount", Value::u128(amount.into()))])
}

/// The senate hotkey `//Name//stash` as an account id.
fn hotkey(name: &str) -> Result<H256> {
	Ok(key(&format!("//{name}//stash"))?.public_key().0)
}

fn sorted(mut accounts: Vec<H256>) -> Vec<H256> {
	accounts.sort();
	accounts
}

async fn voting(chain: &LocalChain, at: Option<H256>, motion: Motion) -> Result<Option<Votes>> {
	chain.storage_map(at, "Senate", "Voting", vec![Value::from_bytes(motion.hash)]).await
}

async fn authorization(chain: &LocalChain, at: Option<H256>) -> Result<Option<Authorization>> {
	chain.storage_map(at, "System", "AuthorizedUpgrade", vec![]).await
}

#[tokio::test]
async fn ratified_parameter_change_executes_in_the_close_block() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;

		// The development Senate: the stash hotkeys of Dave, Eve and Ferdie.
		let members: Vec<H256> = chain.storage("Senate", "Members").await?.unwrap_or_default();
		let expected = vec![hotkey("Dave")?, hotkey("Eve")?, hotkey("Ferdie")?];
		assert_eq!(sorted(members), sorted(expected), "Senate.Members");

		let amount = 7_000_000_000u64;
		let before: u64 =
			chain.storage("Staking", "MinStake").await?.context("MinStake has a default")?;
		assert_ne!(before, amount);

		let count: u32 = chain.storage("Senate", "ProposalCount").await?.unwrap_or(0);
		let motion = flow::propose(&chain, set_min_stake(amount)).await?;
		assert_eq!(motion.threshold, 2, "3 seats: threshold 2");
		assert_eq!(motion.index, count);
		let after_propose: u32 = chain.storage("Senate", "ProposalCount").await?.unwrap_or(0);
		assert_eq!(after_propose, count + 1, "Senate.ProposalCount");

		// The coldkeys vote for their hotkeys; the votes are the hotkeys'.
		flow::vote(&chain, "Dave", motion, true).await?;
		flow::vote(&chain, "Eve", motion, true).await?;
		let votes = voting(&chain, None, motion).await?.context("the motion is not open")?;
		assert_eq!(votes.threshold, 2);
		assert_eq!(sorted(votes.ayes), sorted(vec![hotkey("Dave")?, hotkey("Eve")?]));
		assert!(votes.nays.is_empty(), "nays: {:?}", votes.nays);
		// Approved but not yet closed: nothing has changed.
		let still: Option<u64> = chain.storage("Staking", "MinStake").await?;
		assert_eq!(still, Some(before));

		let closed = flow::close(&chain, motion).await?;
		for event in ["Closed", "Approved", "Executed"] {
			assert!(
				closed.has_event("Senate", event)?,
				"no Senate.{event}: {:?}",
				closed.event_names()?
			);
		}
		let executed: flow::Executed =
			closed.event("Senate", "Executed")?.context("not executed")?;
		assert_eq!(executed.proposal_hash, motion.hash);
		assert!(executed.result.is_ok(), "dispatch failed: {:?}", executed.result);

		// The change is in the state of the very block that included the close, and the
		// motion is gone.
		let after: Option<u64> = chain.storage_at(closed.block, "Staking", "MinStake").await?;
		assert_eq!(after, Some(amount));
		assert!(voting(&chain, Some(closed.block), motion).await?.is_none(), "motion still open");
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
		assert!(authorization(&chain, None).await?.is_none(), "an upgrade is already authorized");

		let (closed, executed) = flow::ratify(&chain, authorize_upgrade(new_code)).await?;
		assert!(executed.result.is_ok(), "dispatch failed: {:?}", executed.result);
		assert!(closed.has_event("System", "UpgradeAuthorized")?, "{:?}", closed.event_names()?);
		let authorized =
			authorization(&chain, Some(closed.block)).await?.context("no upgrade authorized")?;
		assert_eq!(authorized.code_hash, blake2_256(new_code));
		assert!(authorized.check_version, "the upgrade must be version-checked");

		// Code other than the authorized one is refused by the pool.
		let current = dtao_chain_spec::runtime_wasm()?;
		let err = chain
			.submit_unsigned(&apply_upgrade_tx(current))
			.await
			.err()
			.context("code other than the authorized one was accepted")?;
		let refused = refusal(&err).with_context(|| format!("not a refusal: {err:#}"))?;
		assert_eq!(refused.code, 1010, "not an invalid transaction: {refused}");
		assert!(authorization(&chain, None).await?.is_some(), "the authorization is gone");
		assert_eq!(chain.spec_version().await?, 100);

		// The authorized code is applied by anyone, without a signature.
		let applied = chain.submit_unsigned(&apply_upgrade_tx(new_code)).await?;
		assert!(applied.has_event("System", "CodeUpdated")?, "{:?}", applied.event_names()?);
		assert!(authorization(&chain, Some(applied.block)).await?.is_none(), "authorization left");
		chain.new_blocks(1).await?;
		assert_eq!(chain.spec_version().await?, 101);

		// The upgraded chain keeps taking transactions.
		let motion = flow::propose(&chain, set_min_stake(1)).await?;
		assert_eq!(motion.threshold, 2);
		Ok(())
	})
	.await
}

/// On a chain running `running` (spec_version `version`), governance authorizes `code` and it
/// is applied: the pool takes it (its hash is authorized), the version check then rejects it in
/// the block without touching the code, and the authorization is used up.
async fn upgrade_is_refused(running: &[u8], code: &[u8], version: u32) -> Result<()> {
	let chain = LocalChain::start_with_code(running).await?;
	assert_eq!(chain.spec_version().await?, version);
	let (_, executed) = flow::ratify(&chain, authorize_upgrade(code)).await?;
	assert!(executed.result.is_ok(), "dispatch failed: {:?}", executed.result);

	let included = chain.submit_unsigned(&apply_upgrade_tx(code)).await?;
	let rejected: Rejected = included
		.event("System", "RejectedInvalidAuthorizedUpgrade")?
		.with_context(|| format!("the code was not rejected: {:?}", included.event_names()))?;
	assert_eq!(rejected.code_hash, blake2_256(code));
	assert_eq!(
		chain.dispatch_error_name(&rejected.error).await?,
		"System::SpecVersionNeedsToIncrease"
	);
	assert!(!included.has_event("System", "CodeUpdated")?, "{:?}", included.event_names()?);
	assert!(authorization(&chain, Some(included.block)).await?.is_none(), "authorization left");

	chain.new_blocks(1).await?;
	assert_eq!(chain.spec_version().await?, version);
	Ok(())
}

#[tokio::test]
async fn upgrade_to_a_lower_or_equal_spec_version_is_refused() -> Result<()> {
	bounded(async {
		let current = dtao_chain_spec::runtime_wasm()?;
		// Equal: the chain runs spec_version 100 and governance authorizes that same code.
		upgrade_is_refused(current, current, 100).await.context("equal spec_version")?;
		// Lower: the chain runs the upgraded runtime (101) and governance authorizes 100.
		upgrade_is_refused(upgrade_wasm()?, current, 101).await.context("lower spec_version")?;
		Ok(())
	})
	.await
}

#[tokio::test]
async fn direct_senate_calls_are_filtered() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let senator = key("//Dave//stash")?;
		let proposal = set_min_stake(1);
		let count: u32 = chain.storage("Senate", "ProposalCount").await?.unwrap_or(0);

		// A senator's hotkey cannot open a Senate motion itself.
		let direct_propose = subxt::dynamic::tx(
			"Senate",
			"propose",
			Value::named_composite([
				("threshold", Value::u128(1)),
				("proposal", proposal.clone()),
				("length_bound", Value::u128(flow::LENGTH_BOUND)),
			]),
		);
		let err = chain
			.submit(&direct_propose, &senator)
			.await
			.err()
			.context("Senate.propose from a senator's hotkey went through")?;
		assert_eq!(dispatch_error(&err), Some("System::CallFiltered"), "{err:#}");

		// Governance.propose is for triumvirs only; a senator's coldkey is none.
		let err = chain
			.submit(&propose_tx(proposal.clone()), &key("//Dave")?)
			.await
			.err()
			.context("Governance.propose from a non-triumvir went through")?;
		assert_eq!(dispatch_error(&err), Some("Governance::NotTriumvir"), "{err:#}");
		let unchanged: u32 = chain.storage("Senate", "ProposalCount").await?.unwrap_or(0);
		assert_eq!(unchanged, count, "a motion was opened");

		// On an open motion, a senator's hotkey cannot vote directly either.
		let motion = flow::propose(&chain, proposal).await?;
		let direct_vote = subxt::dynamic::tx(
			"Senate",
			"vote",
			Value::named_composite([
				("proposal", Value::from_bytes(motion.hash)),
				("index", Value::u128(motion.index.into())),
				("approve", Value::bool(true)),
			]),
		);
		let err = chain
			.submit(&direct_vote, &senator)
			.await
			.err()
			.context("Senate.vote from a senator's hotkey went through")?;
		assert_eq!(dispatch_error(&err), Some("System::CallFiltered"), "{err:#}");
		let votes = voting(&chain, None, motion).await?.context("the motion is not open")?;
		assert!(votes.ayes.is_empty(), "a vote was counted: {:?}", votes.ayes);
		Ok(())
	})
	.await
}

#[tokio::test]
async fn governance_calls_check_roles_and_origins() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let motion = flow::propose(&chain, set_min_stake(1)).await?;
		let for_dave = vote_tx(account(&key("//Dave//stash")?), motion, true);

		// A triumvir cannot vote, and a coldkey cannot vote for another's hotkey.
		let err = chain.submit(&for_dave, &dev::bob()).await.err().context("a triumvir voted")?;
		assert_eq!(dispatch_error(&err), Some("Governance::TriumvirCannotVote"), "{err:#}");
		let err = chain
			.submit(&for_dave, &key("//Eve")?)
			.await
			.err()
			.context("a foreign coldkey voted")?;
		assert_eq!(dispatch_error(&err), Some("Governance::NotHotkeyOwner"), "{err:#}");
		let votes = voting(&chain, None, motion).await?.context("the motion is not open")?;
		ensure!(votes.ayes.is_empty() && votes.nays.is_empty(), "votes counted: {votes:?}");

		// A signed account cannot call a governed setter.
		let setter = subxt::dynamic::tx(
			"Staking",
			"set_min_stake",
			Value::named_composite([("amount", Value::u128(1))]),
		);
		let before: Option<u64> = chain.storage("Staking", "MinStake").await?;
		let err =
			chain.submit(&setter, &dev::alice()).await.err().context("a setter went through")?;
		assert_eq!(dispatch_error(&err), Some("BadOrigin"), "{err:#}");
		let after: Option<u64> = chain.storage("Staking", "MinStake").await?;
		assert_eq!(after, before);
		Ok(())
	})
	.await
}
