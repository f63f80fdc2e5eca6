//! The governance flow end to end: Chopsticks serving the runtime's wasm, a real RPC client.

use anyhow::{anyhow, Context, Result};
use dtao_e2e::{account, blake2_256, call, dev, dynamic, key, Included, LocalChain, H256};
use std::{future::Future, time::Duration};
use subxt::{dynamic::Value, ext::scale_decode::DecodeAsType};

/// A hung chain fails the test instead of the CI run.
const TEST_TIMEOUT: Duration = Duration::from_secs(300);

async fn bounded<F: Future<Output = Result<()>>>(test: F) -> Result<()> {
	tokio::time::timeout(TEST_TIMEOUT, test).await.map_err(|_| anyhow!("timed out"))?
}

#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Proposed {
	proposal_index: u32,
	proposal_hash: H256,
	threshold: u32,
}

#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Executed {
	proposal_hash: H256,
	result: Result<(), Value>,
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

/// Generous bounds for the small calls these tests propose.
const LENGTH_BOUND: u128 = 10_000;

fn weight_bound() -> Value {
	Value::named_composite([
		("ref_time", Value::u128(10_000_000_000)),
		("proof_size", Value::u128(1_000_000)),
	])
}

/// Alice proposes `proposal`; returns the motion's (hash, index).
async fn propose(chain: &LocalChain, proposal: Value) -> Result<(H256, u32)> {
	let tx = dynamic::tx(
		"Governance",
		"propose",
		Value::named_composite([
			("proposal", proposal),
			("length_bound", Value::u128(LENGTH_BOUND)),
		]),
	);
	let included = chain.submit(&tx, &dev::alice()).await?;
	let proposed: Proposed =
		included.event("Senate", "Proposed")?.context("no Senate.Proposed event")?;
	assert_eq!(proposed.threshold, 2, "3 seats: threshold 2");
	Ok((proposed.proposal_hash, proposed.proposal_index))
}

/// The coldkey `//Name` votes for its senate hotkey `//Name//stash`.
async fn vote(
	chain: &LocalChain,
	name: &str,
	motion: (H256, u32),
	approve: bool,
) -> Result<Included> {
	let coldkey = key(&format!("//{name}"))?;
	let hotkey = key(&format!("//{name}//stash"))?;
	let tx = dynamic::tx(
		"Governance",
		"vote",
		Value::named_composite([
			("hotkey", account(&hotkey)),
			("proposal", Value::from_bytes(motion.0)),
			("index", Value::u128(motion.1.into())),
			("approve", Value::bool(approve)),
		]),
	);
	chain.submit(&tx, &coldkey).await
}

async fn close(chain: &LocalChain, motion: (H256, u32)) -> Result<Included> {
	let tx = dynamic::tx(
		"Governance",
		"close",
		Value::named_composite([
			("proposal_hash", Value::from_bytes(motion.0)),
			("index", Value::u128(motion.1.into())),
			("proposal_weight_bound", weight_bound()),
			("length_bound", Value::u128(LENGTH_BOUND)),
		]),
	);
	chain.submit(&tx, &dev::alice()).await
}

/// Alice proposes, Dave and Eve approve, Alice closes; returns the close and its result.
async fn ratify(chain: &LocalChain, proposal: Value) -> Result<(Included, Executed)> {
	let motion = propose(chain, proposal).await?;
	vote(chain, "Dave", motion, true).await?;
	vote(chain, "Eve", motion, true).await?;
	let closed = close(chain, motion).await?;
	let executed: Executed =
		closed.event("Senate", "Executed")?.context("the motion was not executed")?;
	assert_eq!(executed.proposal_hash, motion.0);
	Ok((closed, executed))
}

fn authorize_upgrade(code: &[u8]) -> Value {
	call(
		"Governance",
		"authorize_upgrade",
		vec![("code_hash", Value::from_bytes(blake2_256(code)))],
	)
}

fn apply_upgrade(code: &[u8]) -> impl subxt::transactions::Payload {
	dynamic::tx(
		"System",
		"apply_authorized_upgrade",
		Value::named_composite([("code", Value::from_bytes(code))]),
	)
}

fn upgrade_wasm() -> Result<&'static [u8]> {
	dtao_runtime::upgrade_fixture::WASM_BINARY.context("the runtime was built without wasm")
}

#[tokio::test]
async fn ratified_parameter_change_executes_in_the_close_block() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let before: u64 = chain.storage("Staking", "MinStake").await?.unwrap_or(500_000);
		assert_eq!(before, 500_000);

		let amount = 7_000_000_000u64;
		let proposal =
			call("Staking", "set_min_stake", vec![("amount", Value::u128(amount.into()))]);
		let (closed, executed) = ratify(&chain, proposal).await?;
		assert!(executed.result.is_ok(), "dispatch failed: {:?}", executed.result);

		// The change is in the state of the very block that included the close.
		let after: Option<u64> = chain.storage_at(closed.block, "Staking", "MinStake").await?;
		assert_eq!(after, Some(amount));
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
		let refused = chain.submit_unsigned(&apply_upgrade(current)).await;
		assert!(refused.is_err(), "a wrong code hash was accepted");
		assert_eq!(chain.spec_version().await?, 100);

		// The authorized code is applied by anyone, without a signature.
		let applied = chain.submit_unsigned(&apply_upgrade(new_code)).await?;
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
		let included = chain.submit_unsigned(&apply_upgrade(old_code)).await?;
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
		let proposal = call("Staking", "set_min_stake", vec![("amount", Value::u128(1))]);

		// A senator's hotkey cannot use the Senate collective directly.
		let direct = dynamic::tx(
			"Senate",
			"propose",
			Value::named_composite([
				("threshold", Value::u128(1)),
				("proposal", proposal.clone()),
				("length_bound", Value::u128(LENGTH_BOUND)),
			]),
		);
		let err = chain.submit(&direct, &key("//Dave//stash")?).await.err().context("filtered")?;
		assert!(err.to_string().contains("CallFiltered"), "{err}");

		// A senator's coldkey is no triumvir.
		let tx = dynamic::tx(
			"Governance",
			"propose",
			Value::named_composite([
				("proposal", proposal.clone()),
				("length_bound", Value::u128(LENGTH_BOUND)),
			]),
		);
		let err = chain.submit(&tx, &key("//Dave")?).await.err().context("not a triumvir")?;
		assert!(err.to_string().contains("NotTriumvir"), "{err}");

		// A triumvir cannot vote, and a coldkey cannot vote for another's hotkey.
		let motion = propose(&chain, proposal).await?;
		let as_triumvir = dynamic::tx(
			"Governance",
			"vote",
			Value::named_composite([
				("hotkey", account(&key("//Dave//stash")?)),
				("proposal", Value::from_bytes(motion.0)),
				("index", Value::u128(motion.1.into())),
				("approve", Value::bool(true)),
			]),
		);
		let err = chain.submit(&as_triumvir, &dev::bob()).await.err().context("triumvir voted")?;
		assert!(err.to_string().contains("TriumvirCannotVote"), "{err}");
		let err =
			chain.submit(&as_triumvir, &key("//Eve")?).await.err().context("wrong coldkey")?;
		assert!(err.to_string().contains("NotHotkeyOwner"), "{err}");

		// A signed account cannot call a governed setter.
		let direct_setter = dynamic::tx(
			"Staking",
			"set_min_stake",
			Value::named_composite([("amount", Value::u128(1))]),
		);
		let err = chain.submit(&direct_setter, &dev::alice()).await.err().context("setter")?;
		assert!(err.to_string().to_lowercase().contains("bad origin"), "{err}");
		let min: Option<u64> = chain.storage("Staking", "MinStake").await?;
		assert_eq!(min.unwrap_or(500_000), 500_000);
		Ok(())
	})
	.await
}
