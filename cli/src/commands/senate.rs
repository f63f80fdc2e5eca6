//! `dtao-gov senate …`: who holds the Senate's seats and who competes for them; entering and
//! leaving the candidates as a delegate's coldkey.

use super::{ss58, submit, Meta};
use crate::{
	output::{hex0x, short_hash, table, Out},
	scale::format_tao,
	Global,
};
use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use dtao_primitives::api::SenateInfo;
use dtao_runtime::{AccountId, Balance, BlockNumber};
use serde::Serialize;
use serde_json::json;
use subxt::utils::AccountId32;

/// The Senate.
#[derive(Subcommand, Debug)]
pub enum SenateCommand {
	/// List the seats, the candidates with their stake and lasting stake, and the Triumvirate.
	List,
	/// Enter a delegate hotkey as a Senate candidate (signed by its coldkey). Seats go to the
	/// candidates with the most lasting stake: stake held since the previous refresh period
	/// began, one seat per coldkey.
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
	lasting_stake: String,
	lasting_stake_rao: u64,
	eligible: bool,
	seated: bool,
}

async fn list(g: &Global, out: &mut Out<'_>) -> Result<()> {
	let meta = Meta::online(&g.chain_url()).await?;
	let senate: SenateInfo<AccountId, Balance, BlockNumber> =
		meta.chain()?.runtime_api(crate::chain::api::SENATE, &[]).await?;
	let seated = senate.candidates.iter().filter(|c| c.seated).count();
	let rows: Vec<Candidate> = senate
		.candidates
		.iter()
		.map(|c| Candidate {
			hotkey: ss58(&AccountId32(c.hotkey.clone().into())),
			coldkey: c.coldkey.clone().map(|k| ss58(&AccountId32(k.into()))),
			stake: format_tao(c.stake.into()),
			stake_rao: c.stake,
			lasting_stake: format_tao(c.lasting_stake.into()),
			lasting_stake_rao: c.lasting_stake,
			eligible: c.eligible,
			seated: c.seated,
		})
		.collect();
	let triumvirate: Vec<String> =
		senate.triumvirate.iter().map(|a| ss58(&AccountId32(a.clone().into()))).collect();
	out.json(&json!({
		"seats": seated,
		"senate_size": senate.size,
		"min_stake_rao": senate.min_stake,
		"lasting_total_stake_rao": senate.lasting_total_stake,
		"next_refresh": senate.next_refresh,
		"candidates": rows,
		"triumvirate": triumvirate,
	}))?;
	out.line(format!(
		"Senate: {seated} of {} seats filled; a seat needs {} of lasting stake; seats are \
		 recomputed at block {}",
		senate.size,
		format_tao(senate.min_stake.into()),
		senate.next_refresh
	))?;
	let mut t = table(["Hotkey", "Coldkey", "Stake", "Lasting stake", "Seat"]);
	for r in &rows {
		t.add_row(vec![
			r.hotkey.clone(),
			r.coldkey.clone().unwrap_or_else(|| "-".into()),
			r.stake.clone(),
			r.lasting_stake.clone(),
			match (r.seated, r.eligible) {
				(true, _) => "seated",
				(false, true) => "candidate",
				(false, false) => "below the bar",
			}
			.to_string(),
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
	match chain.owner_of(&hotkey).await? {
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
	let seated = chain.senate_members().await?.contains(&hotkey);
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
