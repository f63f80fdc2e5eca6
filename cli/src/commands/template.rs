//! `dtao-gov proposal new`: proposal files from templates, one per kind of proposal. The
//! files in `proposals/` are exactly what these templates write.

use crate::{output::Out, proposal};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use std::path::{Component, Path, PathBuf};

/// The kinds of proposal.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
	/// Change a network parameter (the minimum stake).
	Parameter,
	/// Change a subnet's hyperparameter that only governance may set (the tempo).
	SubnetParameter,
	/// Upgrade the runtime to a wasm (needs --wasm; its hash is pinned in the file).
	Upgrade,
	/// Change the Triumvirate's members.
	Membership,
	/// Several calls, dispatched atomically as one.
	Batch,
	/// Put a change to a public referendum (a Democracy external proposal).
	Referendum,
}

/// `proposal new` options.
#[derive(Args, Debug)]
pub struct NewArgs {
	/// The kind of proposal.
	#[arg(value_enum)]
	pub template: Template,
	/// Write the file here instead of printing it.
	#[arg(short, long, value_name = "FILE")]
	pub output: Option<PathBuf>,
	/// The runtime wasm, for `upgrade`.
	#[arg(long, value_name = "FILE")]
	pub wasm: Option<PathBuf>,
	/// Overwrite the output file if it exists.
	#[arg(long)]
	pub force: bool,
}

/// The text of `template` (for `upgrade`, `upgrade` is the wasm's path as the file will name
/// it, and its bytes).
pub fn text(template: Template, upgrade: Option<(&Path, &[u8])>) -> Result<String> {
	Ok(match template {
		Template::Parameter => PARAMETER.to_string(),
		Template::SubnetParameter => SUBNET_PARAMETER.to_string(),
		Template::Membership => MEMBERSHIP.to_string(),
		Template::Batch => BATCH.to_string(),
		Template::Referendum => REFERENDUM.to_string(),
		Template::Upgrade => {
			let (path, code) = upgrade.context("the upgrade template needs --wasm FILE")?;
			let hash = sp_io::hashing::blake2_256(code);
			let version = match proposal::wasm_version(code) {
				Some((name, v)) => format!("{name} {v}"),
				None => "unknown (the wasm declares no runtime version)".into(),
			};
			format!(
				"title = \"Upgrade the runtime to {version}\"\n\
				 description = \"\"\"\n\
				 Authorizes the runtime below. Once ratified, anyone applies it with\n\
				 `dtao-gov upgrade apply --wasm <file>`; the chain checks the hash, the spec name\n\
				 and a higher spec_version. Reviewers: rebuild the wasm from the tagged source and\n\
				 compare the hash.\n\
				 \"\"\"\n\n\
				 [upgrade]\n\
				 # Relative to this file.\n\
				 wasm = {path:?}\n\
				 # BLAKE2-256 of the wasm, pinned when drafted; `check` fails if the wasm changes.\n\
				 code_hash = \"0x{}\"\n",
				hex::encode(hash),
				path = path.display().to_string(),
			)
		}
	})
}

/// Runs `proposal new`.
pub fn run(args: NewArgs, out: &mut Out<'_>) -> Result<()> {
	if args.template != Template::Upgrade && args.wasm.is_some() {
		bail!("--wasm is only for the upgrade template");
	}
	let upgrade = match (&args.wasm, args.template) {
		(Some(wasm), _) => {
			let code = crate::files::read(wasm, crate::files::MAX_WASM)
				.with_context(|| format!("cannot read --wasm {}", wasm.display()))?;
			if !proposal::is_runtime_blob(&code) {
				bail!("--wasm {} is not a wasm module", wasm.display());
			}
			let base = args.output.as_deref().and_then(Path::parent).unwrap_or(Path::new(""));
			Some((relative_to(wasm, base)?, code))
		}
		(None, Template::Upgrade) => bail!("the upgrade template needs --wasm FILE"),
		(None, _) => None,
	};
	let text = text(args.template, upgrade.as_ref().map(|(p, c)| (p.as_path(), c.as_slice())))?;
	match &args.output {
		None => {
			out.line(text.trim_end())?;
			out.json(&serde_json::json!({ "template": text }))
		}
		Some(path) => {
			if path.exists() && !args.force {
				bail!("{} exists; pass --force to overwrite it", path.display());
			}
			std::fs::write(path, &text)
				.with_context(|| format!("cannot write {}", path.display()))?;
			out.json(&serde_json::json!({ "written": path.display().to_string() }))?;
			out.line(format!(
				"Wrote {}. Edit it, then run `dtao-gov proposal check {}`.",
				path.display(),
				path.display()
			))
		}
	}
}

/// `target` as a path relative to the folder `base` (both taken from the current directory).
fn relative_to(target: &Path, base: &Path) -> Result<PathBuf> {
	let cwd = std::env::current_dir()?;
	let absolute = |p: &Path| normalize(&cwd.join(p));
	let (target, base) = (absolute(target), absolute(base));
	let common = target.components().zip(base.components()).take_while(|(a, b)| a == b).count();
	let mut rel = PathBuf::new();
	for _ in base.components().skip(common) {
		rel.push("..");
	}
	for c in target.components().skip(common) {
		rel.push(c);
	}
	Ok(rel)
}

fn normalize(path: &Path) -> PathBuf {
	let mut out = PathBuf::new();
	for c in path.components() {
		match c {
			Component::ParentDir => {
				out.pop();
			}
			Component::CurDir => {}
			other => out.push(other),
		}
	}
	out
}

const PARAMETER: &str = r#"title = "Raise the minimum stake to 1 TAO"
description = """
Raises the smallest stake a coldkey may hold on a hotkey from 0.0005 TAO to 1 TAO,
so that dust stakes no longer bloat the state. Existing stakes below the minimum stay
until they are next changed.
"""

# One [[call]] per call; the ratified origin dispatches it when the Senate approves.
[[call]]
pallet = "Staking"
call = "set_min_stake"
# Balances take rao (an integer) or a string with a unit: "1.5 TAO", "2000 rao".
args = { amount = "1 TAO" }
"#;

const SUBNET_PARAMETER: &str = r#"title = "Set subnet 1's tempo to 720 blocks"
description = """
Runs subnet 1's epoch every 721 blocks (about 2.4 hours at 12 s a block). The tempo is one of
the hyperparameters only governance sets (like max_validators, kappa and the weights
rate limit); owners set the others with `Subnets.set_hyperparameter`. The change takes
effect at the subnet's next epoch.
"""

[[call]]
pallet = "Subnets"
call = "set_hyperparameter_governed"
# value: one of Tempo, MaxUids, MaxValidators, ImmunityPeriod, MinAllowedWeights,
# MaxWeightLimit, Kappa, BondsMovingAverage, RegistrationAllowed, MinBurn, MaxBurn,
# WeightsRateLimit, ActivityCutoff, with its new value.
args = { netuid = 1, value = { Tempo = 720 } }
"#;

const MEMBERSHIP: &str = r#"title = "Replace Charlie with Ferdie in the Triumvirate"
description = """
Sets the Triumvirate to Alice, Bob and Ferdie. A triumvir can neither vote in the
Senate nor hold a seat, so Ferdie's senate hotkey loses its seat in the same block.
"""

[[call]]
pallet = "Governance"
call = "set_triumvirate"
# members: exactly three SS58 addresses; the Triumvirate never has a prime.
args = { members = [
	"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", # Alice
	"5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", # Bob
	"5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL", # Ferdie
] }
"#;

const BATCH: &str = r#"title = "Tighten delegation: lower the maximum take and raise the minimum stake"
description = """
Two changes that belong together, dispatched atomically (Utility.batch_all): if one
fails, neither applies.
"""

[[call]]
pallet = "Staking"
call = "set_max_delegate_take"
# Percentages: "15%" or the raw parts of the type.
args = { take = "15%" }

[[call]]
pallet = "Staking"
call = "set_min_stake"
args = { amount = "0.1 TAO" }
"#;

const REFERENDUM: &str = r#"title = "Ask TAO holders: shorten the Senate's motions to 6 hours"
description = """
Once ratified, this puts the change to a public referendum instead of applying it:
TAO holders vote, and it is enacted only if the referendum passes.
"""

[referendum]
# super-majority-approve, super-majority-against or simple-majority.
threshold = "simple-majority"

[[call]]
pallet = "Governance"
call = "set_motion_duration"
# Blocks of 12 s: 1800 blocks = 6 hours.
args = { duration = 1800 }
"#;

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn relative_paths_climb_out_of_the_proposal_folder() {
		assert_eq!(
			relative_to(Path::new("target/x.wasm"), Path::new("proposals")).unwrap(),
			PathBuf::from("../target/x.wasm")
		);
		assert_eq!(
			relative_to(Path::new("a.wasm"), Path::new("")).unwrap(),
			PathBuf::from("a.wasm")
		);
	}
}
