//! The governance flow simulated on the chain's own code ([`wasm::State`]): a triumvir
//! proposes (or an open motion is taken as it stands), the senators vote aye, the triumvir
//! closes, each step an extrinsic applied with its fees in a block built as a node builds
//! one; then, for a ratified runtime upgrade, the new code is applied and run. What comes out
//! is every event, every storage value that changed (decoded with the runtime's own
//! metadata), and why anything failed.

use crate::{
	chain::api,
	scale::Types,
	wasm::{value_key, State},
};
use anyhow::{Context, Result};
use codec::Decode;
use dtao_primitives::api::SenateInfo;
use frame_support::{dispatch::PerDispatchClass, weights::Weight};
use serde::Serialize;
use serde_json::{json, Value as Json};
use sp_core::crypto::{AccountId32, Ss58Codec};
use sp_core::storage::well_known_keys::CODE;
use sp_runtime::{transaction_validity::TransactionValidityError, DispatchError};
use std::collections::BTreeMap;
use subxt::{metadata::StorageEntryMetadata, Metadata};

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
	/// The step: `propose`, `vote <hotkey>`, `close`, `apply upgrade`.
	pub step: String,
	/// `Pallet.Event`.
	pub event: String,
	/// The event's fields, decoded.
	pub fields: Json,
}

/// What a ratified runtime upgrade does once applied.
#[derive(Debug, Clone, Serialize)]
pub struct UpgradeReport {
	/// `spec_name spec_version` before.
	pub from: String,
	/// `spec_name spec_version` after, as the new code reports it.
	pub to: String,
	/// The weight of the runtime-upgrade hooks (the migrations).
	pub migrations_weight: WeightFigure,
	/// How it was measured: by `try-runtime` (which runs the upgrade hooks alone), or as the
	/// first block's weight on the new code less the same block's on the old code.
	pub measured_by: String,
	/// The mandatory weight of the first block on the new code: the migrations and every
	/// `on_initialize` hook.
	pub first_block_weight: WeightFigure,
	/// The most a block may weigh.
	pub max_block_weight: WeightFigure,
	/// Whether `try-runtime`'s pre- and post-upgrade checks and every pallet's `try_state`
	/// ran (only a wasm built with `try-runtime` has them).
	pub checks: String,
	/// Blocks built on the new code after the upgrade.
	pub blocks_built: u32,
	/// Storage values the upgrade block and the blocks after it changed, per pallet.
	pub changed_per_pallet: BTreeMap<String, usize>,
	/// The changed values themselves (block bookkeeping left out).
	pub changes: Vec<Change>,
}

/// A weight, as the chain counts it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct WeightFigure {
	/// Picoseconds of compute.
	pub ref_time: u64,
	/// Bytes of proof.
	pub proof_size: u64,
}

impl From<Weight> for WeightFigure {
	fn from(w: Weight) -> Self {
		Self { ref_time: w.ref_time(), proof_size: w.proof_size() }
	}
}

/// What the simulated flow did.
#[derive(Debug, Clone, Serialize)]
pub struct Simulation {
	/// `spec_name spec_version` of the code that ran the flow.
	pub runtime: String,
	/// The block the flow ran in.
	pub block: u32,
	/// The triumvir that proposed and closed.
	pub proposer: String,
	/// The senate hotkeys that voted aye in the simulation.
	pub voters: Vec<String>,
	/// Every event, in order.
	pub events: Vec<SimEvent>,
	/// Every storage value that changed, except the bookkeeping of System and of the motion.
	pub changes: Vec<Change>,
	/// For a ratified upgrade: what the new code did.
	pub upgrade: Option<UpgradeReport>,
	/// `None` if the proposal was executed, its dispatch succeeded and any upgrade ran, else
	/// why not.
	pub failure: Option<String>,
}

/// Where the flow starts.
pub enum Start {
	/// A new proposal of `call` (call data), with a preimage to note first, if any; every
	/// senator votes aye.
	Propose {
		/// The call data.
		call: Vec<u8>,
		/// A referendum's preimage to note before proposing.
		preimage: Option<Vec<u8>>,
	},
	/// An open motion: the senators who have not voted vote aye, as many as it still needs.
	Motion {
		/// Its index.
		index: u32,
		/// Its call data.
		call: Vec<u8>,
	},
}

/// Storage entries left out of the diff: block bookkeeping.
const NOISE: &[&str] = &[
	"System.Events",
	"System.EventCount",
	"System.EventTopics",
	"System.BlockWeight",
	"System.BlockSize",
	"System.ExtrinsicCount",
	"System.ExtrinsicData",
	"System.Number",
	"System.ParentHash",
	"System.BlockHash",
	"System.Digest",
	"System.ExecutionPhase",
	"System.AllExtrinsicsLen",
	"System.InherentsApplied",
	"Timestamp.Now",
	"Timestamp.DidUpdate",
	"Aura.CurrentSlot",
];

/// How many blocks to build on new code after an upgrade.
const BLOCKS_AFTER_UPGRADE: u32 = 3;

struct Flow<'s> {
	state: &'s mut State,
	metadata: Metadata,
	sim: Simulation,
	/// Events already read in the current block.
	seen: usize,
}

/// Runs the flow from `start` on `state`, in the block after it (whose parent is
/// `parent_hash`). `upgrade` is the code a ratified `authorize_upgrade` expects: after a
/// successful close it is applied and run.
pub fn simulate(
	state: &mut State,
	parent_hash: [u8; 32],
	start: Start,
	upgrade: Option<&[u8]>,
) -> Result<Simulation> {
	let metadata = state.metadata()?;
	let version = state.version()?;
	let block = state.begin_block(parent_hash)?;
	let mut flow = Flow {
		state,
		metadata,
		seen: 0,
		sim: Simulation {
			runtime: format!("{} {}", version.spec_name, version.spec_version),
			block,
			proposer: String::new(),
			voters: vec![],
			events: vec![],
			changes: vec![],
			upgrade: None,
			failure: None,
		},
	};
	flow.seen = flow.events_now()?.len();
	let before = flow.state.pairs();
	let ran = flow.run(start);
	if let Err(e) = ran {
		flow.sim.failure = Some(format!("{e:#}"));
	}
	let after = flow.state.pairs();
	let types = Types::new(flow.metadata.types());
	flow.sim.changes = diff(&flow.metadata, &types, &before, &after);
	let header = match flow.state.finish_block() {
		Ok(header) => header,
		Err(e) => {
			flow.sim.failure.get_or_insert(format!("finishing the block: {e}"));
			return Ok(flow.sim);
		}
	};
	if let (None, Some(code)) = (&flow.sim.failure, upgrade) {
		match flow.upgrade(header.hash().into(), code) {
			Ok(report) => flow.sim.upgrade = Some(report),
			Err(e) => flow.sim.failure = Some(format!("the upgrade failed: {e:#}")),
		}
	}
	Ok(flow.sim)
}

impl Flow<'_> {
	fn types(&self) -> Types<'_> {
		Types::new(self.metadata.types())
	}

	fn run(&mut self, start: Start) -> Result<()> {
		let senate: SenateInfo<AccountId32, u64, u32> = self.state.call(api::SENATE, &[])?;
		let proposer = senate.triumvirate.first().cloned().context("the Triumvirate is empty")?;
		self.sim.proposer = proposer.to_ss58check();
		let call_ty = self.metadata.outer_enums().call_enum_ty();
		let (index, call, mut ayes, threshold) = match start {
			Start::Propose { call, preimage } => {
				if let Some(bytes) = preimage {
					let note = self.encode(&json!({
						"pallet": "Preimage", "call": "note_preimage",
						"args": { "bytes": format!("0x{}", hex::encode(&bytes)) }
					}))?;
					self.step("note preimage", &proposer, &note)?;
				}
				let index: u32 =
					self.state.read(&value_key("Senate", "ProposalCount")).unwrap_or(0);
				let decoded = self.types().decode(&call, call_ty).map_err(anyhow::Error::msg)?;
				let propose = self.encode(&json!({
					"pallet": "Governance", "call": "propose",
					"args": { "proposal": decoded, "length_bound": call.len() }
				}))?;
				self.step("propose", &proposer, &propose)?;
				(index, call, vec![], u32::MAX)
			}
			Start::Motion { index, call } => {
				let (ayes, threshold) = self.tally(&call)?;
				(index, call, ayes, threshold)
			}
		};
		let hash = sp_io::hashing::blake2_256(&call);
		let hash_hex = format!("0x{}", hex::encode(hash));
		for seat in senate.candidates.iter().filter(|c| c.seated) {
			if ayes.len() as u32 >= threshold {
				break;
			}
			if ayes.contains(&seat.hotkey) {
				continue;
			}
			let Some(coldkey) = &seat.coldkey else { continue };
			let vote = self.encode(&json!({
				"pallet": "Governance", "call": "vote",
				"args": {
					"hotkey": seat.hotkey.to_ss58check(), "proposal": hash_hex,
					"index": index, "approve": true
				}
			}))?;
			self.step(&format!("vote {}", seat.hotkey.to_ss58check()), coldkey, &vote)?;
			self.sim.voters.push(seat.hotkey.to_ss58check());
			ayes.push(seat.hotkey.clone());
		}
		let weight = self.weight(&call)?;
		let close = self.encode(&json!({
			"pallet": "Governance", "call": "close",
			"args": {
				"proposal_hash": hash_hex, "index": index,
				"proposal_weight_bound": { "ref_time": weight.ref_time(), "proof_size": weight.proof_size() },
				"length_bound": call.len(),
			}
		}))?;
		self.step("close", &proposer, &close)?;
		if let Some(why) = outcome(&self.sim.events) {
			anyhow::bail!(why);
		}
		Ok(())
	}

	/// The ayes (hotkeys) and the threshold of the open motion of `call`.
	fn tally(&mut self, call: &[u8]) -> Result<(Vec<AccountId32>, u32)> {
		let hash = sp_io::hashing::blake2_256(call);
		let mut key = value_key("Senate", "Voting");
		// pallet-collective keys its votes by the hash itself (`Identity`).
		key.extend_from_slice(&hash);
		#[derive(Decode)]
		struct Votes {
			_index: u32,
			threshold: u32,
			ayes: Vec<AccountId32>,
			_nays: Vec<AccountId32>,
			_end: u32,
		}
		let votes: Votes = self.state.read(&key).with_context(|| {
			format!("no open Senate motion has the hash 0x{}", hex::encode(hash))
		})?;
		Ok((votes.ayes, votes.threshold))
	}

	fn encode(&self, call: &Json) -> Result<Vec<u8>> {
		let call_ty = self.metadata.outer_enums().call_enum_ty();
		Ok(self.types().encode_call("call", call, call_ty)?)
	}

	/// The weight the runtime declares for `call`.
	fn weight(&mut self, call: &[u8]) -> Result<Weight> {
		let answer = self.state.call_raw(api::QUERY_CALL_INFO, &api::query_call_info_args(call))?;
		let (ref_time, proof_size) = api::call_weight(&answer)?;
		Ok(Weight::from_parts(ref_time, proof_size))
	}

	/// The block's events so far, decoded.
	fn events_now(&mut self) -> Result<Vec<(String, Json)>> {
		let Some(raw) = self.state.get(&value_key("System", "Events")) else { return Ok(vec![]) };
		let entry = self
			.metadata
			.pallet_by_name("System")
			.and_then(|p| p.storage())
			.and_then(|s| s.entry_by_name("Events"))
			.context("the runtime's metadata has no System.Events")?;
		let records = self.types().decode(&raw, entry.value_ty()).map_err(anyhow::Error::msg)?;
		let Json::Array(records) = records else { anyhow::bail!("System.Events is not a list") };
		Ok(records
			.into_iter()
			.map(|r| event_name(r.get("event").cloned().unwrap_or(Json::Null)))
			.collect())
	}

	/// Applies `call` signed by `who` and records its events under `step`.
	fn step(&mut self, step: &str, who: &AccountId32, call: &[u8]) -> Result<()> {
		let applied = self.state.apply_as(who.as_ref(), call)?;
		self.record(step)?;
		match applied {
			Ok(Ok(())) => Ok(()),
			Ok(Err(e)) => anyhow::bail!("{step} failed: {}", self.error_name(&e)),
			Err(e) => anyhow::bail!("{step} was refused: {}", validity(&e)),
		}
	}

	fn record(&mut self, step: &str) -> Result<()> {
		let events = self.events_now()?;
		for (event, fields) in events.into_iter().skip(self.seen) {
			self.seen += 1;
			let fields = self.name_errors(fields);
			self.sim.events.push(SimEvent { step: step.into(), event, fields });
		}
		Ok(())
	}

	/// Replaces a dispatch error written as `{ Module: { index, error } }` by its name.
	fn name_errors(&self, value: Json) -> Json {
		match value {
			Json::Object(map) => {
				if let Some(Json::Object(m)) = map.get("Module") {
					if let (Some(index), Some(Json::String(error))) =
						(m.get("index"), m.get("error"))
					{
						let error = hex::decode(error.trim_start_matches("0x")).unwrap_or_default();
						if let (Some(index), Some(first)) = (index.as_u64(), error.first()) {
							if let Some(name) = self.module_error(index as u8, *first) {
								return Json::String(name);
							}
						}
					}
				}
				Json::Object(map.into_iter().map(|(k, v)| (k, self.name_errors(v))).collect())
			}
			Json::Array(items) => {
				Json::Array(items.into_iter().map(|v| self.name_errors(v)).collect())
			}
			other => other,
		}
	}

	fn module_error(&self, pallet: u8, error: u8) -> Option<String> {
		let p = self.metadata.pallet_by_error_index(pallet)?;
		Some(format!("{}::{}", p.name(), p.error_variant_by_index(error)?.name))
	}

	fn error_name(&self, error: &DispatchError) -> String {
		match error {
			DispatchError::Module(m) => self
				.module_error(m.index, m.error[0])
				.unwrap_or_else(|| format!("Module({}, {:?})", m.index, m.error)),
			other => format!("{other:?}"),
		}
	}

	/// Applies the ratified `code` in a block of its own (as `dtao-gov upgrade apply` does, an
	/// unsigned `System.apply_authorized_upgrade`), then builds blocks on the new code.
	fn upgrade(&mut self, parent_hash: [u8; 32], code: &[u8]) -> Result<UpgradeReport> {
		let from = self.sim.runtime.clone();
		let old_code = self.state.get(CODE).context("the state has no code")?;
		self.state.begin_block(parent_hash)?;
		self.seen = self.events_now()?.len();
		let apply = self.encode(&json!({
			"pallet": "System", "call": "apply_authorized_upgrade",
			"args": { "code": format!("0x{}", hex::encode(code)) }
		}))?;
		let applied = self.state.apply_unsigned(&apply)?;
		self.record("apply upgrade")?;
		match applied {
			Ok(Ok(())) => {}
			Ok(Err(e)) => anyhow::bail!("apply_authorized_upgrade failed: {}", self.error_name(&e)),
			Err(e) => anyhow::bail!("apply_authorized_upgrade was refused: {}", validity(&e)),
		}
		let mut parent = self.state.finish_block()?.hash();
		anyhow::ensure!(
			self.state.get(CODE).as_deref() == Some(code),
			"the block applied no new code"
		);
		let version = self.state.version()?;
		let to = format!("{} {}", version.spec_name, version.spec_version);
		let new_metadata = self.state.metadata()?;
		let try_runtime = self.state.has_api("TryRuntime")?;
		let (migrations_weight, checks) = if try_runtime {
			let mut fork = self.state.fork();
			// UpgradeCheckSelect::All: pre- and post-upgrade checks and every try_state.
			let (weight, _max): (Weight, Weight) =
				fork.call("TryRuntime_on_runtime_upgrade", &[1u8])?;
			(Some(weight), "pre- and post-upgrade checks and try_state passed".to_string())
		} else {
			(None, "not run: the new wasm was built without try-runtime".to_string())
		};
		// The same block twice: on the new code, and (the control) on the old code. What
		// differs between the two is what the upgrade did: migrations, and hooks that changed.
		let mut control = self.state.fork();
		control.set(CODE, Some(old_code));
		control.begin_block(parent.into())?;
		let without = control.pairs();
		let control_weight = mandatory_weight(&mut control);
		self.state.begin_block(parent.into())?;
		let with = self.state.pairs();
		let first_block_weight = mandatory_weight(self.state);
		parent = self.state.finish_block()?.hash();
		for _ in 1..BLOCKS_AFTER_UPGRADE {
			self.state.begin_block(parent.into())?;
			parent = self.state.finish_block()?.hash();
		}
		let types = Types::new(new_metadata.types());
		let changes = diff(&new_metadata, &types, &without, &with);
		let mut changed_per_pallet = BTreeMap::new();
		for c in &changes {
			let pallet = c.entry.split('.').next().unwrap_or(&c.entry).to_string();
			*changed_per_pallet.entry(pallet).or_insert(0) += 1;
		}
		let migrations_weight =
			migrations_weight.unwrap_or_else(|| first_block_weight.saturating_sub(control_weight));
		let max_block_weight = new_metadata
			.pallet_by_name("System")
			.and_then(|p| p.constant_by_name("BlockWeights"))
			.and_then(|c| types.decode(c.value(), c.ty()).ok())
			.map(|w| WeightFigure {
				ref_time: w["max_block"]["ref_time"].as_u64().unwrap_or(u64::MAX),
				proof_size: w["max_block"]["proof_size"].as_u64().unwrap_or(u64::MAX),
			})
			.context("the new runtime's metadata has no System.BlockWeights")?;
		self.metadata = new_metadata;
		Ok(UpgradeReport {
			from,
			to,
			migrations_weight: migrations_weight.into(),
			measured_by: if try_runtime {
				"try-runtime"
			} else {
				"the first block, less the same block on the old code"
			}
			.into(),
			first_block_weight: first_block_weight.into(),
			max_block_weight,
			checks,
			blocks_built: BLOCKS_AFTER_UPGRADE,
			changed_per_pallet,
			changes,
		})
	}
}

/// The mandatory weight of the block being built (its hooks, and any migrations).
fn mandatory_weight(state: &mut State) -> Weight {
	let weights: PerDispatchClass<Weight> =
		state.read(&value_key("System", "BlockWeight")).unwrap_or_default();
	*weights.get(frame_support::dispatch::DispatchClass::Mandatory)
}

/// Why a transaction was refused, in words.
fn validity(e: &TransactionValidityError) -> String {
	format!("{e:?}")
}

/// Why the close did not execute the proposal successfully, from its events.
fn outcome(events: &[SimEvent]) -> Option<String> {
	for e in events.iter().filter(|e| e.step == "close") {
		match e.event.as_str() {
			"Senate.Disapproved" => return Some("the Senate disapproved the proposal".into()),
			"Senate.Executed" => {
				return match e.fields.get("result") {
					Some(Json::Object(r)) if r.contains_key("Err") => Some(format!(
						"the proposal was executed but failed with {}",
						shown(&r["Err"])
					)),
					_ => None,
				}
			}
			_ => {}
		}
	}
	Some("the close did not execute the proposal".into())
}

fn shown(v: &Json) -> String {
	match v {
		Json::String(s) => s.clone(),
		other => other.to_string(),
	}
}

/// `Pallet.Event` and its fields, from an event decoded as `{ Pallet: { Event: fields } }`.
pub fn event_name(decoded: Json) -> (String, Json) {
	match decoded {
		Json::Object(outer) if outer.len() == 1 => {
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
		other => ("?".into(), other),
	}
}

/// The key, under a pallet's prefix, of the pallet's on-chain storage version.
const STORAGE_VERSION_KEY: &str = ":__STORAGE_VERSION__:";

/// The pallet whose storage version `key` holds, if it is such a key.
fn storage_version_of<'m>(metadata: &'m Metadata, key: &[u8]) -> Option<&'m str> {
	let (prefix, rest) = key.split_at_checked(16)?;
	if rest != sp_io::hashing::twox_128(STORAGE_VERSION_KEY.as_bytes()) {
		return None;
	}
	metadata
		.pallets()
		.filter_map(|p| p.storage().map(|s| (p.name(), s.prefix())))
		.find(|(_, storage_prefix)| sp_io::hashing::twox_128(storage_prefix.as_bytes()) == prefix)
		.map(|(name, _)| name)
}

struct Entry<'m> {
	name: String,
	storage: &'m StorageEntryMetadata,
}

fn entries(metadata: &Metadata) -> BTreeMap<Vec<u8>, Entry<'_>> {
	let mut map = BTreeMap::new();
	for pallet in metadata.pallets() {
		let Some(storage) = pallet.storage() else { continue };
		for entry in storage.entries() {
			map.insert(
				value_key(storage.prefix(), entry.name()),
				Entry { name: format!("{}.{}", pallet.name(), entry.name()), storage: entry },
			);
		}
	}
	map
}

/// The storage values that differ between `before` and `after`, decoded with `metadata`.
pub fn diff(
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
			let name = match key.as_slice() {
				// The index of the extrinsic being applied: bookkeeping.
				sp_core::storage::well_known_keys::EXTRINSIC_INDEX => continue,
				sp_core::storage::well_known_keys::CODE => ":code".to_string(),
				_ => match storage_version_of(metadata, key) {
					Some(pallet) => {
						let version = |v: Option<&Vec<u8>>| {
							v.and_then(|v| u16::decode(&mut &v[..]).ok())
								.map_or(Json::Null, Json::from)
						};
						changes.push(Change {
							entry: format!("{pallet}.{STORAGE_VERSION_KEY}"),
							keys: vec![],
							before: version(old),
							after: version(new),
						});
						continue;
					}
					None => format!("0x{}", hex::encode(key)),
				},
			};
			changes.push(Change { entry: name, keys: vec![], before: show(old), after: show(new) });
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

fn decode_keys(types: &Types, entry: &StorageEntryMetadata, mut rest: &[u8]) -> Vec<Json> {
	let mut keys = Vec::new();
	for info in entry.keys() {
		let (skip, concat) = crate::chain::hasher_shape(info.hasher);
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
