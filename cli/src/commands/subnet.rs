//! `dtao-gov subnet …`: the subnets the chain governs, their pools, hyperparameters and
//! metagraphs, read through the runtime's `DtaoApi` rather than raw storage.

use super::Meta;
use crate::{
	output::{table, Out},
	scale::format_tao,
	Global,
};
use anyhow::{anyhow, Result};
use clap::Subcommand;
use codec::{Decode, Encode};
use dtao_primitives::{
	api::{NeuronInfo, SubnetInfo},
	NetUid,
};
use dtao_runtime::{AccountId, Balance};
use serde_json::json;
use sp_runtime::{FixedPointNumber, FixedU128, Perbill};

/// Subnets.
#[derive(Subcommand, Debug)]
pub enum SubnetCommand {
	/// List every subnet: owner, pool, price, neurons and the next epoch.
	List,
	/// Show one subnet: its hyperparameters and its metagraph.
	Show {
		/// The subnet.
		netuid: NetUid,
	},
}

/// Runs a `subnet` subcommand.
pub async fn run(cmd: SubnetCommand, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let meta = Meta::online(&g.chain_url()).await?;
	match cmd {
		SubnetCommand::List => list(&meta, out).await,
		SubnetCommand::Show { netuid } => show(&meta, netuid, out).await,
	}
}

/// Calls `DtaoApi_<method>` and decodes its answer.
async fn api<T: Decode>(meta: &Meta, method: &str, args: impl Encode) -> Result<T> {
	meta.chain()?.runtime_api(&format!("DtaoApi_{method}"), &args.encode()).await
}

/// A price in TAO per alpha, to four decimals.
fn price(p: FixedU128) -> String {
	let milli = p.into_inner() / (FixedU128::DIV / 10_000);
	format!("{}.{:04}", milli / 10_000, milli % 10_000)
}

/// An amount of alpha (9 decimals, as TAO): `1.5 α`.
fn alpha(amount: u128) -> String {
	format_tao(amount).replace(" TAO", " α")
}

/// `1 block`, `7 blocks`.
fn blocks(n: u64) -> String {
	if n == 1 {
		"1 block".into()
	} else {
		format!("{n} blocks")
	}
}

/// A share, as a percentage to two decimals.
fn percent(p: Perbill) -> String {
	let bp = p.deconstruct() / 100_000;
	format!("{}.{:02}%", bp / 100, bp % 100)
}

/// A subnet as `subnet list --json` and `subnet show --json` print it.
pub fn subnet_json(s: &SubnetInfo<AccountId, Balance>) -> serde_json::Value {
	let h = &s.hyperparams;
	json!({
		"netuid": s.netuid,
		"owner": s.owner.to_string(),
		"owner_hotkey": s.owner_hotkey.to_string(),
		"locked_rao": s.locked,
		"tao_in_rao": s.tao_in,
		"alpha_in": s.alpha_in,
		"alpha_out": s.alpha_out,
		"price": price(s.price),
		"moving_price": price(s.moving_price),
		"pending_emission": s.pending_emission,
		"neurons": s.neurons,
		"burn_rao": s.burn,
		"blocks_until_epoch": s.blocks_until_epoch,
		"hyperparams": {
			"tempo": h.tempo, "max_uids": h.max_uids, "max_validators": h.max_validators,
			"immunity_period": h.immunity_period, "min_allowed_weights": h.min_allowed_weights,
			"max_weight_limit": h.max_weight_limit, "kappa": h.kappa,
			"bonds_moving_average": h.bonds_moving_average,
			"registration_allowed": h.registration_allowed, "min_burn_rao": h.min_burn,
			"max_burn_rao": h.max_burn, "weights_rate_limit": h.weights_rate_limit,
			"activity_cutoff": h.activity_cutoff,
		},
	})
}

/// A neuron as `subnet show --json` prints it.
pub fn neuron_json(n: &NeuronInfo<AccountId, Balance>) -> serde_json::Value {
	json!({
		"uid": n.uid, "hotkey": n.hotkey.to_string(), "coldkey": n.coldkey.to_string(),
		"alpha_stake": n.alpha_stake, "root_stake_rao": n.root_stake,
		"stake_weight": n.stake_weight.to_string(),
		"validator_permit": n.validator_permit,
		"incentive": n.incentive.deconstruct(), "dividends": n.dividends.deconstruct(),
		"consensus": n.consensus.deconstruct(), "trust": n.trust.deconstruct(),
		"validator_trust": n.validator_trust.deconstruct(),
		"emission": n.emission, "registered_at": n.registered_at,
		"last_update": n.last_update,
	})
}

async fn list(meta: &Meta, out: &mut Out<'_>) -> Result<()> {
	let subnets: Vec<SubnetInfo<AccountId, Balance>> = api(meta, "subnets", ()).await?;
	let emission: Balance = api(meta, "block_emission", ()).await?;
	out.json(&json!({
		"block_emission_rao": emission,
		"subnets": subnets.iter().map(subnet_json).collect::<Vec<_>>(),
	}))?;
	out.line(format!(
		"{} subnet(s); each block emits {}",
		subnets.len(),
		format_tao(emission.into())
	))?;
	let mut t = table([
		"Netuid",
		"Owner",
		"Price",
		"Moving",
		"Pool TAO",
		"Alpha in",
		"Alpha out",
		"Neurons",
		"Tempo",
		"Epoch in",
	]);
	for s in &subnets {
		t.add_row(vec![
			s.netuid.to_string(),
			s.owner.to_string(),
			price(s.price),
			price(s.moving_price),
			format_tao(s.tao_in.into()),
			alpha(s.alpha_in.into()),
			alpha(s.alpha_out.into()),
			format!("{}/{}", s.neurons, s.hyperparams.max_uids),
			s.hyperparams.tempo.to_string(),
			blocks(s.blocks_until_epoch),
		]);
	}
	out.table(t)
}

async fn show(meta: &Meta, netuid: NetUid, out: &mut Out<'_>) -> Result<()> {
	let subnet: Option<SubnetInfo<AccountId, Balance>> = api(meta, "subnet", netuid).await?;
	let s = subnet.ok_or_else(|| anyhow!("no subnet {netuid} on this chain"))?;
	let neurons: Vec<NeuronInfo<AccountId, Balance>> =
		api::<Option<_>>(meta, "metagraph", netuid).await?.unwrap_or_default();
	let rows: Vec<_> = neurons.iter().map(neuron_json).collect();
	out.json(&json!({ "subnet": subnet_json(&s), "metagraph": rows }))?;
	let h = &s.hyperparams;
	out.line(format!("Subnet {netuid}, owned by {} (hotkey {})", s.owner, s.owner_hotkey))?;
	out.line(format!(
		"Pool: {} and {} at {} TAO/α (moving {}); {} staked; {} pending",
		format_tao(s.tao_in.into()),
		alpha(s.alpha_in.into()),
		price(s.price),
		price(s.moving_price),
		alpha(s.alpha_out.into()),
		alpha(s.pending_emission.into()),
	))?;
	out.line(format!(
		"Tempo {} (next epoch in {}), kappa {}, bonds moving average {}, \
		 {} validators, {}/{} neurons, registration burn {}",
		h.tempo,
		blocks(s.blocks_until_epoch),
		h.kappa,
		h.bonds_moving_average,
		h.max_validators,
		s.neurons,
		h.max_uids,
		format_tao(s.burn.into()),
	))?;
	let mut t = table([
		"UID",
		"Hotkey",
		"Stake weight",
		"Permit",
		"Incentive",
		"Dividends",
		"Consensus",
		"Trust",
		"Emission",
	]);
	for n in &neurons {
		t.add_row(vec![
			n.uid.to_string(),
			n.hotkey.to_string(),
			format_tao(n.stake_weight).trim_end_matches(" TAO").to_string(),
			if n.validator_permit { "yes" } else { "" }.to_string(),
			percent(n.incentive),
			percent(n.dividends),
			percent(n.consensus),
			percent(n.trust),
			alpha(n.emission.into()),
		]);
	}
	out.table(t)
}
