//! # A runtime fuzzer with governance invariants
//!
//! Input bytes become a sequence of blocks ([`harness`]), each with extrinsics: any
//! `RuntimeCall` of the runtime, generated structurally from its type registry
//! ([`generate`]: a pallet, a call, then each argument by its type, accounts and hashes drawn
//! from what the chain knows), signed by one of the development accounts (triumvirs, senators
//! and their coldkeys, subnet owners, validators, plain accounts) and applied through
//! `Executive`, with blocks advancing, sometimes across refresh periods and epochs. After
//! every block the invariants hold ([`invariants`]): every pallet's `try_state`, issuance
//! equal to what accounts hold, the block's weight within its limits, and no privileged change
//! without consent ([`consent`]).
//!
//! Each input starts from the `development` genesis, so an input always does the same thing.

pub mod consent;
pub mod generate;
pub mod harness;
pub mod invariants;

use codec::Decode;
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use scale_info::PortableRegistry;
use std::collections::BTreeMap;

/// Something an input broke.
#[derive(Debug, Clone)]
pub struct Finding {
	/// The block after which it showed.
	pub block: u32,
	/// What broke.
	pub what: String,
}

impl core::fmt::Display for Finding {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "after block {}: {}", self.block, self.what)
	}
}

/// What the fuzzer did.
#[derive(Default, Debug)]
pub struct Stats {
	/// Inputs run.
	pub inputs: u64,
	/// Extrinsics submitted.
	pub calls: u64,
	/// Blocks built.
	pub blocks: u64,
	/// Generated calls the runtime could not decode (none expected).
	pub undecodable: u64,
	/// Per (pallet, call): succeeded, failed in dispatch, refused before inclusion.
	pub reached: BTreeMap<(String, String), (u64, u64, u64)>,
}

impl Stats {
	/// The pallets whose calls were reached, with how many calls each.
	pub fn pallets(&self) -> BTreeMap<&str, u64> {
		let mut pallets = BTreeMap::new();
		for ((pallet, _), (ok, failed, refused)) in &self.reached {
			*pallets.entry(pallet.as_str()).or_default() += ok + failed + refused;
		}
		pallets
	}

	/// A report: calls, rate, and every pallet reached with its calls.
	pub fn report(&self, seconds: f64) -> String {
		let mut out = format!(
			"{} inputs, {} blocks, {} calls in {seconds:.0} s: {:.0} calls/s\n",
			self.inputs,
			self.blocks,
			self.calls,
			self.calls as f64 / seconds.max(1e-9)
		);
		for (pallet, calls) in self.pallets() {
			let names: Vec<String> = self
				.reached
				.iter()
				.filter(|((p, _), _)| p == pallet)
				.map(|((_, c), (ok, failed, refused))| format!("{c} {ok}/{failed}/{refused}"))
				.collect();
			out.push_str(&format!("  {pallet} ({calls}): {}\n", names.join(", ")));
		}
		out.push_str("  (per call: succeeded/failed/refused)\n");
		out
	}
}

/// The runtime's type registry and the id of its `RuntimeCall` type.
pub fn registry() -> (PortableRegistry, u32) {
	let opaque =
		dtao_runtime::Runtime::metadata_at_version(15).expect("the runtime has v15 metadata");
	let prefixed = RuntimeMetadataPrefixed::decode(&mut &opaque[..]).expect("valid metadata");
	match prefixed.1 {
		RuntimeMetadata::V15(m) => (m.types, m.extrinsic.call_ty.id),
		_ => unreachable!("asked for v15"),
	}
}

/// The development genesis, built once per process.
pub fn genesis() -> sp_core::storage::Storage {
	dtao_runtime::preset_storage("development").expect("the development preset builds")
}

/// Runs one input from genesis.
pub fn run_one(
	genesis: &sp_core::storage::Storage,
	generator: &mut generate::Generator<'_>,
	data: &[u8],
	stats: &mut Stats,
) -> Result<(), Finding> {
	stats.inputs += 1;
	harness::Harness::new(genesis).run(data, generator, stats)
}

/// The pools of values calls draw from: the signers' accounts, and amounts that matter to
/// the chain (the existential deposit, the minimum stake, a TAO, a lock, …).
pub fn pools() -> generate::Pools {
	const TAO: u128 = 1_000_000_000;
	generate::Pools {
		accounts: harness::signers().iter().map(|k| k.to_account_id().into()).collect(),
		hashes: vec![],
		amounts: vec![
			0,
			1,
			2,
			3,
			5,
			10,
			20,
			360,
			500,
			500_000,
			TAO,
			100 * TAO,
			1_000 * TAO,
			20_000 * TAO,
		],
	}
}

/// A deterministic stream of inputs from `seed`: random bytes, 256 bytes to 4 KiB each.
pub fn inputs(seed: u64) -> impl Iterator<Item = Vec<u8>> {
	let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
	let mut next = move || {
		// splitmix64
		state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = state;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	};
	std::iter::repeat_with(move || {
		let len = 256 + (next() % 3_840) as usize;
		(0..len.div_ceil(8)).flat_map(|_| next().to_le_bytes()).take(len).collect()
	})
}
