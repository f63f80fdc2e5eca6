//! Senate seats: lasting stake, eligibility, the election, and what a change of seats does to
//! open motions.

use crate::{pallet::*, Motions, OpenMotion, StakeFloor, StakeInfo, WeightInfo, LOG_TARGET};
use alloc::{collections::btree_set::BTreeSet, vec::Vec};
use dtao_primitives::{OnStakeChanged, StakeChange};
use frame_support::{traits::SortedMembers, weights::Weight, BoundedVec};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The stake of `hotkey` that counts toward a seat: the least it held since the previous
	/// refresh period began (see [`StakeFloor`]).
	pub fn lasting_stake(hotkey: &T::AccountId) -> T::Balance {
		StakeFloor::lasting(
			StakeFloors::<T>::get(hotkey),
			T::Stake::stake_of(hotkey),
			RefreshPeriod::<T>::get(),
		)
	}

	/// The network's lasting total stake, which the bar for a seat is a share of: stake that
	/// arrived for a moment raises it no more than it seats anyone.
	pub fn lasting_total_stake() -> T::Balance {
		StakeFloor::lasting(
			TotalStakeFloor::<T>::get(),
			T::Stake::total_stake(),
			RefreshPeriod::<T>::get(),
		)
	}

	/// The least lasting stake that makes a hotkey eligible for a seat.
	pub fn min_senate_stake() -> T::Balance {
		SenateMinStakeShare::<T>::get().mul_ceil(Self::lasting_total_stake())
	}

	/// The coldkey of `hotkey` if it may hold a seat now: a delegate, neither it nor its
	/// coldkey a triumvir, with non-zero lasting stake of at least `bar`; and that stake.
	fn eligible(
		hotkey: &T::AccountId,
		bar: T::Balance,
		triumvirs: &[T::AccountId],
	) -> Option<(T::AccountId, T::Balance)> {
		let owner = T::Stake::owner_of(hotkey)?;
		if !T::Stake::is_delegate(hotkey)
			|| triumvirs.binary_search(hotkey).is_ok()
			|| triumvirs.binary_search(&owner).is_ok()
		{
			return None;
		}
		let stake = Self::lasting_stake(hotkey);
		(!stake.is_zero() && stake >= bar).then_some((owner, stake))
	}

	/// Whether `hotkey` may hold a seat now: see [`Pallet::elect`].
	pub fn is_eligible(hotkey: &T::AccountId) -> bool {
		let triumvirs = T::Triumvirate::sorted_members();
		Self::eligible(hotkey, Self::min_senate_stake(), &triumvirs).is_some()
	}

	/// The seats the candidates win now: of the eligible candidates, the one with the most
	/// lasting stake of each coldkey, and of those the [`SenateSize`] with the most (ties to the
	/// lower account id). Sorted.
	pub fn elect() -> Vec<T::AccountId> {
		let bar = Self::min_senate_stake();
		let triumvirs = T::Triumvirate::sorted_members();
		let mut ranked: Vec<(T::Balance, T::AccountId, T::AccountId)> = Candidates::<T>::get()
			.into_iter()
			.filter_map(|hotkey| {
				Self::eligible(&hotkey, bar, &triumvirs)
					.map(|(owner, stake)| (stake, hotkey, owner))
			})
			.collect();
		ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
		let mut coldkeys = BTreeSet::new();
		let mut seated: Vec<T::AccountId> = ranked
			.into_iter()
			.filter(|(_, _, owner)| coldkeys.insert(owner.clone()))
			.map(|(_, hotkey, _)| hotkey)
			.take(SenateSize::<T>::get() as usize)
			.collect();
		seated.sort();
		seated
	}

	/// Recompute the seats from lasting stake ([`Pallet::elect`]) and hand the change to the
	/// Senate. A senator that loses its seat because it is no longer eligible (it left, its
	/// lasting stake fell below the bar, it or its coldkey became a triumvir) forfeits its votes
	/// and its right to vote on the open motions, as do `forfeiting`; one outranked by more
	/// lasting stake keeps them. Returns the number of candidates examined.
	pub(crate) fn refresh_seats(mut forfeiting: Vec<T::AccountId>) -> u32 {
		let examined = Candidates::<T>::decode_len().unwrap_or(0) as u32;
		let seated = Self::elect();
		let current = T::Senate::members();
		let candidates = Candidates::<T>::get();
		let triumvirs = T::Triumvirate::sorted_members();
		let bar = Self::min_senate_stake();
		forfeiting.extend(
			current
				.iter()
				.filter(|h| {
					seated.binary_search(h).is_err()
						&& (!candidates.contains(h) || Self::eligible(h, bar, &triumvirs).is_none())
				})
				.cloned(),
		);
		Self::set_seats(seated, forfeiting);
		examined
	}

	/// Recompute the seats, no one forfeiting but the ineligible.
	pub fn do_refresh_senate() -> u32 {
		Self::refresh_seats(Vec::new())
	}

	/// Replace the seats with `seated` (sorted), and take from `forfeiting` their votes and
	/// their right to vote on the open motions (even should they come back).
	pub(crate) fn set_seats(seated: Vec<T::AccountId>, mut forfeiting: Vec<T::AccountId>) {
		forfeiting.sort();
		forfeiting.dedup();
		let current = T::Senate::members();
		if seated == current && forfeiting.is_empty() {
			return;
		}
		let joined: Vec<_> =
			seated.iter().filter(|h| current.binary_search(h).is_err()).cloned().collect();
		let left: Vec<_> =
			current.iter().filter(|h| seated.binary_search(h).is_err()).cloned().collect();
		T::Senate::change_seats(&joined, &forfeiting, &seated);
		if !forfeiting.is_empty() {
			OpenMotions::<T>::translate_values(
				|mut m: OpenMotion<T::AccountId, T::MaxSenateSize>| {
					m.voters.retain(|v| forfeiting.binary_search(v).is_err());
					Some(m)
				},
			);
		}
		if seated != current {
			log::debug!(target: LOG_TARGET, "senate changed: +{} -{}", joined.len(), left.len());
			Self::deposit_event(Event::SenateChanged { joined, left });
		}
	}

	/// Whether `hotkey` may vote on an open motion.
	pub(crate) fn is_voter(hotkey: &T::AccountId) -> bool {
		OpenMotions::<T>::iter_values().any(|m| m.voters.binary_search(hotkey).is_ok())
	}

	/// The seats of a motion proposed now.
	pub(crate) fn motion_voters(
		members: Vec<T::AccountId>,
	) -> BoundedVec<T::AccountId, T::MaxSenateSize> {
		BoundedVec::truncate_from(members)
	}
}

impl<T: Config> OnStakeChanged<T::AccountId, T::Balance> for Pallet<T> {
	/// Records the change in the hotkey's and the network's stake floors; a senator (or a voter
	/// of an open motion) whose lasting stake fell below the bar loses its seat, its votes and
	/// its right to vote on open motions at once.
	fn on_stake_changed(change: StakeChange<'_, T::AccountId, T::Balance>) -> Weight {
		let period = RefreshPeriod::<T>::get();
		let floor = StakeFloor::record(
			StakeFloors::<T>::get(change.hotkey),
			change.before,
			change.after,
			period,
		);
		if change.after.is_zero() {
			// Nothing is lasting of a stake that is gone, and a later stake starts from zero.
			StakeFloors::<T>::remove(change.hotkey);
		} else {
			StakeFloors::<T>::insert(change.hotkey, floor);
		}
		TotalStakeFloor::<T>::put(StakeFloor::record(
			TotalStakeFloor::<T>::get(),
			change.total_before,
			change.total_after,
			period,
		));
		if change.after >= change.before {
			return T::WeightInfo::note_stake_change();
		}
		let members = T::Senate::members();
		let seated = members.binary_search(change.hotkey).is_ok();
		if !seated && !Self::is_voter(change.hotkey) {
			return T::WeightInfo::note_stake_change();
		}
		let lasting = StakeFloor::lasting(Some(floor), change.after, period);
		let bar = Self::min_senate_stake();
		if !lasting.is_zero() && lasting >= bar {
			return T::WeightInfo::note_stake_change();
		}
		// Below the bar: the seat, the votes and the right to vote on open motions go at once.
		let remaining = members.into_iter().filter(|m| m != change.hotkey).collect();
		Self::set_seats(remaining, alloc::vec![change.hotkey.clone()]);
		Self::deposit_event(Event::SeatLost {
			hotkey: change.hotkey.clone(),
			lasting_stake: lasting,
			required: bar,
		});
		T::WeightInfo::drop_seat()
	}

	fn max_weight() -> Weight {
		T::WeightInfo::drop_seat().max(T::WeightInfo::note_stake_change())
	}
}
