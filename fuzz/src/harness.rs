//! Blocks of signed extrinsics on the real runtime (natively), built the way a node builds
//! them: an Aura slot in the digest, the timestamp inherent first, then each extrinsic signed
//! by one of a fixed set of funded accounts and applied through `Executive`, then the block
//! finalized. After every block the invariants are checked ([`crate::invariants`]).

use crate::{consent::Consent, generate::Generator, invariants, Finding, Stats};
use arbitrary::Unstructured;
use codec::{DecodeLimit, Encode};
use dtao_runtime::{
	constants::time::SLOT_DURATION, AccountId, Executive, Header, Runtime, RuntimeCall,
	SignedPayload, System, TxExtension, UncheckedExtrinsic,
};
use frame_support::storage::{with_transaction, TransactionOutcome};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era, traits::Header as _, Digest, DigestItem, DispatchError, MultiAddress,
	MultiSignature,
};
use std::collections::BTreeMap;

/// How deep a generated call may nest calls (a batch of batches of ...).
const MAX_CALL_DEPTH: u32 = 8;
/// The most extrinsics a block carries.
const MAX_EXTRINSICS: u8 = 8;
/// The most blocks one input builds.
const MAX_BLOCKS: usize = 24;

/// The signers: every development account (triumvirs, senators' coldkeys and hotkeys, subnet
/// owners, validators and plain accounts), each endowed at genesis.
pub fn signers() -> Vec<Sr25519Keyring> {
	Sr25519Keyring::iter().collect()
}

/// The runtime with the development genesis, and what the fuzzer keeps between blocks.
pub struct Harness {
	ext: sp_io::TestExternalities,
	signers: Vec<(Sr25519Keyring, AccountId)>,
	nonces: BTreeMap<AccountId, u32>,
	consent: Consent,
}

impl Harness {
	/// The development chain at its genesis.
	pub fn new(genesis: &sp_core::storage::Storage) -> Self {
		let ext = sp_io::TestExternalities::new(genesis.clone());
		let signers = signers().into_iter().map(|k| (k, k.to_account_id())).collect();
		Harness { ext, signers, nonces: BTreeMap::new(), consent: Consent::default() }
	}

	/// The accounts calls may name.
	pub fn accounts(&self) -> Vec<[u8; 32]> {
		self.signers.iter().map(|(_, a)| a.clone().into()).collect()
	}

	/// Hashes calls may name: the open Senate motions and a few code hashes.
	fn hashes(&mut self) -> Vec<[u8; 32]> {
		self.ext.execute_with(|| {
			let mut hashes: Vec<[u8; 32]> =
				pallet_collective::Proposals::<Runtime, dtao_runtime::SenateInstance>::get()
					.into_iter()
					.map(|h| h.0)
					.collect();
			hashes.push([1; 32]);
			hashes.push(sp_io::hashing::blake2_256(b"\0asm"));
			hashes
		})
	}

	/// Turns `data` into blocks and runs them, checking the invariants after each.
	pub fn run(
		&mut self,
		data: &[u8],
		generator: &mut Generator<'_>,
		stats: &mut Stats,
	) -> Result<(), Finding> {
		let mut u = Unstructured::new(data);
		for _ in 0..MAX_BLOCKS {
			if u.is_empty() {
				break;
			}
			let Ok(gap) = self.gap(&mut u) else { break };
			generator.set_hashes(self.hashes());
			let mut extrinsics = Vec::new();
			let count = u.int_in_range(0..=MAX_EXTRINSICS).unwrap_or(0);
			for _ in 0..count {
				let Ok(signer) = u.choose_index(self.signers.len()) else { break };
				let Ok(bytes) = generator.call(&mut u) else { break };
				match RuntimeCall::decode_with_depth_limit(MAX_CALL_DEPTH, &mut &bytes[..]) {
					Ok(call) => extrinsics.push((signer, call)),
					Err(_) => stats.undecodable += 1,
				}
			}
			self.block(gap, extrinsics, generator, stats)?;
		}
		Ok(())
	}

	/// How many blocks pass before the next one: mostly one, sometimes up to the next
	/// refresh period or the next epoch.
	fn gap(&mut self, u: &mut Unstructured) -> arbitrary::Result<u32> {
		let now = self.ext.execute_with(System::block_number);
		Ok(match u.int_in_range(0u8..=15)? {
			0..=9 => 1,
			10 | 11 => u.int_in_range(2..=12)?,
			12 | 13 => {
				let interval = self.ext.execute_with(|| {
					pallet_dtao_governance::SenateRefreshInterval::<Runtime>::get()
				});
				// The refresh block itself, or the one after it.
				(now / interval + 1) * interval - now + u.int_in_range(0..=1)?
			}
			_ => 21,
		})
	}

	/// Builds one block `gap` blocks after the last: hooks, the timestamp, the extrinsics;
	/// then checks the invariants.
	fn block(
		&mut self,
		gap: u32,
		extrinsics: Vec<(usize, RuntimeCall)>,
		generator: &Generator<'_>,
		stats: &mut Stats,
	) -> Result<(), Finding> {
		let signers = self.signers.clone();
		let nonces = &mut self.nonces;
		let consent = &mut self.consent;
		self.ext.execute_with(|| {
			let parent = System::block_number();
			let number = parent + gap;
			let parent_hash = System::block_hash(parent);
			let slot = Slot::from(u64::from(number));
			let digest =
				Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
			let before = consent.snapshot();
			let header = Header::new(number, H256::zero(), H256::zero(), parent_hash, digest);
			// The blocks in between are skipped: their hooks do not run, and the scheduler has
			// nothing of theirs to catch up with.
			System::set_block_number(number - 1);
			pallet_scheduler::IncompleteSince::<Runtime>::put(number);
			Executive::initialize_block(&header);
			let now = u64::from(number) * SLOT_DURATION;
			let inherent =
				UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
					now,
				}));
			Executive::apply_extrinsic(inherent)
				.expect("the timestamp inherent applies")
				.expect("the timestamp inherent succeeds");
			for (signer, call) in extrinsics {
				let (key, account) = &signers[signer];
				let names = generator.names(&call.encode());
				let nonce = nonces
					.get(account)
					.copied()
					.unwrap_or_else(|| frame_system::Pallet::<Runtime>::account_nonce(account));
				let xt = sign(*key, account.clone(), nonce, call);
				stats.calls += 1;
				// As a node's block builder does: an extrinsic refused as invalid leaves no trace.
				let outcome = with_transaction(|| {
					let outcome = Executive::apply_extrinsic(xt);
					if outcome.is_ok() {
						TransactionOutcome::Commit(Ok(outcome))
					} else {
						TransactionOutcome::Rollback(Ok::<_, DispatchError>(outcome))
					}
				})
				.expect("no storage transaction limit is reached");

				let entry = stats.reached.entry(names.unwrap_or_default()).or_default();
				// A motion opened and closed within the block must still be known.
				consent.record_proposals();
				match outcome {
					Ok(Ok(())) => {
						entry.0 += 1;
						nonces.insert(account.clone(), nonce + 1);
					}
					Ok(Err(_)) => {
						entry.1 += 1;
						nonces.insert(account.clone(), nonce + 1);
					}
					// Not included: unpayable, exhausting the block, or refused outright.
					Err(_) => entry.2 += 1,
				}
			}
			let _header = Executive::finalize_block();
			stats.blocks += 1;
			invariants::check(number, &before, consent)
		})
	}
}

/// A signed extrinsic of `call` from `key`.
fn sign(
	key: Sr25519Keyring,
	account: AccountId,
	nonce: u32,
	call: RuntimeCall,
) -> UncheckedExtrinsic {
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_system::WeightReclaim::new(),
	);
	let payload =
		SignedPayload::new(call.clone(), extension.clone()).expect("the extensions' implicit data");
	let signature = payload.using_encoded(|p| key.pair().sign(p));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(account),
		MultiSignature::Sr25519(signature),
		extension,
	)
}
