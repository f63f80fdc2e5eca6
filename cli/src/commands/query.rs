//! `dtao-gov query`: one storage value of the chain, decoded, to see what a ratified proposal
//! changed (`dtao-gov query Staking MinStake`, `dtao-gov query Staking Owner <hotkey>`).

use super::Meta;
use crate::chain::{hash_key, storage_key};
use crate::{
	output::Out,
	scale::{suggest, Types},
	Global,
};
use anyhow::{bail, Context, Result};
use clap::Args;
use serde_json::{json, Value as Json};

/// `query` options.
#[derive(Args, Debug)]
pub struct QueryArgs {
	/// The pallet, e.g. `Staking`.
	pub pallet: String,
	/// The storage entry, e.g. `MinStake`.
	pub entry: String,
	/// The keys of a map entry, written as in proposal files (an SS58 address, a number, …).
	pub keys: Vec<String>,
}

/// Runs `query`.
pub async fn run(args: QueryArgs, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let meta = Meta::online(&g.chain_url()).await?;
	let pallets: Vec<_> = meta.metadata.pallets().filter(|p| p.storage().is_some()).collect();
	let Some(pallet) = pallets.iter().find(|p| p.name() == args.pallet) else {
		bail!(
			"the runtime has no pallet `{}` with storage{}",
			args.pallet,
			suggest(&args.pallet, pallets.iter().map(|p| p.name()))
		);
	};
	let storage = pallet.storage().context("no storage")?;
	let Some(entry) = storage.entry_by_name(&args.entry) else {
		bail!(
			"pallet `{}` has no storage entry `{}`{}",
			args.pallet,
			args.entry,
			suggest(&args.entry, storage.entries().iter().map(|e| e.name()))
		);
	};
	let hashers: Vec<_> = entry.keys().collect();
	if hashers.len() != args.keys.len() {
		bail!(
			"`{}.{}` takes {} key(s), {} given",
			args.pallet,
			args.entry,
			hashers.len(),
			args.keys.len()
		);
	}
	let types = Types::new(meta.metadata.types());
	let mut key = storage_key(storage.prefix(), entry.name(), &[]);
	for (i, (info, text)) in hashers.iter().zip(&args.keys).enumerate() {
		let value: Json = serde_json::from_str(text).unwrap_or_else(|_| Json::String(text.clone()));
		let encoded = types.encode(&format!("key[{i}]"), &value, info.key_id)?;
		key.extend(hash_key(info.hasher, &encoded));
	}
	let chain = meta.chain()?;
	let raw = chain.raw_storage(&key).await?;
	let bytes = raw.as_deref().or(entry.default_value());
	let value = match bytes {
		Some(b) => types.decode(b, entry.value_ty()).map_err(anyhow::Error::msg)?,
		None => Json::Null,
	};
	out.json(&json!({
		"pallet": args.pallet,
		"entry": args.entry,
		"keys": args.keys,
		"value": value,
		"set": raw.is_some(),
	}))?;
	let keys =
		if args.keys.is_empty() { String::new() } else { format!("({})", args.keys.join(", ")) };
	let shown = match &value {
		Json::Null => "(not set)".to_string(),
		Json::String(s) => s.clone(),
		other => other.to_string(),
	};
	let default = if raw.is_none() && bytes.is_some() { " (default)" } else { "" };
	out.line(format!("{}.{}{keys} = {shown}{default}", args.pallet, args.entry))
}
