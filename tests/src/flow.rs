//! The governance flow as transactions: propose, vote, close, and runtime-upgrade calls.

use crate::{account, blake2_256, call, dev, dynamic, key, Included, LocalChain, H256};
use anyhow::{Context, Result};
use subxt::{dynamic::Value, ext::scale_decode::DecodeAsType, transactions::Payload};

/// A length bound that covers the small calls proposed here.
pub const LENGTH_BOUND: u128 = 10_000;

/// The Senate's `Proposed` event.
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Proposed {
	/// The motion's index.
	pub proposal_index: u32,
	/// The proposal's hash.
	pub proposal_hash: H256,
	/// Ayes needed.
	pub threshold: u32,
}

/// The Senate's `Executed` event.
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Executed {
	/// The proposal's hash.
	pub proposal_hash: H256,
	/// The dispatch result.
	pub result: Result<(), Value>,
}

/// An open Senate motion.
#[derive(Clone, Copy, Debug)]
pub struct Motion {
	/// The proposal's hash.
	pub hash: H256,
	/// The motion's index.
	pub index: u32,
	/// Ayes needed.
	pub threshold: u32,
}

/// A weight bound that covers the small calls proposed here.
pub fn weight_bound() -> Value {
	Value::named_composite([
		("ref_time", Value::u128(10_000_000_000)),
		("proof_size", Value::u128(1_000_000)),
	])
}

/// `Governance::propose(proposal)`.
pub fn propose_tx(proposal: Value) -> impl Payload {
	dynamic::tx(
		"Governance",
		"propose",
		Value::named_composite([
			("proposal", proposal),
			("length_bound", Value::u128(LENGTH_BOUND)),
		]),
	)
}

/// `Governance::vote(hotkey, motion, approve)`.
pub fn vote_tx(hotkey: Value, motion: Motion, approve: bool) -> impl Payload {
	dynamic::tx(
		"Governance",
		"vote",
		Value::named_composite([
			("hotkey", hotkey),
			("proposal", Value::from_bytes(motion.hash)),
			("index", Value::u128(motion.index.into())),
			("approve", Value::bool(approve)),
		]),
	)
}

/// `Governance::close(motion)`.
pub fn close_tx(motion: Motion) -> impl Payload {
	dynamic::tx(
		"Governance",
		"close",
		Value::named_composite([
			("proposal_hash", Value::from_bytes(motion.hash)),
			("index", Value::u128(motion.index.into())),
			("proposal_weight_bound", weight_bound()),
			("length_bound", Value::u128(LENGTH_BOUND)),
		]),
	)
}

/// `Governance::authorize_upgrade(blake2_256(code))`, as a proposal.
pub fn authorize_upgrade(code: &[u8]) -> Value {
	call(
		"Governance",
		"authorize_upgrade",
		vec![("code_hash", Value::from_bytes(blake2_256(code)))],
	)
}

/// `System::apply_authorized_upgrade(code)`, an unsigned transaction.
pub fn apply_upgrade_tx(code: &[u8]) -> impl Payload {
	dynamic::tx(
		"System",
		"apply_authorized_upgrade",
		Value::named_composite([("code", Value::from_bytes(code))]),
	)
}

/// Alice proposes `proposal`.
pub async fn propose(chain: &LocalChain, proposal: Value) -> Result<Motion> {
	let included = chain.submit(&propose_tx(proposal), &dev::alice()).await?;
	let p: Proposed = included.event("Senate", "Proposed")?.context("no Senate.Proposed event")?;
	Ok(Motion { hash: p.proposal_hash, index: p.proposal_index, threshold: p.threshold })
}

/// The coldkey `//Name` votes for its senate hotkey `//Name//stash`.
pub async fn vote(
	chain: &LocalChain,
	name: &str,
	motion: Motion,
	approve: bool,
) -> Result<Included> {
	let coldkey = key(&format!("//{name}"))?;
	let hotkey = key(&format!("//{name}//stash"))?;
	chain.submit(&vote_tx(account(&hotkey), motion, approve), &coldkey).await
}

/// Alice closes `motion`.
pub async fn close(chain: &LocalChain, motion: Motion) -> Result<Included> {
	chain.submit(&close_tx(motion), &dev::alice()).await
}

/// Alice proposes, Dave and Eve approve, Alice closes; returns the close and the result of
/// the dispatch.
pub async fn ratify(chain: &LocalChain, proposal: Value) -> Result<(Included, Executed)> {
	let motion = propose(chain, proposal).await?;
	vote(chain, "Dave", motion, true).await?;
	vote(chain, "Eve", motion, true).await?;
	let closed = close(chain, motion).await?;
	let executed: Executed =
		closed.event("Senate", "Executed")?.context("the motion was not executed")?;
	anyhow::ensure!(executed.proposal_hash == motion.hash, "another motion was executed");
	Ok((closed, executed))
}

/// The runtime with `spec_version` + 1 that this workspace builds for upgrades.
pub fn upgrade_wasm() -> Result<&'static [u8]> {
	dtao_runtime::upgrade_fixture::WASM_BINARY.context("the runtime was built without wasm")
}
