//! `dtao-gov proposal …`: the life of a proposal, from a drafted file to a closed motion.

use super::{find_motion, motions, submit, template, Meta, Motion};
use crate::{
	files, native,
	output::{call_name, call_tree, hex0x, short_hash, table, Out},
	proposal::{self, Proposal},
	simulation::{self, Start},
	wasm::State,
	Global,
};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::{json, Value as Json};
use sp_core::storage::Storage;
use std::path::Path;
use std::path::PathBuf;
use subxt::{dynamic::Value, ext::scale_decode::DecodeAsType, utils::AccountId32};
use subxt_signer::sr25519::Keypair;

/// The life of a proposal.
#[derive(Subcommand, Debug)]
pub enum ProposalCommand {
	/// Write a new proposal file from a template.
	New(template::NewArgs),
	/// Check a proposal file against the runtime's metadata: print the decoded call, its hash,
	/// call data, length and weight, and warn about anything that would stop it.
	Check(CheckArgs),
	/// Run the proposal through the whole flow in-process on the chain's own wasm (propose,
	/// every senator votes aye, close, each an extrinsic with its fees) and print the events
	/// and every storage value that changed; for an upgrade, go on to apply the new code and
	/// report what it does. Exits non-zero if the proposal would fail.
	Simulate(SimulateArgs),
	/// Propose the file's call to the Senate, signed by a triumvir.
	Submit(FileArgs),
	/// List the open Senate motions.
	List,
	/// Show one open motion: the call, the tally, who voted, and the time left; with
	/// `--simulate`, what closing it would do on the chain's current state.
	Show(ShowArgs),
	/// Vote on an open motion for a senate seat, signed by the coldkey that owns the seat's
	/// hotkey.
	Vote(VoteArgs),
	/// Close an open motion: a triumvir may close at any time, anyone once the voting ended.
	/// An approved proposal executes in the block of the close.
	Close(IdArgs),
}

/// A proposal file.
#[derive(Args, Debug)]
pub struct FileArgs {
	/// The proposal file (TOML; see proposals/README.md).
	pub file: PathBuf,
}

/// `check` options.
#[derive(Args, Debug)]
pub struct CheckArgs {
	/// The proposal file (TOML; see proposals/README.md).
	pub file: PathBuf,
	/// Exit non-zero when there is a warning.
	#[arg(long)]
	pub deny_warnings: bool,
	/// Offline: dry-run on this runtime wasm instead of the one built into dtao-gov.
	#[arg(long, value_name = "FILE")]
	pub runtime: Option<PathBuf>,
}

/// `simulate` options.
#[derive(Args, Debug)]
pub struct SimulateArgs {
	/// The proposal file (TOML; see proposals/README.md).
	pub file: PathBuf,
	/// Offline: simulate on this runtime wasm's development genesis instead of the one built
	/// into dtao-gov.
	#[arg(long, value_name = "FILE")]
	pub runtime: Option<PathBuf>,
}

/// `show` options.
#[derive(Args, Debug)]
pub struct ShowArgs {
	/// The motion's index (`3`) or its proposal hash (`0x…`).
	pub id: String,
	/// Simulate closing the motion on the chain's current state, after the ayes it still
	/// needs, and print what it would change.
	#[arg(long)]
	pub simulate: bool,
}

/// A motion.
#[derive(Args, Debug)]
pub struct IdArgs {
	/// The motion's index (`3`) or its proposal hash (`0x…`).
	pub id: String,
}

/// `vote` options.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("choice").required(true).args(["aye", "nay"])))]
pub struct VoteArgs {
	/// The motion's index (`3`) or its proposal hash (`0x…`).
	pub id: String,
	/// Vote for the proposal.
	#[arg(long, visible_alias = "vote-aye")]
	pub aye: bool,
	/// Vote against the proposal.
	#[arg(long, visible_alias = "vote-nay")]
	pub nay: bool,
	/// The senate hotkey to vote for (an SS58 address, or a hotkey name of the --wallet-name
	/// wallet); by default the one seat the signing coldkey owns.
	#[arg(long)]
	pub hotkey: Option<String>,
}

/// Runs a `proposal` subcommand.
pub async fn run(cmd: ProposalCommand, g: &Global, out: &mut Out<'_>) -> Result<()> {
	match cmd {
		ProposalCommand::New(args) => template::run(args, out),
		ProposalCommand::Check(args) => check(args, g, out).await,
		ProposalCommand::Simulate(args) => simulate(args, g, out).await,
		ProposalCommand::Submit(args) => submit_file(args, g, out).await,
		ProposalCommand::List => list(g, out).await,
		ProposalCommand::Show(args) => show(args, g, out).await,
		ProposalCommand::Vote(args) => vote(args, g, out).await,
		ProposalCommand::Close(args) => close(args, g, out).await,
	}
}

/// What `check` found.
#[derive(Serialize)]
struct Checked {
	title: String,
	checked_against: String,
	call: Json,
	call_hash: String,
	call_data: String,
	length: u32,
	weight: Weight,
	preimage: Option<String>,
	upgrade: Option<UpgradeInfo>,
	dry_run: String,
	errors: Vec<String>,
	warnings: Vec<String>,
}

#[derive(Serialize, Clone, Copy)]
struct Weight {
	ref_time: u64,
	proof_size: u64,
}

#[derive(Serialize)]
struct UpgradeInfo {
	wasm: String,
	code_hash: String,
	size: usize,
	spec_name: Option<String>,
	spec_version: Option<u32>,
}

fn load(meta: &Meta, file: &std::path::Path) -> Result<Proposal> {
	proposal::load(file, meta.types(), meta.call_ty())
}

/// The weight of the proposal's call, from the runtime it is checked against.
async fn weight(meta: &Meta, p: &Proposal) -> Result<Weight> {
	let (ref_time, proof_size) = match &meta.chain {
		Some(chain) => chain.call_weight(&p.call).await?,
		None => native::weight(&native::decode_call(&p.call)?),
	};
	Ok(Weight { ref_time, proof_size })
}

/// The runtime version the proposal will meet: the chain's, or the built-in one.
async fn target_version(meta: &Meta) -> Result<(String, u32)> {
	match &meta.chain {
		Some(chain) => chain.runtime_version().await,
		None => Ok(native::version()),
	}
}

/// What `check` finds: errors (the close cannot succeed) and warnings.
#[derive(Default)]
struct Findings {
	errors: Vec<String>,
	warnings: Vec<String>,
}

/// The checks that need no execution: weight, length, open duplicates, the upgrade's code.
async fn static_findings(meta: &Meta, p: &Proposal, w: Weight) -> Result<Findings> {
	let mut found = Findings::default();
	if let Some(max) = meta.constant("Senate", "MaxProposalWeight") {
		let max_ref = max["ref_time"].as_u64().unwrap_or(u64::MAX);
		let max_proof = max["proof_size"].as_u64().unwrap_or(u64::MAX);
		if w.ref_time > max_ref || w.proof_size > max_proof {
			found.errors.push(format!(
				"the call's weight ({} ref time, {} proof size) exceeds the Senate's maximum \
				 proposal weight ({max_ref}, {max_proof}); the close would fail",
				w.ref_time, w.proof_size
			));
		}
	}
	if let Some(max) =
		meta.constant("System", "BlockLength").and_then(|l| l["max"]["normal"].as_u64())
	{
		if p.call.len() as u64 > max {
			found.errors.push(format!(
				"the call is {} bytes, more than a block's {max} bytes for normal transactions; \
				 it cannot be proposed",
				p.call.len()
			));
		}
	}
	if let Some(chain) = &meta.chain {
		let open = chain.motion_hashes().await?;
		if open.contains(&p.hash()) {
			found.warnings.push("an open Senate motion already proposes this exact call".into());
		}
	}
	if let Some(up) = &p.upgrade {
		let (spec_name, spec_version) = target_version(meta).await?;
		if let Err(e) = proposal::upgrade_fits(&up.code, &spec_name, spec_version) {
			found.errors.push(format!("{e}; the upgrade would be rejected"));
		}
	}
	Ok(found)
}

/// The dry run: the whole flow on the chain's own code. A ratified origin that cannot
/// dispatch the call is an error; any other failure (which may depend on the state) a
/// warning.
fn dry_run_findings(found: &mut Findings, sim: &simulation::Simulation, on: &str) {
	let Some(why) = &sim.failure else { return };
	if why.contains("BadOrigin") || why.contains("CallFiltered") {
		found.errors.push(format!(
			"the ratified origin cannot dispatch this call ({why}); it would fail when closed"
		));
	} else {
		found.warnings.push(format!("the dry run on {on} failed: {why}"));
	}
}

async fn check(args: CheckArgs, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let meta = Meta::for_check(g).await?;
	let p = load(&meta, &args.file)?;
	let w = weight(&meta, &p).await?;
	let found = static_findings(&meta, &p, w).await?;
	let upgrade = p.upgrade.as_ref().map(|u| {
		let version = proposal::wasm_version(&u.code);
		UpgradeInfo {
			wasm: u.path.display().to_string(),
			code_hash: hex0x(&u.hash),
			size: u.code.len(),
			spec_name: version.as_ref().map(|v| v.0.clone()),
			spec_version: version.map(|v| v.1),
		}
	});
	let checked = Checked {
		title: p.title.clone(),
		checked_against: meta.source.clone(),
		call: p.decoded.clone(),
		call_hash: hex0x(&p.hash()),
		call_data: hex0x(&p.call),
		length: p.call.len() as u32,
		weight: w,
		preimage: p.preimage.as_ref().map(|b| hex0x(&sp_io::hashing::blake2_256(b))),
		upgrade,
		dry_run: String::new(),
		errors: vec![],
		warnings: vec![],
	};
	// What needs no execution is printed at once; the dry run follows.
	out.line(format!("Proposal:    {}", checked.title))?;
	out.line(format!("Checked against {}", checked.checked_against))?;
	out.line("Call:")?;
	for line in call_tree(&checked.call).lines() {
		out.line(format!("  {line}"))?;
	}
	out.line(format!("Call hash:   {}", checked.call_hash))?;
	let data = if checked.call_data.len() > 200 && !out.verbose {
		format!("{}… (--verbose prints it all)", &checked.call_data[..200])
	} else {
		checked.call_data.clone()
	};
	out.line(format!("Call data:   {data}"))?;
	out.line(format!("Length:      {} bytes", checked.length))?;
	out.line(format!("Weight:      ref time {}, proof size {}", w.ref_time, w.proof_size))?;
	if let Some(h) = &checked.preimage {
		out.line(format!("Preimage:    {h} (noted before the proposal is submitted)"))?;
	}
	if let Some(u) = &checked.upgrade {
		out.line(format!("Upgrade:     {} ({} bytes)", u.wasm, u.size))?;
		out.line(format!("Code hash:   {} (matches the pinned hash)", u.code_hash))?;
		if let (Some(n), Some(v)) = (&u.spec_name, u.spec_version) {
			out.line(format!("Runtime:     {n} {v}"))?;
		}
	}
	let (mut state, parent, on) = sim_state(&meta, args.runtime.as_deref(), out).await?;
	let start = Start::Propose { call: p.call.clone(), preimage: p.preimage.clone() };
	let sim = simulation::simulate(&mut state, parent, start, None)?;
	let mut found = found;
	dry_run_findings(&mut found, &sim, &on);
	let Findings { errors, warnings } = found;
	let checked =
		Checked { dry_run: on, errors: errors.clone(), warnings: warnings.clone(), ..checked };
	out.json(&checked)?;
	out.line(format!("Dry run:     on {}", checked.dry_run))?;
	if warnings.is_empty() && errors.is_empty() {
		out.line("No problems found.")?;
	}
	for e in &errors {
		out.line(format!("error: {e}"))?;
	}
	for w in &warnings {
		out.line(format!("warning: {w}"))?;
	}
	if !errors.is_empty() {
		bail!("the proposal cannot pass: {}", errors.join("; "));
	}
	if args.deny_warnings && !warnings.is_empty() {
		bail!("{} warning(s), and --deny-warnings was given", warnings.len());
	}
	Ok(())
}

#[derive(Serialize)]
struct Simulated {
	title: String,
	state: String,
	call_hash: String,
	#[serde(flatten)]
	simulation: simulation::Simulation,
}

/// The code an offline simulation runs: `--runtime FILE`, or the wasm built into dtao-gov.
fn offline_code(runtime: Option<&Path>) -> Result<(Vec<u8>, String)> {
	match runtime {
		Some(path) => {
			let code = files::read(path, files::MAX_WASM)
				.with_context(|| format!("--runtime {}", path.display()))?;
			Ok((code, path.display().to_string()))
		}
		None => native::wasm()
			.map(|code| (code.to_vec(), "the wasm built into dtao-gov".to_string()))
			.context(
				"this dtao-gov was built without the runtime's wasm (SKIP_WASM_BUILD); \
				 pass --runtime FILE",
			),
	}
}

/// The state a simulation runs on and the hash of its block: a snapshot of the chain, whose
/// own code runs, or (offline) the development genesis built by the offline code.
async fn sim_state(
	meta: &Meta,
	runtime: Option<&Path>,
	out: &Out<'_>,
) -> Result<(State, [u8; 32], String)> {
	match &meta.chain {
		Some(chain) => {
			if runtime.is_some() {
				bail!("--runtime is for offline use; against a chain, the chain's own code runs");
			}
			let spinner = out.spinner(format!("taking a snapshot of the state at {}", chain.url));
			let snapshot = chain.snapshot().await;
			spinner.finish_and_clear();
			let snapshot = snapshot?;
			let described = format!(
				"a snapshot of {} at block {} ({} keys)",
				chain.url,
				snapshot.number,
				snapshot.pairs.len()
			);
			let storage = Storage {
				top: snapshot.pairs.into_iter().collect(),
				children_default: Default::default(),
			};
			Ok((State::new(storage), snapshot.hash, described))
		}
		None => {
			let (code, from) = offline_code(runtime)?;
			let state = State::genesis(&code, "development")?;
			Ok((state, [0; 32], format!("the development genesis of {from}")))
		}
	}
}

async fn simulate(args: SimulateArgs, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let meta = Meta::for_check(g).await?;
	let p = load(&meta, &args.file)?;
	let (mut state, parent, on) = sim_state(&meta, args.runtime.as_deref(), out).await?;
	let start = Start::Propose { call: p.call.clone(), preimage: p.preimage.clone() };
	let upgrade = p.upgrade.as_ref().map(|u| u.code.as_slice());
	let sim = simulation::simulate(&mut state, parent, start, upgrade)?;
	let result = Simulated {
		title: p.title.clone(),
		state: on,
		call_hash: hex0x(&p.hash()),
		simulation: sim,
	};
	out.json(&result)?;
	out.line(format!("Proposal:  {}", result.title))?;
	print_simulation(out, &result.state, &result.simulation)
}

/// Prints a simulation; fails if it failed.
fn print_simulation(out: &mut Out<'_>, on: &str, sim: &simulation::Simulation) -> Result<()> {
	out.line(format!("Simulated on {on}, running {} (block {})", sim.runtime, sim.block))?;
	let closes = if sim.voters.is_empty() { "" } else { ", " };
	out.line(format!(
		"Flow:      {} proposes, {} senator(s) vote aye{closes}{} closes",
		sim.proposer,
		sim.voters.len(),
		sim.proposer
	))?;
	out.line("Events:")?;
	for e in &sim.events {
		let fields = if e.fields.is_null() { String::new() } else { format!(" {}", e.fields) };
		out.line(format!("  [{}] {}{fields}", short_step(&e.step), e.event))?;
	}
	out.line("Changed storage:")?;
	print_changes(out, &sim.changes)?;
	if let Some(u) = &sim.upgrade {
		out.line(format!("Upgrade:   {} -> {}", u.from, u.to))?;
		let w = &u.migrations_weight;
		out.line(format!(
			"  migrations weigh {} ref time, {} proof size: {}% of a block (measured by {})",
			w.ref_time,
			w.proof_size,
			percent(w.ref_time, u.max_block_weight.ref_time),
			u.measured_by
		))?;
		out.line(format!(
			"  first block on the new code: {} ref time in its hooks and migrations ({}% of a block)",
			u.first_block_weight.ref_time,
			percent(u.first_block_weight.ref_time, u.max_block_weight.ref_time)
		))?;
		out.line(format!("  try-runtime checks: {}", u.checks))?;
		out.line(format!("  {} block(s) built on the new code", u.blocks_built))?;
		let per: Vec<String> =
			u.changed_per_pallet.iter().map(|(p, n)| format!("{p} {n}")).collect();
		out.line(format!(
			"  storage changed by the upgrade: {}",
			if per.is_empty() { "nothing".to_string() } else { per.join(", ") }
		))?;
		print_changes(out, &u.changes)?;
	}
	match &sim.failure {
		None => {
			out.line("Result:    the proposal executed successfully")?;
			Ok(())
		}
		Some(why) => {
			out.line(format!("Result:    FAILED: {why}"))?;
			bail!("the proposal would fail: {why}")
		}
	}
}

fn percent(part: u64, whole: u64) -> String {
	format!("{:.2}", part as f64 * 100.0 / whole.max(1) as f64)
}

fn print_changes(out: &mut Out<'_>, changes: &[simulation::Change]) -> Result<()> {
	if changes.is_empty() {
		out.line("  (nothing)")?;
	}
	for c in changes {
		let keys = if c.keys.is_empty() {
			String::new()
		} else {
			format!("[{}]", c.keys.iter().map(shown).collect::<Vec<_>>().join(", "))
		};
		out.line(format!("  {}{keys}: {} -> {}", c.entry, shown(&c.before), shown(&c.after)))?;
	}
	Ok(())
}

fn short_step(step: &str) -> String {
	match step.strip_prefix("vote ") {
		Some(hotkey) => format!("vote {}…", &hotkey[..8.min(hotkey.len())]),
		None => step.to_string(),
	}
}

fn shown(v: &Json) -> String {
	match v {
		Json::Null => "(unset)".into(),
		Json::String(s) => s.clone(),
		other => other.to_string(),
	}
}

/// The Senate's `Proposed` event.
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Proposed {
	proposal_index: u32,
	proposal_hash: [u8; 32],
	threshold: u32,
}

async fn submit_file(args: FileArgs, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let key = g.keys.keypair()?;
	// A file that does not even parse fails before any connection.
	let file = proposal::read(&args.file)?;
	let meta = Meta::online(&g.chain_url()).await?;
	let p = proposal::build_read(&file, &args.file, meta.types(), meta.call_ty())?;
	propose(&meta, &p, &key, out).await
}

/// A triumvir (`key`) proposes `p`: checks that nothing stands in the way, notes the preimage
/// if there is one, proposes, and prints the new motion.
pub async fn propose(meta: &Meta, p: &Proposal, key: &Keypair, out: &mut Out<'_>) -> Result<()> {
	let chain = meta.chain()?;
	let me = AccountId32(key.public_key().0);
	let triumvirs = chain.triumvirs().await?;
	if !triumvirs.contains(&me) {
		bail!(
			"{} is not a member of the Triumvirate, and only triumvirs propose; members: {}",
			me,
			triumvirs.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
		);
	}
	if chain.motion_hashes().await?.contains(&p.hash()) {
		bail!("an open Senate motion already proposes this exact call ({})", hex0x(&p.hash()));
	}
	if let Some(up) = &p.upgrade {
		let (name, version) = chain.runtime_version().await?;
		if let Err(e) = proposal::upgrade_fits(&up.code, &name, version) {
			bail!("{e}; an upgrade needs the same spec_name and a higher spec_version");
		}
	}
	if let Some(bytes) = &p.preimage {
		let note = json!({ "pallet": "Preimage", "call": "note_preimage", "args": { "bytes": hex0x(bytes) } });
		submit(out, meta, &note, key, "the referendum's preimage").await?;
		out.note("Noted the referendum's preimage.");
	}
	let propose = json!({
		"pallet": "Governance",
		"call": "propose",
		"args": { "proposal": p.decoded, "length_bound": p.call.len() }
	});
	let included = submit(out, meta, &propose, key, "the proposal").await?;
	let proposed: Proposed =
		included.event("Senate", "Proposed")?.context("the chain emitted no Senate.Proposed")?;
	let result = json!({
		"index": proposed.proposal_index,
		"hash": hex0x(&proposed.proposal_hash),
		"threshold": proposed.threshold,
		"block": hex0x(&included.block),
	});
	out.json(&result)?;
	out.line(format!(
		"Proposed motion #{} ({}) in block {}: {} aye(s) needed.",
		proposed.proposal_index,
		hex0x(&proposed.proposal_hash),
		short_hash(&included.block),
		proposed.threshold
	))?;
	out.note(format!(
		"Next: senators vote with `dtao-gov proposal vote {} --aye`; a triumvir then closes it.",
		proposed.proposal_index
	));
	Ok(())
}

async fn list(g: &Global, out: &mut Out<'_>) -> Result<()> {
	let meta = Meta::online(&g.chain_url()).await?;
	let all = motions(&meta).await?;
	out.json(&all)?;
	if all.is_empty() {
		out.line("No open Senate motions.")?;
		return Ok(());
	}
	let mut t = table(["#", "Hash", "Call", "Ayes", "Nays", "Ends (block)", "Left", "Status"]);
	for m in &all {
		t.add_row(vec![
			m.index.to_string(),
			short_hash(&m.hash_bytes()),
			m.call_name.clone(),
			format!("{}/{}", m.ayes.len(), m.threshold),
			m.nays.len().to_string(),
			m.end.to_string(),
			super::duration(m.seconds_left),
			status_text(m),
		]);
	}
	out.table(t)
}

fn status_text(m: &Motion) -> String {
	match m.status.as_str() {
		"approved" => "approved, ready to close".into(),
		"rejected" => "rejected, ready to close".into(),
		"expired" => "voting over, anyone may close".into(),
		other => other.into(),
	}
}

fn print_motion(out: &mut Out<'_>, m: &Motion) -> Result<()> {
	out.line(format!("Motion #{} {}", m.index, m.hash))?;
	out.line(format!("Status:    {}", status_text(m)))?;
	out.line(format!(
		"Tally:     {} aye(s), {} nay(s); {} of {} seats needed",
		m.ayes.len(),
		m.nays.len(),
		m.threshold,
		m.seats
	))?;
	out.line(format!(
		"Voting:    ends at block {} (now {}; {} block(s), {} left)",
		m.end,
		m.now,
		m.blocks_left,
		super::duration(m.seconds_left)
	))?;
	for a in &m.ayes {
		out.line(format!("  aye  {a}"))?;
	}
	for n in &m.nays {
		out.line(format!("  nay  {n}"))?;
	}
	out.line(format!("Call ({} bytes):", m.length))?;
	for line in call_tree(&m.call).lines() {
		out.line(format!("  {line}"))?;
	}
	Ok(())
}

async fn show(args: ShowArgs, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let meta = Meta::online(&g.chain_url()).await?;
	let m = find_motion(&meta, &args.id).await?;
	if !args.simulate {
		out.json(&m)?;
		return print_motion(out, &m);
	}
	let (mut state, parent, on) = sim_state(&meta, None, out).await?;
	let start = Start::Motion { index: m.index, call: m.call_data().to_vec() };
	let sim = simulation::simulate(&mut state, parent, start, None)?;
	out.json(&json!({ "motion": m, "state": on, "simulation": sim }))?;
	print_motion(out, &m)?;
	out.line(format!("If closed now, after the {} aye(s) it still needs:", sim.voters.len()))?;
	print_simulation(out, &on, &sim)
}

async fn vote(args: VoteArgs, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let key = g.keys.keypair()?;
	let meta = Meta::online(&g.chain_url()).await?;
	let chain = meta.chain()?;
	let m = find_motion(&meta, &args.id).await?;
	let coldkey = AccountId32(key.public_key().0);
	let seats = chain.senate_members().await?;
	let hotkey = match &args.hotkey {
		Some(h) => {
			let hotkey = AccountId32(crate::keys::resolve_hotkey(h, &g.keys)?.into());
			let owner = chain.owner_of(&hotkey).await?;
			match owner {
				None => bail!("unknown hotkey {hotkey}: no coldkey registered it"),
				Some(o) if o != coldkey => bail!(
					"hotkey {hotkey} belongs to coldkey {o}, not to the signing key {coldkey}; sign with its coldkey"
				),
				Some(_) => {}
			}
			if !seats.contains(&hotkey) {
				bail!(
					"hotkey {hotkey} holds no Senate seat (`dtao-gov senate list` shows the seats)"
				);
			}
			hotkey
		}
		None => {
			let mut mine = Vec::new();
			for s in &seats {
				if chain.owner_of(s).await?.as_ref() == Some(&coldkey) {
					mine.push(*s);
				}
			}
			match mine.len() {
				0 => bail!(
					"the signing key {coldkey} owns no hotkey with a Senate seat; senators vote with the coldkey of their seat's hotkey"
				),
				1 => mine.remove(0),
				_ => bail!(
					"the signing key owns several seats ({}); pick one with --hotkey",
					mine.iter().map(|h| h.to_string()).collect::<Vec<_>>().join(", ")
				),
			}
		}
	};
	let approve = args.aye;
	let call = json!({
		"pallet": "Governance",
		"call": "vote",
		"args": { "hotkey": hotkey.to_string(), "proposal": m.hash, "index": m.index, "approve": approve }
	});
	let what = format!("a{} vote on motion #{}", if approve { "n aye" } else { " nay" }, m.index);
	let included = submit(out, &meta, &call, &key, &what).await?;
	let after = super::motion(&meta, m.hash_bytes()).await?;
	let (ayes, nays, status) = match &after {
		Some(a) => (a.ayes.len(), a.nays.len(), status_text(a)),
		None => (m.ayes.len(), m.nays.len(), "closed".into()),
	};
	out.json(&json!({
		"index": m.index,
		"hash": m.hash,
		"hotkey": hotkey.to_string(),
		"approve": approve,
		"block": hex0x(&included.block),
		"ayes": ayes,
		"nays": nays,
		"threshold": m.threshold,
		"status": status,
	}))?;
	out.line(format!(
		"Voted {} on motion #{} for seat {hotkey}. Tally: {ayes} aye(s), {nays} nay(s) of {} needed; {status}.",
		if approve { "aye" } else { "nay" },
		m.index,
		m.threshold
	))?;
	Ok(())
}

/// The Senate's `Executed` event.
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Executed {
	result: Result<(), Value>,
}

async fn close(args: IdArgs, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let key = g.keys.keypair()?;
	let meta = Meta::online(&g.chain_url()).await?;
	let chain = meta.chain()?;
	let m = find_motion(&meta, &args.id).await?;
	let me = AccountId32(key.public_key().0);
	let triumvir = chain.triumvirs().await?.contains(&me);
	if !triumvir && m.blocks_left > 0 {
		bail!(
			"{me} is not a triumvir, and only triumvirs may close before the voting ends (block {}, {} block(s) left)",
			m.end,
			m.blocks_left
		);
	}
	let call_data = m.call_data();
	let (ref_time, proof_size) = chain.call_weight(call_data).await?;
	let call = json!({
		"pallet": "Governance",
		"call": "close",
		"args": {
			"proposal_hash": m.hash,
			"index": m.index,
			"proposal_weight_bound": { "ref_time": ref_time, "proof_size": proof_size },
			"length_bound": call_data.len(),
		}
	});
	let what = format!("closing motion #{}", m.index);
	let included = submit(out, &meta, &call, &key, &what).await?;
	let (outcome, error) = if let Some(e) = included.event::<Executed>("Senate", "Executed")? {
		match e.result {
			Ok(()) => ("executed", None),
			Err(v) => ("failed", Some(chain.dispatch_error_name(&v).await?)),
		}
	} else if included.has_event("Senate", "Disapproved")? {
		("disapproved", None)
	} else {
		("closed", None)
	};
	out.json(&json!({
		"index": m.index,
		"hash": m.hash,
		"call": call_name(&m.call),
		"outcome": outcome,
		"error": error,
		"block": hex0x(&included.block),
	}))?;
	match (outcome, &error) {
		("executed", _) => out.line(format!(
			"Closed motion #{}: approved and executed {} in block {}.",
			m.index,
			call_name(&m.call),
			short_hash(&included.block)
		))?,
		("failed", Some(e)) => {
			out.line(format!(
				"Closed motion #{}: approved, but {} failed with {e}.",
				m.index,
				call_name(&m.call)
			))?;
			bail!("the ratified call failed with {e}");
		}
		_ => out.line(format!("Closed motion #{}: {outcome}; nothing was executed.", m.index))?,
	}
	Ok(())
}
