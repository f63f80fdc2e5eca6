//! `dtao-gov`: the governance tool of the dTAO chain.
//!
//! People draft proposals as TOML files ([`proposal`]), check them against the runtime's
//! metadata and simulate the whole flow in-process on the chain's own wasm ([`simulation`],
//! [`wasm`]),
//! then submit them as a triumvir, vote as senators, close them, and apply ratified runtime
//! upgrades on a live chain ([`chain`]).
//!
//! [`run`] is the whole program: it parses the arguments and writes what the command prints
//! to the writer it is given, so tests capture the output of real commands.

pub mod chain;
mod commands;
pub mod files;
pub mod keys;
pub mod native;
pub mod output;
pub mod proposal;
pub mod scale;
pub mod serve;
pub mod simulation;
pub mod wasm;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use std::{ffi::OsString, io::Write};

/// The local development chain (`scripts/local-chain.sh start`).
pub const LOCAL_URL: &str = "ws://127.0.0.1:9944";

/// Draft, check, simulate, submit, vote on and close governance proposals of the dTAO chain,
/// and apply ratified runtime upgrades.
#[derive(Parser, Debug)]
#[command(name = "dtao-gov", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
	#[command(flatten)]
	global: Global,
	#[command(subcommand)]
	command: Command,
}

/// Options every command takes.
#[derive(Args, Debug, Clone)]
pub struct Global {
	/// The chain: a ws:// or wss:// URL, or `local` (ws://127.0.0.1:9944, the default for
	/// commands that need a chain). `check` and `simulate` work offline without it.
	#[arg(long, visible_alias = "network", env = "DTAO_URL", global = true)]
	pub url: Option<String>,
	/// Print one JSON document instead of text and tables.
	#[arg(long, global = true)]
	pub json: bool,
	/// Sign and submit without asking first.
	#[arg(short = 'y', long, visible_alias = "no-prompt", global = true)]
	pub yes: bool,
	/// Print results only: no progress or notes.
	#[arg(short, long, global = true, conflicts_with = "verbose")]
	pub quiet: bool,
	/// Print more detail (call data in full, every event).
	#[arg(short, long, global = true)]
	pub verbose: bool,
	#[command(flatten)]
	pub keys: keys::KeyArgs,
}

impl Global {
	/// The URL to use when a chain is needed.
	pub fn chain_url(&self) -> String {
		match self.url.as_deref() {
			None | Some("local") => LOCAL_URL.to_string(),
			Some(url) => url.to_string(),
		}
	}

	/// The URL given explicitly, if any (`local` resolved).
	pub fn explicit_url(&self) -> Option<String> {
		self.url.as_ref().map(|_| self.chain_url())
	}
}

#[derive(Subcommand, Debug)]
enum Command {
	/// Draft, check, simulate, submit, list, show, vote on and close proposals.
	#[command(subcommand)]
	Proposal(commands::proposal::ProposalCommand),
	/// Propose a runtime upgrade, or apply one the Senate ratified.
	#[command(subcommand)]
	Upgrade(commands::upgrade::UpgradeCommand),
	/// List the Senate and its candidates; join or leave as a candidate.
	#[command(subcommand)]
	Senate(commands::senate::SenateCommand),
	/// List the subnets, or show one with its metagraph.
	#[command(subcommand)]
	Subnet(commands::subnet::SubnetCommand),
	/// Read one storage value of the chain, decoded (e.g. `query Staking MinStake`).
	Query(commands::query::QueryArgs),
	/// Serve a read-only governance page and its JSON API: open motions with their tallies
	/// and what closing them would change, the Senate, referenda, subnets; live.
	Serve(serve::ServeArgs),
}

/// Parses `args` (the first is the program name) and runs the command, writing to `out`.
/// Usage errors and `--help` come back as errors carrying clap's text.
pub async fn run<I, T>(args: I, out: &mut dyn Write) -> Result<()>
where
	I: IntoIterator<Item = T>,
	T: Into<OsString> + Clone,
{
	let cli = Cli::try_parse_from(args)?;
	execute(cli, out).await
}

/// Runs a parsed command line, writing to `out`.
pub async fn execute(cli: Cli, out: &mut dyn Write) -> Result<()> {
	let g = cli.global;
	let mut o = output::Out::new(out, g.json, g.quiet, g.verbose, g.yes);
	match cli.command {
		Command::Proposal(c) => commands::proposal::run(c, &g, &mut o).await,
		Command::Upgrade(c) => commands::upgrade::run(c, &g, &mut o).await,
		Command::Senate(c) => commands::senate::run(c, &g, &mut o).await,
		Command::Subnet(c) => commands::subnet::run(c, &g, &mut o).await,
		Command::Query(c) => commands::query::run(c, &g, &mut o).await,
		Command::Serve(c) => serve::run(c, &g.chain_url()).await,
	}
}
