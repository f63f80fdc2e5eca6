//! Proposal files: TOML documents in `proposals/`, reviewed like code, that say what a
//! proposal asks the Senate to ratify. See `proposals/README.md` for the format.
//!
//! A file holds a `title`, a `description`, and either one or more `[[call]]` tables (several
//! become one atomic `Utility.batch_all`) or one `[upgrade]` table (a runtime upgrade: the
//! wasm's path and its pinned BLAKE2-256 hash, proposed as `Governance.authorize_upgrade`). A
//! `[referendum]` table turns the result into a public referendum: the ratified call becomes
//! a Democracy external proposal of that call.

use crate::scale::{self, FieldError, Types};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};

/// A proposal file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalFile {
	/// One line saying what the proposal does.
	pub title: String,
	/// Why, and what reviewers should check.
	#[serde(default)]
	pub description: String,
	/// The calls to dispatch with the ratified origin, in order.
	#[serde(default, rename = "call")]
	pub calls: Vec<toml::Value>,
	/// A runtime upgrade instead of calls.
	pub upgrade: Option<Upgrade>,
	/// Put the calls (or the upgrade) to a public referendum instead of dispatching them.
	pub referendum: Option<Referendum>,
}

/// The `[upgrade]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upgrade {
	/// The runtime's wasm, relative to the proposal file.
	pub wasm: PathBuf,
	/// BLAKE2-256 of the wasm, `0x`-hex, pinned when the proposal was drafted.
	pub code_hash: String,
}

/// The `[referendum]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referendum {
	/// How the referendum's votes are counted.
	pub threshold: Threshold,
}

/// The vote threshold of a public referendum (pallet-democracy's, named as there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Threshold {
	/// A positive turnout bias: passes with a super-majority of ayes (`external_propose`).
	SuperMajorityApprove,
	/// A negative turnout bias: passes unless a super-majority votes nay
	/// (`external_propose_default`).
	SuperMajorityAgainst,
	/// More ayes than nays (`external_propose_majority`).
	SimpleMajority,
}

impl Threshold {
	fn call(self) -> &'static str {
		match self {
			Threshold::SuperMajorityApprove => "external_propose",
			Threshold::SuperMajorityAgainst => "external_propose_default",
			Threshold::SimpleMajority => "external_propose_majority",
		}
	}
}

/// The runtime upgrade a proposal authorizes.
#[derive(Debug, Clone)]
pub struct UpgradeCode {
	/// Where the wasm is.
	pub path: PathBuf,
	/// The wasm.
	pub code: Vec<u8>,
	/// Its BLAKE2-256.
	pub hash: [u8; 32],
}

/// A proposal turned into call data.
#[derive(Debug, Clone)]
pub struct Proposal {
	/// The file's title.
	pub title: String,
	/// The file's description.
	pub description: String,
	/// The call the Senate ratifies, SCALE-encoded.
	pub call: Vec<u8>,
	/// The call, decoded (the form proposal files use).
	pub decoded: Json,
	/// Bytes to note as a preimage before proposing (a long referendum call).
	pub preimage: Option<Vec<u8>>,
	/// The upgrade, for upgrade proposals.
	pub upgrade: Option<UpgradeCode>,
}

impl Proposal {
	/// BLAKE2-256 of the call: the motion's hash on chain.
	pub fn hash(&self) -> [u8; 32] {
		sp_io::hashing::blake2_256(&self.call)
	}
}

/// Reads and parses a proposal file; syntax errors name the line and column.
pub fn read(path: &Path) -> Result<ProposalFile> {
	let text = crate::files::read_text(path, crate::files::MAX_PROPOSAL_FILE)
		.with_context(|| format!("cannot read proposal file {}", path.display()))?;
	parse(&text).with_context(|| format!("in {}", path.display()))
}

/// Parses the text of a proposal file.
pub fn parse(text: &str) -> Result<ProposalFile> {
	let file: ProposalFile = toml::from_str(text).map_err(|e| {
		let message = e.message().to_string();
		match e.span() {
			Some(span) => {
				let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
				anyhow::anyhow!("line {line}: {message}")
			}
			None => anyhow::anyhow!(message),
		}
	})?;
	if file.title.trim().is_empty() {
		bail!("`title`: must say what the proposal does");
	}
	match (&file.upgrade, file.calls.is_empty()) {
		(Some(_), false) => {
			bail!("a proposal has either `[[call]]` tables or an `[upgrade]`, not both")
		}
		(None, true) => {
			bail!("a proposal needs at least one `[[call]]` table or an `[upgrade]` table")
		}
		_ => {}
	}
	Ok(file)
}

/// Turns a TOML value into the JSON form the encoder reads; dates have no runtime type.
fn to_json(path: &str, value: &toml::Value) -> Result<Json, FieldError> {
	Ok(match value {
		toml::Value::String(s) => Json::String(s.clone()),
		toml::Value::Integer(i) => Json::from(*i),
		toml::Value::Float(f) => {
			return Err(FieldError {
				path: path.into(),
				message: format!(
					"{f} is a float; the runtime has no floats: write an integer, \"12.5%\" or \"1.5 TAO\""
				),
			})
		}
		toml::Value::Boolean(b) => Json::Bool(*b),
		toml::Value::Datetime(d) => {
			return Err(FieldError {
				path: path.into(),
				message: format!("{d} is a date, which no call takes"),
			})
		}
		toml::Value::Array(a) => Json::Array(
			a.iter()
				.enumerate()
				.map(|(i, v)| to_json(&format!("{path}[{i}]"), v))
				.collect::<Result<_, _>>()?,
		),
		toml::Value::Table(t) => Json::Object(
			t.iter()
				.map(|(k, v)| Ok((k.clone(), to_json(&scale::join(path, k), v)?)))
				.collect::<Result<_, FieldError>>()?,
		),
	})
}

/// Builds the call data of `file`, read from `base` (the file's folder, for wasm paths),
/// against the metadata types `types` with call enum `call_ty`.
pub fn build(file: &ProposalFile, base: &Path, types: Types, call_ty: u32) -> Result<Proposal> {
	let mut upgrade = None;
	let inner: Json = if let Some(up) = &file.upgrade {
		let path = base.join(&up.wasm);
		let code = crate::files::read(&path, crate::files::MAX_WASM)
			.with_context(|| format!("`upgrade.wasm`: cannot read {}", path.display()))?;
		if !is_runtime_blob(&code) {
			bail!("`upgrade.wasm`: {} is not a wasm module", path.display());
		}
		let hash = sp_io::hashing::blake2_256(&code);
		let pinned = scale::parse_hex("upgrade.code_hash", &up.code_hash)?;
		if pinned.as_slice() != hash {
			bail!(
				"`upgrade.code_hash`: the file pins {} but {} hashes to 0x{}; the wasm changed \
				 since the proposal was drafted (review it, then run `dtao-gov proposal new upgrade \
				 --wasm {}` again)",
				up.code_hash,
				path.display(),
				hex::encode(hash),
				up.wasm.display()
			);
		}
		upgrade = Some(UpgradeCode { path, code, hash });
		json!({
			"pallet": "Governance",
			"call": "authorize_upgrade",
			"args": { "code_hash": format!("0x{}", hex::encode(hash)) }
		})
	} else {
		let calls = file
			.calls
			.iter()
			.enumerate()
			.map(|(i, c)| to_json(&format!("call[{i}]"), c))
			.collect::<Result<Vec<_>, _>>()?;
		// Each call is checked on its own first, so errors carry the path of the file.
		for (i, c) in calls.iter().enumerate() {
			types.encode_call(&format!("call[{i}]"), c, call_ty)?;
		}
		if calls.len() == 1 {
			calls.into_iter().next().expect("one call")
		} else {
			json!({ "pallet": "Utility", "call": "batch_all", "args": { "calls": calls } })
		}
	};
	let inner_bytes = types.encode_call("call", &inner, call_ty)?;
	let (outer, preimage) = match &file.referendum {
		None => (inner, None),
		Some(r) => {
			let (bounded, preimage) = if inner_bytes.len() <= scale::MAX_INLINE_CALL {
				(json!({ "Inline": format!("0x{}", hex::encode(&inner_bytes)) }), None)
			} else {
				let hash = sp_io::hashing::blake2_256(&inner_bytes);
				(
					json!({ "Lookup": { "hash": format!("0x{}", hex::encode(hash)), "len": inner_bytes.len() } }),
					Some(inner_bytes.clone()),
				)
			};
			(
				json!({ "pallet": "Democracy", "call": r.threshold.call(), "args": { "proposal": bounded } }),
				preimage,
			)
		}
	};
	let call = types.encode_call("referendum", &outer, call_ty)?;
	let decoded = types.decode(&call, call_ty).map_err(anyhow::Error::msg)?;
	Ok(Proposal {
		title: file.title.clone(),
		description: file.description.clone(),
		call,
		decoded,
		preimage,
		upgrade,
	})
}

/// Reads, parses and builds the proposal at `path`.
pub fn load(path: &Path, types: Types, call_ty: u32) -> Result<Proposal> {
	build_read(&read(path)?, path, types, call_ty)
}

/// Builds `file`, which was read from `path` (wasm paths are relative to its folder, and
/// errors name it).
pub fn build_read(
	file: &ProposalFile,
	path: &Path,
	types: Types,
	call_ty: u32,
) -> Result<Proposal> {
	let base = path.parent().unwrap_or(Path::new("."));
	build(file, base, types, call_ty).with_context(|| format!("in {}", path.display()))
}

/// Whether `code` is a wasm module or a zstd-compressed runtime blob.
pub fn is_runtime_blob(code: &[u8]) -> bool {
	const COMPRESSED: [u8; 8] = [0x52, 0xbc, 0x53, 0x76, 0x46, 0xdb, 0x8e, 0x05];
	code.starts_with(b"\0asm") || code.starts_with(&COMPRESSED)
}

/// Why a wasm cannot upgrade a chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpgradeMismatch {
	/// The wasm has no `runtime_version` section.
	#[error("the wasm declares no runtime version (not a runtime wasm?)")]
	NoVersion,
	/// Another runtime.
	#[error("the wasm is runtime `{wasm}` but the chain runs `{chain}`")]
	SpecName {
		/// The wasm's `spec_name`.
		wasm: String,
		/// The chain's.
		chain: String,
	},
	/// Not newer.
	#[error("the wasm's spec_version {wasm} is not higher than the chain's {chain}")]
	SpecVersion {
		/// The wasm's `spec_version`.
		wasm: u32,
		/// The chain's.
		chain: u32,
	},
}

/// Whether `code` can upgrade a chain that runs `spec_name` `spec_version` (the same
/// `spec_name`, a higher `spec_version`, as `System.set_code` demands); its version if so.
pub fn upgrade_fits(
	code: &[u8],
	spec_name: &str,
	spec_version: u32,
) -> Result<(String, u32), UpgradeMismatch> {
	let (name, version) = wasm_version(code).ok_or(UpgradeMismatch::NoVersion)?;
	if name != spec_name {
		return Err(UpgradeMismatch::SpecName { wasm: name, chain: spec_name.into() });
	}
	if version <= spec_version {
		return Err(UpgradeMismatch::SpecVersion { wasm: version, chain: spec_version });
	}
	Ok((name, version))
}

/// The `spec_name` and `spec_version` a wasm runtime declares in its `runtime_version` custom
/// section, if it is a wasm module with one (compressed as a chain stores it, or not).
pub fn wasm_version(code: &[u8]) -> Option<(String, u32)> {
	let code =
		sp_maybe_compressed_blob::decompress(code, crate::files::MAX_WASM as usize * 4).ok()?;
	let mut rest = code.strip_prefix(b"\0asm\x01\0\0\0")?;
	while !rest.is_empty() {
		let id = rest[0];
		rest = &rest[1..];
		let size = leb128(&mut rest)? as usize;
		if rest.len() < size {
			return None;
		}
		let (section, after) = rest.split_at(size);
		rest = after;
		if id != 0 {
			continue;
		}
		let mut body = section;
		let name_len = leb128(&mut body)? as usize;
		if body.len() < name_len || &body[..name_len] != b"runtime_version" {
			continue;
		}
		let mut data = &body[name_len..];
		let version: sp_version::RuntimeVersion = codec::Decode::decode(&mut data).ok()?;
		return Some((version.spec_name.to_string(), version.spec_version));
	}
	None
}

fn leb128(input: &mut &[u8]) -> Option<u32> {
	let mut result = 0u32;
	for shift in (0..35).step_by(7) {
		let (&byte, rest) = input.split_first()?;
		*input = rest;
		result |= u32::from(byte & 0x7f) << shift;
		if byte & 0x80 == 0 {
			return Some(result);
		}
	}
	None
}
