//! The subcommands, one file each, and what they share: where the metadata comes from,
//! building and signing calls, and reading motions and seats from the chain.

pub mod proposal;
pub mod query;
pub mod senate;
pub mod subnet;
pub mod template;
pub mod upgrade;

use crate::{
	chain::{Chain, Included},
	keys, native,
	output::Out,
	scale::Types,
	Global,
};
use anyhow::{bail, Context, Result};

use serde::Serialize;
use serde_json::Value as Json;
use subxt::{dynamic::Value, ext::scale_decode::DecodeAsType, utils::AccountId32, ArcMetadata};
use subxt_signer::sr25519::Keypair;

/// The metadata proposals are checked against: the runtime built into this binary (offline),
/// or the chain's (online).
pub struct Meta {
	/// The metadata.
	pub metadata: ArcMetadata,
	/// The chain it came from, if online.
	pub chain: Option<Chain>,
	/// `spec_name spec_version` and where from, for the output.
	pub source: String,
}

impl Meta {
	/// Offline: the runtime built into this binary.
	pub fn offline() -> Result<Self> {
		let (name, version) = native::version();
		Ok(Self {
			metadata: native::metadata()?.into(),
			chain: None,
			source: format!("{name} {version} (built into dtao-gov)"),
		})
	}

	/// Online: the chain at `url`.
	pub async fn online(url: &str) -> Result<Self> {
		let chain = Chain::connect(url).await?;
		let (name, version) = chain.runtime_version().await?;
		Ok(Self {
			metadata: chain.metadata().await?,
			chain: Some(chain),
			source: format!("{name} {version} (at {url})"),
		})
	}

	/// Online if the user gave a URL, offline otherwise.
	pub async fn for_check(g: &Global) -> Result<Self> {
		match g.explicit_url() {
			Some(url) => Self::online(&url).await,
			None => Self::offline(),
		}
	}

	/// The types of the metadata.
	pub fn types(&self) -> Types<'_> {
		Types::new(self.metadata.types())
	}

	/// The runtime's call enum.
	pub fn call_ty(&self) -> u32 {
		self.metadata.outer_enums().call_enum_ty()
	}

	/// The chain, which online metas have.
	pub fn chain(&self) -> Result<&Chain> {
		self.chain.as_ref().context("this needs a chain")
	}

	/// Encodes a call written as `{ pallet, call, args }`.
	pub fn encode(&self, call: &Json) -> Result<Vec<u8>> {
		Ok(self.types().encode_call("call", call, self.call_ty())?)
	}

	/// Decodes call data.
	pub fn decode_call(&self, call: &[u8]) -> Result<Json> {
		self.types().decode(call, self.call_ty()).map_err(anyhow::Error::msg)
	}

	/// The metadata constant `pallet.name`, decoded.
	pub fn constant(&self, pallet: &str, name: &str) -> Option<Json> {
		let c = self.metadata.pallet_by_name(pallet)?.constant_by_name(name)?;
		self.types().decode(c.value(), c.ty()).ok()
	}

	/// Milliseconds per block, from Aura's slot duration (12 s if the runtime has no Aura).
	pub fn block_time_ms(&self) -> u64 {
		self.constant("Aura", "SlotDuration").and_then(|v| v.as_u64()).unwrap_or(12_000)
	}
}

/// Signs and submits `call` (`{ pallet, call, args }`) as `key`, after confirmation, with a
/// spinner while it is in flight.
pub async fn submit(
	out: &Out<'_>,
	meta: &Meta,
	call: &Json,
	key: &Keypair,
	what: &str,
) -> Result<Included> {
	let bytes = meta.encode(call)?;
	let chain = meta.chain()?;
	out.confirm(what, &keys::address(key))?;
	let payload = chain.call_payload(&bytes).await?;
	let spinner = out.spinner(format!("{what}: waiting for the block"));
	let result = chain.submit(&payload, key).await;
	spinner.finish_and_clear();
	result.with_context(|| format!("{what} was not applied"))
}

/// `ss58` of an account.
pub fn ss58(account: &AccountId32) -> String {
	account.to_string()
}

/// A Senate motion as stored by pallet-collective.
#[derive(DecodeAsType, Debug, Clone)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Votes {
	/// The motion's index.
	pub index: u32,
	/// Ayes needed.
	pub threshold: u32,
	/// Who voted aye.
	pub ayes: Vec<AccountId32>,
	/// Who voted nay.
	pub nays: Vec<AccountId32>,
	/// The block the voting ends at.
	pub end: u32,
}

/// An open Senate motion, read from the chain.
#[derive(Debug, Clone, Serialize)]
pub struct Motion {
	/// The motion's index.
	pub index: u32,
	/// The proposal's hash, `0x`-hex.
	pub hash: String,
	/// `Pallet.call` of the proposal.
	pub call_name: String,
	/// The proposal, decoded.
	pub call: Json,
	/// Its encoded length.
	pub length: u32,
	/// Ayes needed.
	pub threshold: u32,
	/// Seats in the Senate now.
	pub seats: u32,
	/// Senate hotkeys that voted aye.
	pub ayes: Vec<String>,
	/// Senate hotkeys that voted nay.
	pub nays: Vec<String>,
	/// The block the voting ends at.
	pub end: u32,
	/// The best block now.
	pub now: u64,
	/// Blocks until the end (0 once over).
	pub blocks_left: u64,
	/// Seconds until the end, at the chain's block time.
	pub seconds_left: u64,
	/// `voting`, `approved` (ready to close), `rejected` (cannot pass; ready to close) or
	/// `expired` (anyone may close; disapproved unless approved).
	pub status: String,
	#[serde(skip)]
	hash_bytes: [u8; 32],
	#[serde(skip)]
	call_data: Vec<u8>,
}

impl Motion {
	/// The hash as bytes.
	pub fn hash_bytes(&self) -> [u8; 32] {
		self.hash_bytes
	}

	/// The proposal's call data, as stored.
	pub fn call_data(&self) -> &[u8] {
		&self.call_data
	}
}

/// What every motion's status is read against: the seats now and the best block.
struct Now {
	seats: u32,
	block: u64,
}

impl Now {
	async fn read(chain: &Chain) -> Result<Self> {
		Ok(Self {
			seats: chain.senate_members().await?.len() as u32,
			block: chain.block_number().await?,
		})
	}
}

/// Reads the motion with `hash`.
pub async fn motion(meta: &Meta, hash: [u8; 32]) -> Result<Option<Motion>> {
	motion_at(meta, hash, &Now::read(meta.chain()?).await?).await
}

async fn motion_at(meta: &Meta, hash: [u8; 32], at: &Now) -> Result<Option<Motion>> {
	let chain = meta.chain()?;
	let Some(votes) =
		chain.storage_map::<Votes>(None, "Senate", "Voting", vec![Value::from_bytes(hash)]).await?
	else {
		return Ok(None);
	};
	let raw = chain
		.raw_storage(&crate::chain::storage_key("Senate", "ProposalOf", &hash))
		.await?
		.context("a motion without its proposal")?;
	let call =
		meta.decode_call(&raw).unwrap_or_else(|e| Json::String(format!("<undecodable: {e}>")));
	let (seats, now) = (at.seats, at.block);
	let blocks_left = u64::from(votes.end).saturating_sub(now);
	let ayes = votes.ayes.len() as u32;
	let nays = votes.nays.len() as u32;
	let status = if ayes >= votes.threshold {
		"approved"
	} else if nays > seats.saturating_sub(votes.threshold) {
		"rejected"
	} else if blocks_left == 0 {
		"expired"
	} else {
		"voting"
	};
	Ok(Some(Motion {
		index: votes.index,
		hash: format!("0x{}", hex::encode(hash)),
		call_name: crate::output::call_name(&call),
		call,
		length: raw.len() as u32,
		threshold: votes.threshold,
		seats,
		ayes: votes.ayes.iter().map(ss58).collect(),
		nays: votes.nays.iter().map(ss58).collect(),
		end: votes.end,
		now,
		blocks_left,
		seconds_left: blocks_left * meta.block_time_ms() / 1000,
		status: status.into(),
		hash_bytes: hash,
		call_data: raw,
	}))
}

/// Every open motion, oldest first.
pub async fn motions(meta: &Meta) -> Result<Vec<Motion>> {
	let chain = meta.chain()?;
	let at = Now::read(chain).await?;
	let mut all = Vec::new();
	for hash in chain.motion_hashes().await? {
		if let Some(m) = motion_at(meta, hash, &at).await? {
			all.push(m);
		}
	}
	Ok(all)
}

/// Finds an open motion by its index (`3`) or hash (`0x…`).
pub async fn find_motion(meta: &Meta, id: &str) -> Result<Motion> {
	let open = motions(meta).await?;
	let found = if id.starts_with("0x") {
		let hash = crate::scale::parse_hex("ID", id)?;
		open.into_iter().find(|m| m.hash_bytes.as_slice() == hash.as_slice())
	} else {
		let index: u32 = id.parse().with_context(|| {
			format!("`{id}` is neither a motion index nor a 0x-hex proposal hash")
		})?;
		open.into_iter().find(|m| m.index == index)
	};
	match found {
		Some(m) => Ok(m),
		None => bail!("no open Senate motion {id}; `dtao-gov proposal list` shows the open ones"),
	}
}

/// Human-readable duration.
pub fn duration(seconds: u64) -> String {
	match seconds {
		0 => "over".into(),
		s if s < 120 => format!("{s} s"),
		s if s < 7200 => format!("{} min", s / 60),
		s => format!("{} h {} min", s / 3600, (s % 3600) / 60),
	}
}
