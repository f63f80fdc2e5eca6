//! `dtao-chain-spec`: write a raw chain spec of a genesis preset.

use anyhow::{Context, Result};
use clap::Parser;
use std::path::PathBuf;

/// Writes the raw chain spec of one of the runtime's genesis presets.
#[derive(Parser)]
#[command(version, about)]
struct Opts {
	/// The genesis preset: `development` or `local_testnet`.
	#[arg(long, default_value = "development")]
	preset: String,
	/// The runtime code; by default the wasm built in this workspace.
	#[arg(long)]
	wasm: Option<PathBuf>,
	/// Where to write the spec; `-` for standard output.
	#[arg(long, short, default_value = "-")]
	out: PathBuf,
}

fn main() -> Result<()> {
	let opts = Opts::parse();
	let code = match &opts.wasm {
		Some(path) => std::fs::read(path).with_context(|| format!("reading {}", path.display()))?,
		None => dtao_chain_spec::runtime_wasm()?.to_vec(),
	};
	if opts.out.as_os_str() == "-" {
		let spec = dtao_chain_spec::raw_chain_spec(&opts.preset, &code)?;
		println!("{}", serde_json::to_string_pretty(&spec)?);
	} else {
		dtao_chain_spec::write_raw_chain_spec(&opts.preset, &code, &opts.out)?;
		eprintln!("wrote {} ({} preset)", opts.out.display(), opts.preset);
	}
	Ok(())
}
