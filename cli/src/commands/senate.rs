//! `dtao-gov senate …`: who holds the Senate's seats and who competes for them; entering and
//! leaving the candidates as a delegate's coldkey.

use super::{owner_of, senate_members, submit, triumvirs, Meta};
use crate::{
	output::{hex0x, short_hash, table, Out},
	scale::format_tao,
	Global,
};
use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::json;
use subxt::{dynamic::Value, utils::AccountId32};

/// The Senate.
#[derive(Subcommand, Debug)]
pub enum SenateCommand {
	/// List the seats, the candidates with their stake, and the Triumvirate.
	List,
	/// Enter a delegate hotkey as a Senate candidate (signed by its coldkey). Seats go to the
	/// candidates with the most stake.
	Join(HotkeyArgs),
	/// Withdraw a hotkey from the candidates; it loses its seat and its open votes.
	Leave(HotkeyArgs),
}

/// The hotkey.
#[derive(Args, Debug)]
pub struct HotkeyArgs {
	/// The delegate hotkey: an SS58 address, or a hotkey name of the --wallet-name wallet.
	#[arg(long)]
	pub hotkey: String,
}

/// Runs a `senate` subcommand.
pub async fn run(cmd: SenateCommand, g: &Global, out: &mut Out<'_>) -> Result<()> {
	match cmd {
		SenateCommand::List => list(g, out).await,
		SenateCommand::Join(args) => change(args, true, g, out).await,
		SenateCommand::Leave(args) => change(args, false, g, out).await,
	}
}

#[derive(Serialize)]
struct Candidate {
	hotkey: String,
	coldkey: Option<String>,
	stake: String,
	stake_rao: u64,
	seated: bool,
}

async fn list(g: &Global, out: &mut Out<'_>) -> Result<()> {
	let meta = Meta::online(&g.chain_url()).await?;
	let chain = meta.chain()?;
	let seats = senate_members(chain).await?;
	let candidates =
		chain.storage::<Vec<AccountId32>>("Governance", "Candidates").await?.unwrap_or_default();
	let size = chain.storage::<u32>("Governance", "SenateSize").await?.unwrap_or_default();
	let mut rows = Vec::new();
	let mut listed: Vec<AccountId32> = candidates.clone();
	listed.extend(seats.iter().filter(|s| !candidates.contains(s)).cloned());
	for hotkey in listed {
		let stake = chain
			.storage_map::<u64>(
				None,
				"Staking",
				"TotalHotkeyStake",
				vec![Value::from_bytes(hotkey.0)],
			)
			.await?
			.unwrap_or_default();
		rows.push(Candidate {
			hotkey: hotkey.to_string(),
			coldkey: owner_of(chain, &hotkey).await?.map(|c| c.to_string()),
			stake: format_tao(stake.into()),
			stake_rao: stake,
			seated: seats.contains(&hotkey),
		});
	}
	rows.sort_by_key(|r| std::cmp::Reverse(r.stake_rao));
	let triumvirate: Vec<String> = triumvirs(chain).await?.iter().map(|a| a.to_string()).collect();
	out.json(&json!({
		"seats": seats.len(),
		"senate_size": size,
		"candidates": rows,
		"triumvirate": triumvirate,
	}))?;
	out.line(format!("Senate: {} of {size} seats filled", seats.len()))?;
	let mut t = table(["Hotkey", "Coldkey", "Stake", "Seat"]);
	for r in &rows {
		t.add_row(vec![
			r.hotkey.clone(),
			r.coldkey.clone().unwrap_or_else(|| "-".into()),
			r.stake.clone(),
			if r.seated { "seated" } else { "candidate" }.to_string(),
		]);
	}
	out.table(t)?;
	out.line(format!("Triumvirate: {}", triumvirate.join(", ")))
}

async fn change(args: HotkeyArgs, join: bool, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let key = g.keys.keypair()?;
	let hotkey = AccountId32(crate::keys::resolve_hotkey(&args.hotkey, &g.keys)?.into());
	let meta = Meta::online(&g.chain_url()).await?;
	let chain = meta.chain()?;
	let coldkey = AccountId32(key.public_key().0);
	match owner_of(chain, &hotkey).await? {
		None => bail!("unknown hotkey {hotkey}: no coldkey registered it"),
		Some(o) if o != coldkey => {
			bail!("hotkey {hotkey} belongs to coldkey {o}, not to the signing key {coldkey}")
		}
		Some(_) => {}
	}
	let (call, what) = if join {
		("join_senate", "joining the Senate")
	} else {
		("leave_senate", "leaving the Senate")
	};
	let call =
		json!({ "pallet": "Governance", "call": call, "args": { "hotkey": hotkey.to_string() } });
	let included = submit(out, &meta, &call, &key, what).await?;
	let seated = senate_members(chain).await?.contains(&hotkey);
	out.json(
		&json!({ "hotkey": hotkey.to_string(), "seated": seated, "block": hex0x(&included.block) }),
	)?;
	out.line(format!(
		"{} {hotkey} in block {}; it {} a seat.",
		if join { "Entered" } else { "Withdrew" },
		short_hash(&included.block),
		if seated { "holds" } else { "does not hold" }
	))
}
