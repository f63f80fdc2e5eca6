//! What must hold after every block, whatever the extrinsics did.

use crate::{consent::Consent, consent::Snapshot, Finding};
use dtao_runtime::{Balance, BlockNumber, Runtime, RuntimeBlockWeights};
use frame_support::dispatch::DispatchClass;

/// Checks, after block `number`:
/// * every pallet's `try_state` (with the `try-runtime` feature; this workspace's four pallets'
///   always);
/// * total issuance is what accounts hold (free and reserved: staked TAO is held in its
///   coldkey, pools' TAO in their accounts);
/// * the block's weight stays within its limits: each class within its own, all of it within
///   the block's;
/// * no privileged change without consent (see [`crate::consent`]).
pub fn check(number: BlockNumber, before: &Snapshot, consent: &Consent) -> Result<(), Finding> {
	let fail = |what: String| Err(Finding { block: number, what });
	#[cfg(feature = "try-runtime")]
	{
		use frame_support::traits::{TryState, TryStateSelect};
		if let Err(e) = dtao_runtime::AllPalletsWithSystem::try_state(number, TryStateSelect::All) {
			return fail(format!("try_state: {e:?}"));
		}
	}
	for (pallet, result) in [
		("Governance", pallet_dtao_governance::Pallet::<Runtime>::do_try_state()),
		("Staking", pallet_dtao_staking::Pallet::<Runtime>::do_try_state()),
		("Subnets", pallet_dtao_subnets::Pallet::<Runtime>::do_try_state()),
		("Emission", pallet_dtao_emission::Pallet::<Runtime>::do_try_state()),
	] {
		if let Err(e) = result {
			return fail(format!("{pallet} invariants: {e:?}"));
		}
	}

	let held: Balance = frame_system::Account::<Runtime>::iter()
		.map(|(_, a)| a.data.free.saturating_add(a.data.reserved))
		.sum();
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	if held != issuance {
		return fail(format!("total issuance {issuance} but accounts hold {held}"));
	}

	let limits = RuntimeBlockWeights::get();
	let used = frame_system::BlockWeight::<Runtime>::get();
	for class in [DispatchClass::Normal, DispatchClass::Operational] {
		if let Some(max) = limits.get(class).max_total {
			if !used.get(class).all_lte(max) {
				return fail(format!(
					"{class:?} weight {:?} above its limit {max:?}",
					used.get(class)
				));
			}
		}
	}
	if !used.total().all_lte(limits.max_block) {
		return fail(format!(
			"block weight {:?} above the block's {:?}",
			used.total(),
			limits.max_block
		));
	}

	let after = consent.snapshot();
	let changed: Vec<&String> = after
		.iter()
		.filter(|(k, v)| before.get(*k) != Some(*v))
		.map(|(k, _)| k)
		.chain(before.keys().filter(|k| !after.contains_key(*k)))
		.collect();
	if changed.is_empty() {
		return Ok(());
	}
	let Some(allowed) = consent.consented() else { return Ok(()) };
	for key in changed {
		// A new subnet's values appear with it; registration is anyone's.
		if !before.contains_key(key) {
			continue;
		}
		// Applying an authorized upgrade clears the authorization: anyone may.
		if key == "System.AuthorizedUpgrade" && !after.contains_key(key) {
			continue;
		}
		let Some(values) = allowed.get(key) else {
			return fail(format!("{key} changed without an approved motion or a referendum"));
		};
		let new = after.get(key);
		if !values.iter().any(|v| v.is_none() || v.as_ref() == new) {
			return fail(format!("{key} changed to a value no approved call set"));
		}
	}
	Ok(())
}
