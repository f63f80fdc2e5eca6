//! What the [`GovernanceApi`](dtao_primitives::api::GovernanceApi) returns: the Senate's seats
//! and candidates with their lasting stake, and the Triumvirate.

use crate::{AccountId, Balance, BlockNumber, Governance, Runtime, Senate, System};
use alloc::vec::Vec;
use dtao_primitives::api::{CandidateInfo, SenateInfo};
use frame_support::traits::SortedMembers;
use pallet_dtao_governance::{Motions, StakeInfo};

type Triumvirate = pallet_dtao_governance::CollectiveMembers<Runtime, crate::TriumvirateInstance>;

/// The Senate as it stands.
pub fn senate() -> SenateInfo<AccountId, Balance, BlockNumber> {
	let seats = <Senate as Motions<_, _, _, _>>::members();
	let mut candidates: Vec<CandidateInfo<AccountId, Balance>> =
		pallet_dtao_governance::Candidates::<Runtime>::get()
			.into_iter()
			.map(|hotkey| CandidateInfo {
				coldkey: super::StakeAdapter::owner_of(&hotkey),
				stake: super::StakeAdapter::stake_of(&hotkey),
				lasting_stake: Governance::lasting_stake(&hotkey),
				eligible: Governance::is_eligible(&hotkey),
				seated: seats.binary_search(&hotkey).is_ok(),
				hotkey,
			})
			.collect();
	candidates.sort_by(|a, b| b.lasting_stake.cmp(&a.lasting_stake).then(a.hotkey.cmp(&b.hotkey)));
	let interval = pallet_dtao_governance::SenateRefreshInterval::<Runtime>::get().max(1);
	let now = System::block_number();
	SenateInfo {
		size: pallet_dtao_governance::SenateSize::<Runtime>::get(),
		min_stake: Governance::min_senate_stake(),
		lasting_total_stake: Governance::lasting_total_stake(),
		refresh_period: pallet_dtao_governance::RefreshPeriod::<Runtime>::get(),
		next_refresh: (now / interval + 1) * interval,
		candidates,
		triumvirate: Triumvirate::sorted_members(),
	}
}
