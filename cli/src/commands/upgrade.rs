//! `dtao-gov upgrade …`: runtime upgrades. A triumvir proposes the wasm's hash; once the Senate
//! ratifies it, anyone applies the wasm, and the chain checks the hash, the spec name and a
//! higher spec_version.

use super::{proposal::propose, Meta};
use crate::{
	output::{hex0x, short_hash, Out},
	proposal::{self, ProposalFile, Upgrade},
	Global,
};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use subxt::{dynamic::Value, ext::scale_decode::DecodeAsType};

/// Runtime upgrades.
#[derive(Subcommand, Debug)]
pub enum UpgradeCommand {
	/// Propose authorizing a runtime wasm (a triumvir signs): the proposal carries the wasm's
	/// BLAKE2-256 hash, not the wasm.
	Propose(WasmArgs),
	/// Apply a ratified runtime upgrade: upload the wasm whose hash the Senate authorized.
	/// Needs no key; the chain takes it only if the hash matches.
	Apply(WasmArgs),
	/// Show the runtime the chain runs and the upgrade it has authorized, if any.
	Status,
}

/// The wasm.
#[derive(Args, Debug)]
pub struct WasmArgs {
	/// The runtime's wasm file.
	#[arg(long, value_name = "FILE")]
	pub wasm: PathBuf,
}

/// Runs an `upgrade` subcommand.
pub async fn run(cmd: UpgradeCommand, g: &Global, out: &mut Out<'_>) -> Result<()> {
	match cmd {
		UpgradeCommand::Propose(args) => propose_upgrade(args, g, out).await,
		UpgradeCommand::Apply(args) => apply(args, g, out).await,
		UpgradeCommand::Status => status(g, out).await,
	}
}

fn read_wasm(path: &std::path::Path) -> Result<Vec<u8>> {
	let code = crate::files::read(path, crate::files::MAX_WASM)
		.with_context(|| format!("cannot read --wasm {}", path.display()))?;
	if !proposal::is_runtime_blob(&code) {
		bail!("{} is not a wasm module (it does not start with \\0asm)", path.display());
	}
	Ok(code)
}

async fn propose_upgrade(args: WasmArgs, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let key = g.keys.keypair()?;
	let code = read_wasm(&args.wasm)?;
	let meta = Meta::online(&g.chain_url()).await?;
	let version = proposal::wasm_version(&code)
		.map(|(n, v)| format!("{n} {v}"))
		.unwrap_or_else(|| "an unversioned wasm".into());
	let file = ProposalFile {
		title: format!("Upgrade the runtime to {version}"),
		description: String::new(),
		calls: vec![],
		upgrade: Some(Upgrade {
			wasm: std::fs::canonicalize(&args.wasm)?,
			code_hash: hex0x(&sp_io::hashing::blake2_256(&code)),
		}),
		referendum: None,
	};
	let p = proposal::build(&file, std::path::Path::new(""), meta.types(), meta.call_ty())?;
	propose(&meta, &p, &key, out).await
}

/// `System.AuthorizedUpgrade`.
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Authorization {
	code_hash: [u8; 32],
	check_version: bool,
}

/// `System.RejectedInvalidAuthorizedUpgrade`.
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Rejected {
	error: Value,
}

async fn apply(args: WasmArgs, g: &Global, out: &mut Out<'_>) -> Result<()> {
	let code = read_wasm(&args.wasm)?;
	let meta = Meta::online(&g.chain_url()).await?;
	let chain = meta.chain()?;
	let hash = sp_io::hashing::blake2_256(&code);
	let Some(auth) = chain.storage::<Authorization>("System", "AuthorizedUpgrade").await? else {
		bail!(
			"the chain has authorized no upgrade; a triumvir proposes one with `dtao-gov upgrade \
			 propose --wasm FILE` and the Senate ratifies it first"
		);
	};
	if auth.code_hash != hash {
		bail!(
			"the chain authorized code hash {} but {} hashes to {}; this is not the ratified wasm",
			hex0x(&auth.code_hash),
			args.wasm.display(),
			hex0x(&hash)
		);
	}
	let (name, before) = chain.runtime_version().await?;
	if auth.check_version {
		if let Err(e) = proposal::upgrade_fits(&code, &name, before) {
			bail!(
				"{e}; the chain would reject it (same spec_name and a higher spec_version needed)"
			);
		}
	}
	let call = json!({
		"pallet": "System",
		"call": "apply_authorized_upgrade",
		"args": { "code": hex0x(&code) }
	});
	let bytes = meta.encode(&call)?;
	let payload = chain.call_payload(&bytes).await?;
	out.confirm(&format!("the runtime upgrade ({} bytes)", code.len()), "an unsigned transaction")?;
	let spinner =
		out.spinner(format!("uploading {} bytes of wasm and waiting for the block", code.len()));
	let applied = chain.submit_unsigned(&payload).await;
	spinner.finish_and_clear();
	let applied = applied.context("the upgrade was not applied")?;
	if let Some(rejected) =
		applied.event::<Rejected>("System", "RejectedInvalidAuthorizedUpgrade")?
	{
		let reason = chain.dispatch_error_name(&rejected.error).await?;
		bail!("the chain rejected the upgrade in block {}: {reason}", hex0x(&applied.block));
	}
	if !applied.has_event("System", "CodeUpdated")? {
		bail!("the upgrade's block has no System.CodeUpdated event");
	}
	let expected = proposal::wasm_version(&code).map(|v| v.1);
	out.json(&json!({
		"block": hex0x(&applied.block),
		"code_hash": hex0x(&hash),
		"spec_version_before": before,
		"spec_version_after": expected,
	}))?;
	out.line(format!(
		"Applied the runtime upgrade in block {}: {name} {before} -> {}; it runs from the next block.",
		short_hash(&applied.block),
		expected.map(|v| v.to_string()).unwrap_or_else(|| "?".into())
	))?;
	Ok(())
}

async fn status(g: &Global, out: &mut Out<'_>) -> Result<()> {
	let meta = Meta::online(&g.chain_url()).await?;
	let chain = meta.chain()?;
	let (name, version) = chain.runtime_version().await?;
	let auth = chain.storage::<Authorization>("System", "AuthorizedUpgrade").await?;
	let block = chain.block_number().await?;
	out.json(&json!({
		"spec_name": name,
		"spec_version": version,
		"block": block,
		"authorized_code_hash": auth.as_ref().map(|a| hex0x(&a.code_hash)),
	}))?;
	out.line(format!("Runtime:    {name} {version} (block {block})"))?;
	match auth {
		Some(a) => out.line(format!(
			"Authorized: {} ({}), ready to apply",
			hex0x(&a.code_hash),
			if a.check_version { "version checked" } else { "version not checked" }
		)),
		None => out.line("Authorized: none"),
	}
}
