//! What the page shows, read from the chain: a [`View`] at one block, rebuilt at each new
//! head by [`watch`], and the simulated close of every open motion, run in the background on
//! a snapshot of that block and kept per motion.

use crate::{
	chain::{api, hash_key, storage_key},
	commands::{motions, subnet, Meta, Motion},
	simulation::{self, Simulation, Start},
	wasm::State,
};
use anyhow::{Context, Result};
use codec::Encode;
use dtao_primitives::api::{NeuronInfo, SenateInfo, SubnetInfo};
use dtao_runtime::{AccountId, Balance, BlockNumber};
use serde::Serialize;
use serde_json::{json, Value as Json};
use sp_core::storage::Storage;
use std::{
	collections::{BTreeMap, VecDeque},
	sync::{Arc, Mutex, RwLock},
	time::Duration,
};
use subxt::rpcs::rpc_params;
use tokio::sync::broadcast;

/// How many closed motions the page lists.
const CLOSED_KEPT: usize = 20;
/// How many of the latest referenda the page lists.
const REFERENDA_SHOWN: u32 = 10;
/// How long to wait before connecting again to a chain that went away.
const RECONNECT_AFTER: Duration = Duration::from_secs(2);

/// Everything the pages and the API show, at one block.
#[derive(Debug, Clone, Serialize, Default)]
pub struct View {
	/// The chain's URL.
	pub url: String,
	/// Whether the chain answers now.
	pub connected: bool,
	/// Why not, if it does not.
	pub error: Option<String>,
	/// The best block.
	pub block: u64,
	/// `spec_name spec_version` of the runtime.
	pub runtime: String,
	/// Milliseconds per block.
	pub block_time_ms: u64,
	/// The open Senate motions, oldest first.
	pub motions: Vec<MotionView>,
	/// Motions closed while this server watched, newest first.
	pub closed: Vec<Closed>,
	/// The Senate and the Triumvirate.
	pub senate: Option<SenateView>,
	/// Public proposals and referenda.
	pub democracy: Democracy,
	/// The code hash of an authorized runtime upgrade waiting to be applied.
	pub authorized_upgrade: Option<String>,
	/// Every subnet, as `dtao-gov subnet list --json` shows it.
	pub subnets: Vec<Json>,
}

/// An open motion with who proposed it, who voted (and their coldkeys), and what closing it
/// would do.
#[derive(Debug, Clone, Serialize)]
pub struct MotionView {
	/// The motion, as `dtao-gov proposal show --json` shows it.
	#[serde(flatten)]
	pub motion: Motion,
	/// The triumvir who proposed it.
	pub proposer: Option<String>,
	/// Each vote: hotkey, the coldkey that owns it, aye or nay.
	pub votes: Vec<Vote>,
	/// The simulated close.
	pub simulation: SimulationState,
}

/// One vote on a motion.
#[derive(Debug, Clone, Serialize)]
pub struct Vote {
	/// The seat's hotkey.
	pub hotkey: String,
	/// The coldkey that owns it.
	pub coldkey: Option<String>,
	/// Aye or nay.
	pub aye: bool,
}

/// Where the simulated close of a motion stands.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SimulationState {
	/// Not run yet for this motion.
	Pending,
	/// Run on the state of `block`.
	Done {
		/// The block whose state it ran on.
		block: u64,
		/// What it did.
		simulation: Box<Simulation>,
	},
	/// It could not run.
	Failed {
		/// The block whose state it was to run on.
		block: u64,
		/// Why.
		error: String,
	},
}

/// A motion closed while the server watched.
#[derive(Debug, Clone, Serialize)]
pub struct Closed {
	/// The block of the close.
	pub block: u64,
	/// The proposal's hash.
	pub hash: String,
	/// `executed`, `executed, failed with …`, or `disapproved`.
	pub outcome: String,
	/// Ayes and nays at the close.
	pub ayes: u32,
	/// Nays at the close.
	pub nays: u32,
}

/// The Senate's seats and candidates, and the Triumvirate.
#[derive(Debug, Clone, Serialize)]
pub struct SenateView {
	/// Seats.
	pub size: u32,
	/// The lasting stake a seat needs, rao.
	pub min_stake: Balance,
	/// The network's lasting root stake, rao.
	pub lasting_total_stake: Balance,
	/// The block at which seats are next recomputed.
	pub next_refresh: BlockNumber,
	/// Candidates, largest lasting stake first.
	pub candidates: Vec<Candidate>,
	/// The triumvirs.
	pub triumvirate: Vec<String>,
}

/// A Senate candidate.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
	/// Its hotkey.
	pub hotkey: String,
	/// The coldkey that owns it.
	pub coldkey: Option<String>,
	/// Root stake now, rao.
	pub stake: Balance,
	/// Root stake held through the whole last period, rao.
	pub lasting_stake: Balance,
	/// Its share of the network's lasting stake, in parts per billion.
	pub share_ppb: u64,
	/// Whether its lasting stake reaches the bar.
	pub eligible: bool,
	/// Whether it holds a seat.
	pub seated: bool,
}

/// Public proposals and referenda, decoded with the runtime's metadata.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Democracy {
	/// `Democracy.PublicProps`.
	pub public_proposals: Json,
	/// The latest referenda: index and `Democracy.ReferendumInfoOf`.
	pub referenda: Vec<Json>,
	/// The launch and voting periods, blocks.
	pub periods: Json,
}

/// What the server shares between its watcher, its simulations and its handlers.
pub struct Shared {
	/// The latest view.
	pub view: RwLock<Arc<View>>,
	/// The latest simulated close of each open motion, by proposal hash.
	simulations: Mutex<BTreeMap<[u8; 32], SimulationState>>,
	/// Whether a round of simulations is running.
	simulating: Mutex<bool>,
	/// Closed motions, newest first.
	closed: Mutex<VecDeque<Closed>>,
	/// Each new view's block number, for the pages' live updates.
	pub updates: broadcast::Sender<u64>,
	/// The chain, while it answers: for what is read on request (a subnet's metagraph).
	meta: RwLock<Option<Arc<Meta>>>,
	/// Runtime wasm files the server was given, by code hash: an upgrade motion that
	/// authorizes one is simulated on through the upgrade.
	wasm: BTreeMap<[u8; 32], Arc<Vec<u8>>>,
}

impl Shared {
	/// Nothing read yet from `url`; `wasm` are the runtimes upgrade motions may authorize.
	pub fn new(url: &str, wasm: Vec<Vec<u8>>) -> Arc<Self> {
		let wasm = wasm
			.into_iter()
			.map(|code| (sp_io::hashing::blake2_256(&code), Arc::new(code)))
			.collect();
		let view = View { url: url.to_string(), ..View::default() };
		Arc::new(Self {
			view: RwLock::new(Arc::new(view)),
			simulations: Mutex::new(BTreeMap::new()),
			simulating: Mutex::new(false),
			closed: Mutex::new(VecDeque::new()),
			updates: broadcast::channel(16).0,
			meta: RwLock::new(None),
			wasm,
		})
	}

	/// The chain, if it answers.
	pub fn meta(&self) -> Option<Arc<Meta>> {
		self.meta.read().expect("not poisoned").clone()
	}

	/// The latest view.
	pub fn view(&self) -> Arc<View> {
		self.view.read().expect("not poisoned").clone()
	}

	fn publish(&self, view: View) {
		let block = view.block;
		*self.view.write().expect("not poisoned") = Arc::new(view);
		// Nobody listening is fine.
		let _ = self.updates.send(block);
	}

	fn disconnected(&self, error: String) {
		*self.meta.write().expect("not poisoned") = None;
		let mut view = (*self.view()).clone();
		if view.connected || view.error.as_deref() != Some(error.as_str()) {
			view.connected = false;
			view.error = Some(error);
			self.publish(view);
		}
	}
}

/// Follows the chain at `url` for as long as the server runs: at each new head, a new view
/// and new simulations; when the chain goes away, a view that says so, and a new connection
/// every two seconds.
pub async fn watch(shared: Arc<Shared>, url: String) {
	loop {
		match follow(&shared, &url).await {
			// The runtime changed: read its metadata afresh, at once.
			Ok(Upgraded) => continue,
			Err(e) => shared.disconnected(format!("{e:#}")),
		}
		tokio::time::sleep(RECONNECT_AFTER).await;
	}
}

/// The chain's runtime changed under a connection, whose metadata is now stale.
struct Upgraded;

async fn follow(shared: &Arc<Shared>, url: &str) -> Result<Upgraded> {
	let meta = Arc::new(Meta::online(url).await?);
	*shared.meta.write().expect("not poisoned") = Some(meta.clone());
	let chain = meta.chain()?;
	let runtime = chain.runtime_version().await?;
	let mut heads = chain
		.rpc
		.subscribe::<Json>("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
		.await
		.context("subscribing to the chain's new heads")?;
	refresh(shared, &meta, &runtime).await?;
	while let Some(head) = heads.next().await {
		head.context("the chain's new heads")?;
		if chain.runtime_version().await? != runtime {
			return Ok(Upgraded);
		}
		refresh(shared, &meta, &runtime).await?;
	}
	anyhow::bail!("the chain closed its new-heads subscription")
}

/// Reads a new view at the best block and starts the simulations it lacks.
async fn refresh(shared: &Arc<Shared>, meta: &Arc<Meta>, runtime: &(String, u32)) -> Result<()> {
	let chain = meta.chain()?;
	let block = chain.block_number().await?;
	let (name, version) = runtime.clone();
	let senate: SenateInfo<AccountId, Balance, BlockNumber> =
		chain.runtime_api(api::SENATE, &[]).await?;
	let coldkeys: BTreeMap<String, Option<String>> = senate
		.candidates
		.iter()
		.map(|c| (c.hotkey.to_string(), c.coldkey.as_ref().map(ToString::to_string)))
		.collect();
	let open = motions(meta).await?;
	note_closed(shared, meta, block).await?;
	let simulations = shared.simulations.lock().expect("not poisoned").clone();
	let mut views = Vec::new();
	for motion in open {
		let proposer = storage_json(meta, "Governance", "OpenMotions", &[&motion.hash_bytes()[..]])
			.await?
			.and_then(|m| m["proposer"].as_str().map(String::from));
		let vote = |hotkey: &String, aye| Vote {
			hotkey: hotkey.clone(),
			coldkey: coldkeys.get(hotkey).cloned().flatten(),
			aye,
		};
		let votes = motion
			.ayes
			.iter()
			.map(|h| vote(h, true))
			.chain(motion.nays.iter().map(|h| vote(h, false)))
			.collect();
		let simulation =
			simulations.get(&motion.hash_bytes()).cloned().unwrap_or(SimulationState::Pending);
		views.push(MotionView { motion, proposer, votes, simulation });
	}
	let lasting_total = senate.lasting_total_stake;
	let senate_view = SenateView {
		size: senate.size,
		min_stake: senate.min_stake,
		lasting_total_stake: lasting_total,
		next_refresh: senate.next_refresh,
		candidates: senate
			.candidates
			.iter()
			.map(|c| Candidate {
				hotkey: c.hotkey.to_string(),
				coldkey: c.coldkey.as_ref().map(ToString::to_string),
				stake: c.stake,
				lasting_stake: c.lasting_stake,
				share_ppb: (u128::from(c.lasting_stake) * 1_000_000_000
					/ u128::from(lasting_total.max(1))) as u64,
				eligible: c.eligible,
				seated: c.seated,
			})
			.collect(),
		triumvirate: senate.triumvirate.iter().map(ToString::to_string).collect(),
	};
	let subnets: Vec<SubnetInfo<AccountId, Balance>> =
		chain.runtime_api("DtaoApi_subnets", &[]).await?;
	let authorized_upgrade = storage_json(meta, "System", "AuthorizedUpgrade", &[])
		.await?
		.and_then(|a| a["code_hash"].as_str().map(String::from));
	let democracy = democracy(meta).await?;
	let closed = shared.closed.lock().expect("not poisoned").iter().cloned().collect();
	let view = View {
		url: chain.url.clone(),
		connected: true,
		error: None,
		block,
		runtime: format!("{name} {version}"),
		block_time_ms: meta.block_time_ms(),
		motions: views,
		closed,
		senate: Some(senate_view),
		democracy,
		authorized_upgrade,
		subnets: subnets.iter().map(subnet::subnet_json).collect(),
	};
	shared.publish(view);
	start_simulations(shared.clone(), meta.clone());
	Ok(())
}

/// Whether an open motion lacks a simulation on the latest view's block.
fn unsimulated(view: &View) -> bool {
	view.motions.iter().any(|m| !simulated_at(&m.simulation, view.block))
}

fn simulated_at(state: &SimulationState, at: u64) -> bool {
	match state {
		SimulationState::Done { block, .. } | SimulationState::Failed { block, .. } => *block == at,
		SimulationState::Pending => false,
	}
}

/// Simulates closing every open motion on a snapshot of the best block, in the background,
/// if one lacks a simulation on it; one round at a time, and a round that ends behind the
/// best block starts another, so a burst of blocks costs one round after the current.
fn start_simulations(shared: Arc<Shared>, meta: Arc<Meta>) {
	if !unsimulated(&shared.view()) {
		return;
	}
	{
		let mut running = shared.simulating.lock().expect("not poisoned");
		if *running {
			return;
		}
		*running = true;
	}
	tokio::spawn(async move {
		loop {
			simulation_round(&shared, &meta).await;
			*shared.simulating.lock().expect("not poisoned") = false;
			// A block that came during the round found it running: catch up with it.
			let mut running = shared.simulating.lock().expect("not poisoned");
			if *running || !unsimulated(&shared.view()) {
				return;
			}
			*running = true;
		}
	});
}

async fn simulation_round(shared: &Arc<Shared>, meta: &Meta) {
	let block = shared.view().block;
	let snapshot = match meta.chain() {
		Ok(chain) => chain.snapshot().await,
		Err(e) => Err(e),
	};
	// The ratified code each upgrade motion would authorize, where this server knows it.
	let upgrades: BTreeMap<[u8; 32], Arc<Vec<u8>>> = shared
		.view()
		.motions
		.iter()
		.filter_map(|m| {
			let hash = m.motion.call["args"]["code_hash"].as_str()?;
			let hash: [u8; 32] = crate::scale::parse_hex("", hash).ok()?.try_into().ok()?;
			(m.motion.call_name == "Governance.authorize_upgrade")
				.then(|| shared.wasm.get(&hash).map(|code| (m.motion.hash_bytes(), code.clone())))?
		})
		.collect();
	let results = match snapshot {
		Ok(snapshot) => tokio::task::spawn_blocking(move || {
			simulate_all(&snapshot.pairs, snapshot.hash, snapshot.number, &upgrades)
		})
		.await
		.unwrap_or_default(),
		Err(e) => {
			let error = format!("taking a snapshot: {e:#}");
			shared
				.view()
				.motions
				.iter()
				.map(|m| {
					(m.motion.hash_bytes(), SimulationState::Failed { block, error: error.clone() })
				})
				.collect()
		}
	};
	shared.simulations.lock().expect("not poisoned").extend(results.clone());
	// The latest view gets the results at once.
	let mut view = (*shared.view()).clone();
	for m in &mut view.motions {
		if let Some(state) = results.get(&m.motion.hash_bytes()) {
			m.simulation = state.clone();
		}
	}
	shared.publish(view);
}

/// Simulates closing each open motion of the state `pairs` (at block `number`, hash `hash`).
fn simulate_all(
	pairs: &[(Vec<u8>, Vec<u8>)],
	hash: [u8; 32],
	number: u64,
	upgrades: &BTreeMap<[u8; 32], Arc<Vec<u8>>>,
) -> BTreeMap<[u8; 32], SimulationState> {
	let storage =
		|| Storage { top: pairs.iter().cloned().collect(), children_default: Default::default() };
	let mut state = State::new(storage());
	let open: Vec<[u8; 32]> =
		state.read(&storage_key("Senate", "Proposals", &[])).unwrap_or_default();
	let mut results = BTreeMap::new();
	for motion in open {
		let result = (|| -> Result<Simulation> {
			let mut state = State::new(storage());
			let call: Vec<u8> = state
				.get(&storage_key("Senate", "ProposalOf", &motion))
				.context("a motion without its proposal")?;
			let votes = state
				.get(&storage_key("Senate", "Voting", &motion))
				.context("a motion without its votes")?;
			// `Votes` begins with the motion's index.
			let index = u32::from_le_bytes(votes.get(..4).context("short votes")?.try_into()?);
			let upgrade = upgrades.get(&motion).map(|code| code.as_slice());
			simulation::simulate(&mut state, hash, Start::Motion { index, call }, upgrade)
		})();
		let entry = match result {
			Ok(simulation) => {
				SimulationState::Done { block: number, simulation: Box::new(simulation) }
			}
			Err(e) => SimulationState::Failed { block: number, error: format!("{e:#}") },
		};
		results.insert(motion, entry);
	}
	results
}

/// Records the Senate motions the best block closed, from its events.
async fn note_closed(shared: &Shared, meta: &Meta, block: u64) -> Result<()> {
	let Some(events) = storage_json(meta, "System", "Events", &[]).await? else { return Ok(()) };
	let mut closed: BTreeMap<String, Closed> = BTreeMap::new();
	for record in events.as_array().into_iter().flatten() {
		let (name, fields) = simulation::event_name(record["event"].clone());
		let Some(hash) = fields["proposal_hash"].as_str().map(String::from) else { continue };
		let entry = closed.entry(hash.clone()).or_insert(Closed {
			block,
			hash,
			outcome: String::new(),
			ayes: 0,
			nays: 0,
		});
		match name.as_str() {
			"Senate.Closed" => {
				entry.ayes = fields["yes"].as_u64().unwrap_or(0) as u32;
				entry.nays = fields["no"].as_u64().unwrap_or(0) as u32;
			}
			"Senate.Disapproved" => entry.outcome = "disapproved".into(),
			"Senate.Executed" => {
				entry.outcome = match fields["result"].get("Err") {
					Some(Json::String(e)) => format!("executed, failed with {e}"),
					Some(e) => format!("executed, failed with {e}"),
					None => "executed".into(),
				}
			}
			_ => {}
		}
	}
	let mut kept = shared.closed.lock().expect("not poisoned");
	for c in closed.into_values().filter(|c| !c.outcome.is_empty()) {
		if !kept.iter().any(|k| k.hash == c.hash && k.block == c.block) {
			kept.push_front(c);
		}
	}
	kept.truncate(CLOSED_KEPT);
	Ok(())
}

/// `Democracy`'s public proposals, the latest referenda and its periods.
async fn democracy(meta: &Meta) -> Result<Democracy> {
	let public_proposals =
		storage_json(meta, "Democracy", "PublicProps", &[]).await?.unwrap_or(json!([]));
	let count = storage_json(meta, "Democracy", "ReferendumCount", &[])
		.await?
		.and_then(|c| c.as_u64())
		.unwrap_or(0) as u32;
	let mut referenda = Vec::new();
	for index in (count.saturating_sub(REFERENDA_SHOWN)..count).rev() {
		if let Some(info) =
			storage_json(meta, "Democracy", "ReferendumInfoOf", &[&index.encode()[..]]).await?
		{
			referenda.push(json!({ "index": index, "info": info }));
		}
	}
	let periods = json!({
		"launch": meta.constant("Democracy", "LaunchPeriod"),
		"voting": meta.constant("Democracy", "VotingPeriod"),
		"enactment": meta.constant("Democracy", "EnactmentPeriod"),
	});
	Ok(Democracy { public_proposals, referenda, periods })
}

/// The value of `pallet.entry` at the given encoded map keys, decoded with the metadata;
/// `None` if unset and without a default.
pub async fn storage_json(
	meta: &Meta,
	pallet: &str,
	entry: &str,
	keys: &[&[u8]],
) -> Result<Option<Json>> {
	let storage = meta
		.metadata
		.pallet_by_name(pallet)
		.and_then(|p| p.storage())
		.with_context(|| format!("the runtime has no storage in {pallet}"))?;
	let item = storage
		.entry_by_name(entry)
		.with_context(|| format!("the runtime has no {pallet}.{entry}"))?;
	let mut suffix = Vec::new();
	for (info, key) in item.keys().zip(keys) {
		suffix.extend(hash_key(info.hasher, key));
	}
	let key = storage_key(storage.prefix(), entry, &suffix);
	let raw = meta.chain()?.raw_storage(&key).await?;
	let Some(bytes) = raw.as_deref().or(item.default_value()) else { return Ok(None) };
	Ok(Some(meta.types().decode(bytes, item.value_ty())?))
}

/// A subnet and its metagraph, as `dtao-gov subnet show --json` shows them.
pub async fn subnet_detail(meta: &Meta, netuid: u16) -> Result<Option<Json>> {
	let chain = meta.chain()?;
	let subnet: Option<SubnetInfo<AccountId, Balance>> =
		chain.runtime_api("DtaoApi_subnet", &netuid.encode()).await?;
	let Some(subnet) = subnet else { return Ok(None) };
	let neurons: Option<Vec<NeuronInfo<AccountId, Balance>>> =
		chain.runtime_api("DtaoApi_metagraph", &netuid.encode()).await?;
	Ok(Some(json!({
		"subnet": subnet::subnet_json(&subnet),
		"metagraph": neurons.unwrap_or_default().iter().map(subnet::neuron_json).collect::<Vec<_>>(),
	})))
}
