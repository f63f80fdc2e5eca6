//! The runtime this binary was built with, run natively: its metadata (for checking proposal
//! files offline), the weight of a call, whether the ratified origin may dispatch it, and the
//! in-process simulation of the whole governance flow on a genesis state or a snapshot of a
//! live chain's state.

use crate::scale::Types;
use anyhow::{anyhow, bail, Context, Result};
use codec::{Decode, Encode};
use dtao_runtime::{
	AccountId, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, SenateInstance, System,
};
use frame_support::dispatch::GetDispatchInfo;
use serde::Serialize;
use serde_json::Value as Json;
use sp_core::storage::Storage;
use sp_io::hashing::twox_128;
use sp_runtime::{traits::Dispatchable, DispatchError};
use std::collections::BTreeMap;
use subxt::{
	metadata::{StorageHasher, StorageMetadata},
	Metadata,
};

/// The metadata of the runtime built into this binary.
pub fn metadata() -> Result<Metadata> {
	let opaque = Runtime::metadata_at_version(15).context("the runtime has no v15 metadata")?;
	Metadata::decode_from(&opaque).context("decoding the runtime's own metadata")
}

/// `spec_name` and `spec_version` of the runtime built into this binary.
pub fn version() -> (String, u32) {
	(dtao_runtime::VERSION.spec_name.to_string(), dtao_runtime::VERSION.spec_version)
}

/// Decodes call data as a call of this runtime.
pub fn decode_call(call: &[u8]) -> Result<RuntimeCall> {
	RuntimeCall::decode(&mut &call[..]).map_err(|e| anyhow!("not a call of this runtime: {e}"))
}

/// The weight (ref time, proof size) the runtime declares for `call`.
pub fn weight(call: &RuntimeCall) -> (u64, u64) {
	let w = call.get_dispatch_info().call_weight;
	(w.ref_time(), w.proof_size())
}

/// Names a dispatch error the way the chain's events do: `Pallet::Error` for module errors.
pub fn error_name(metadata: &Metadata, error: &DispatchError) -> String {
	match error {
		DispatchError::Module(m) => metadata
			.pallet_by_error_index(m.index)
			.and_then(|p| {
				p.error_variant_by_index(m.error[0]).map(|v| format!("{}::{}", p.name(), v.name))
			})
			.unwrap_or_else(|| format!("Module({}, {:?})", m.index, m.error)),
		other => format!("{other:?}"),
	}
}

/// Dispatches `call` with the ratified origin (a unanimous Senate) on `storage`, then throws
/// the changes away. `Err` names the error of a failed dispatch.
pub fn dry_run_ratified(
	metadata: &Metadata,
	storage: Storage,
	call: RuntimeCall,
) -> Result<(), String> {
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		let seats = pallet_collective::Members::<Runtime, SenateInstance>::get().len() as u32;
		let origin: RuntimeOrigin =
			pallet_collective::RawOrigin::<AccountId, SenateInstance>::Members(seats, seats).into();
		call.dispatch(origin).map(|_| ()).map_err(|e| error_name(metadata, &e.error))
	})
}

/// One storage value that a simulation changed.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
	/// `Pallet.Entry`, or the hex key when the key belongs to no entry of the metadata.
	pub entry: String,
	/// The decoded map keys, if the entry is a map and its hashers keep them.
	pub keys: Vec<Json>,
	/// The value before, decoded; `null` if it was not set.
	pub before: Json,
	/// The value after, decoded; `null` if it is no longer set.
	pub after: Json,
}

/// An event of a simulation, with the step that emitted it.
#[derive(Debug, Clone, Serialize)]
pub struct SimEvent {
	/// The step: `propose`, `vote <hotkey>`, `close`.
	pub step: String,
	/// `Pallet.Event`.
	pub event: String,
	/// The event's fields, decoded.
	pub fields: Json,
}

/// What the simulated flow did.
#[derive(Debug, Clone, Serialize)]
pub struct Simulation {
	/// The triumvir that proposed and closed.
	pub proposer: String,
	/// The senate hotkeys that voted aye.
	pub voters: Vec<String>,
	/// Every event, in order.
	pub events: Vec<SimEvent>,
	/// Every storage value that changed, except the bookkeeping of System and of the motion.
	pub changes: Vec<Change>,
	/// `None` if the proposal was executed and its dispatch succeeded, else why not.
	pub failure: Option<String>,
}

/// Storage entries left out of the diff: block bookkeeping, and the motion's own records.
const NOISE: &[&str] = &[
	"System.Events",
	"System.EventCount",
	"System.EventTopics",
	"System.BlockWeight",
	"System.ExtrinsicCount",
	"System.Number",
	"System.Account",
	"System.ExecutionPhase",
	"System.AllExtrinsicsLen",
	"System.InherentsApplied",
];

/// Runs the governance flow on `storage`: the first triumvir proposes `call` (noting
/// `preimage` first, if given), every senator votes aye through its coldkey, the triumvir
/// closes.
pub fn simulate(
	metadata: &Metadata,
	storage: Storage,
	call: RuntimeCall,
	preimage: Option<Vec<u8>>,
) -> Result<Simulation> {
	let types = Types::new(metadata.types());
	let event_ty = metadata.outer_enums().event_enum_ty();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		let block = System::block_number() + 1;
		System::set_block_number(block);
		System::reset_events();
		let before = snapshot();
		let triumvirs =
			pallet_collective::Members::<Runtime, dtao_runtime::TriumvirateInstance>::get();
		let proposer = triumvirs.first().cloned().context("the Triumvirate is empty")?;
		let mut sim = Simulation {
			proposer: proposer.to_string(),
			voters: vec![],
			events: vec![],
			changes: vec![],
			failure: None,
		};
		let step = |sim: &mut Simulation, name: String, call: RuntimeCall, who: &AccountId| {
			let result = call.dispatch(RuntimeOrigin::signed(who.clone()));
			for record in System::read_events_no_consensus() {
				if let RuntimeEvent::Senate(pallet_collective::Event::Executed {
					result: Err(e),
					..
				}) = &record.event
				{
					sim.failure = Some(format!(
						"the proposal was executed but failed with {}",
						error_name(metadata, e)
					));
				}
				sim.events.push(event(&types, event_ty, &name, &record.event));
			}
			System::reset_events();
			result
				.map(|_| ())
				.map_err(|e| format!("{name} failed: {}", error_name(metadata, &e.error)))
		};

		if let Some(bytes) = preimage {
			let note = RuntimeCall::Preimage(pallet_preimage::Call::note_preimage { bytes });
			if let Err(e) = step(&mut sim, "note preimage".into(), note, &proposer) {
				sim.failure = Some(e);
				return Ok(sim);
			}
		}
		let length = call.encoded_size() as u32;
		// The motion's index: the count of Senate proposals before this one.
		let index = pallet_collective::ProposalCount::<Runtime, SenateInstance>::get();
		let weight = call.get_dispatch_info().call_weight;
		let hash = sp_io::hashing::blake2_256(&call.encode());
		let propose = RuntimeCall::Governance(pallet_dtao_governance::Call::propose {
			proposal: Box::new(call),
			length_bound: length,
		});
		if let Err(e) = step(&mut sim, "propose".into(), propose, &proposer) {
			sim.failure = Some(e);
			return Ok(sim);
		}
		let hash = sp_core::H256(hash);
		anyhow::ensure!(
			pallet_collective::Voting::<Runtime, SenateInstance>::contains_key(hash),
			"the proposal was not opened as a Senate motion"
		);
		for hotkey in pallet_collective::Members::<Runtime, SenateInstance>::get() {
			let Some(coldkey) = pallet_dtao_staking::Pallet::<Runtime>::owner_of(&hotkey) else {
				continue;
			};
			let vote = RuntimeCall::Governance(pallet_dtao_governance::Call::vote {
				hotkey: hotkey.clone(),
				proposal: hash,
				index,
				approve: true,
			});
			if let Err(e) = step(&mut sim, format!("vote {hotkey}"), vote, &coldkey) {
				sim.failure = Some(e);
				return Ok(sim);
			}
			sim.voters.push(hotkey.to_string());
		}
		let close = RuntimeCall::Governance(pallet_dtao_governance::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound: weight,
			length_bound: length,
		});
		if let Err(e) = step(&mut sim, "close".into(), close, &proposer) {
			sim.failure = Some(e);
			return Ok(sim);
		}
		if sim.failure.is_none() {
			sim.failure = outcome(&sim.events);
		}
		sim.changes = diff(metadata, &types, &before, &snapshot());
		Ok(sim)
	})
}

/// Why the close did not execute the proposal successfully, from its events.
fn outcome(events: &[SimEvent]) -> Option<String> {
	for e in events.iter().filter(|e| e.step == "close") {
		match e.event.as_str() {
			"Senate.Disapproved" => return Some("the Senate disapproved the proposal".into()),
			"Senate.Executed" => return None,
			_ => {}
		}
	}
	Some("the close did not execute the proposal".into())
}

fn event(types: &Types, event_ty: u32, step: &str, event: &RuntimeEvent) -> SimEvent {
	let decoded = types.decode(&event.encode(), event_ty);
	let (name, fields) = match decoded {
		Ok(Json::Object(outer)) if outer.len() == 1 => {
			let (pallet, inner) = outer.into_iter().next().expect("one entry");
			match inner {
				Json::Object(inner) if inner.len() == 1 => {
					let (name, fields) = inner.into_iter().next().expect("one entry");
					(format!("{pallet}.{name}"), fields)
				}
				Json::String(name) => (format!("{pallet}.{name}"), Json::Null),
				other => (pallet, other),
			}
		}
		Ok(other) => ("?".into(), other),
		Err(e) => ("?".into(), Json::String(format!("undecodable event: {e}"))),
	};
	SimEvent { step: step.to_string(), event: name, fields }
}

/// Every key and value of the state.
fn snapshot() -> BTreeMap<Vec<u8>, Vec<u8>> {
	let mut all = BTreeMap::new();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		if let Some(value) = sp_io::storage::get(&next) {
			all.insert(next.clone(), value.to_vec());
		}
		key = next;
	}
	all
}

struct Entry<'m> {
	name: String,
	storage: &'m subxt::metadata::StorageEntryMetadata,
}

fn entries(metadata: &Metadata) -> BTreeMap<Vec<u8>, Entry<'_>> {
	let mut map = BTreeMap::new();
	for pallet in metadata.pallets() {
		let Some(storage): Option<&StorageMetadata> = pallet.storage() else { continue };
		for entry in storage.entries() {
			let mut prefix = twox_128(storage.prefix().as_bytes()).to_vec();
			prefix.extend_from_slice(&twox_128(entry.name().as_bytes()));
			map.insert(
				prefix,
				Entry { name: format!("{}.{}", pallet.name(), entry.name()), storage: entry },
			);
		}
	}
	map
}

fn diff(
	metadata: &Metadata,
	types: &Types,
	before: &BTreeMap<Vec<u8>, Vec<u8>>,
	after: &BTreeMap<Vec<u8>, Vec<u8>>,
) -> Vec<Change> {
	let entries = entries(metadata);
	let mut keys: Vec<&Vec<u8>> = before.keys().chain(after.keys()).collect();
	keys.sort();
	keys.dedup();
	let mut changes = Vec::new();
	for key in keys {
		let (old, new) = (before.get(key), after.get(key));
		if old == new {
			continue;
		}
		let entry = key.get(..32).and_then(|p| entries.get(p));
		let Some(entry) = entry else {
			let show = |v: Option<&Vec<u8>>| match v {
				Some(v) if v.len() > 64 => Json::String(format!("<{} bytes>", v.len())),
				Some(v) => Json::String(format!("0x{}", hex::encode(v))),
				None => Json::Null,
			};
			changes.push(Change {
				entry: format!("0x{}", hex::encode(key)),
				keys: vec![],
				before: show(old),
				after: show(new),
			});
			continue;
		};
		if NOISE.contains(&entry.name.as_str()) {
			continue;
		}
		let value_ty = entry.storage.value_ty();
		// An unset value reads as the entry's default, if it has one.
		let default = entry.storage.default_value();
		let decode = |v: Option<&Vec<u8>>| match v.map(Vec::as_slice).or(default) {
			Some(v) => types
				.decode(v, value_ty)
				.unwrap_or_else(|e| Json::String(format!("<undecodable: {e}>"))),
			None => Json::Null,
		};
		let (before, after) = (decode(old), decode(new));
		// Written with its default value: no change a reader would see.
		if before == after {
			continue;
		}
		changes.push(Change {
			entry: entry.name.clone(),
			keys: decode_keys(types, entry.storage, &key[32..]),
			before,
			after,
		});
	}
	changes
}

fn decode_keys(
	types: &Types,
	entry: &subxt::metadata::StorageEntryMetadata,
	mut rest: &[u8],
) -> Vec<Json> {
	let mut keys = Vec::new();
	for info in entry.keys() {
		let (skip, concat) = match info.hasher {
			StorageHasher::Blake2_128Concat => (16, true),
			StorageHasher::Twox64Concat => (8, true),
			StorageHasher::Identity => (0, true),
			StorageHasher::Blake2_128 | StorageHasher::Twox128 => (16, false),
			StorageHasher::Blake2_256 | StorageHasher::Twox256 => (32, false),
		};
		if rest.len() < skip {
			break;
		}
		if !concat {
			keys.push(Json::String(format!("hash 0x{}", hex::encode(&rest[..skip]))));
			rest = &rest[skip..];
			continue;
		}
		rest = &rest[skip..];
		match types.decode_prefix(&mut rest, info.key_id) {
			Ok(k) => keys.push(k),
			Err(_) => break,
		}
	}
	keys
}

/// The genesis state of `preset` of the runtime built into this binary.
pub fn genesis(preset: &str) -> Result<Storage> {
	dtao_runtime::preset_storage(preset).map_err(anyhow::Error::msg)
}

/// A state from raw key-value pairs (a snapshot of a live chain).
pub fn state_from_pairs(pairs: Vec<(Vec<u8>, Vec<u8>)>) -> Storage {
	Storage { top: pairs.into_iter().collect(), children_default: Default::default() }
}

/// Fails unless a state taken from a chain that runs `spec_name`/`spec_version` can be run by
/// the runtime built into this binary.
pub fn ensure_same_runtime(spec_name: &str, spec_version: u32) -> Result<()> {
	let (name, version) = version();
	if spec_name != name || spec_version != version {
		bail!(
			"the chain runs {spec_name} {spec_version} but this dtao-gov was built with \
			 {name} {version}; simulating on its state needs the same runtime (rebuild dtao-gov \
			 from the chain's release, or simulate on the development genesis without --url)"
		);
	}
	Ok(())
}
