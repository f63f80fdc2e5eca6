//! Storage migrations of the governance pallet.

/// Version 1: stake floors that no longer count are dropped.
pub mod v1 {
	use crate::{Config, Pallet, RefreshPeriod, StakeFloors};
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, codec::Encode, sp_runtime::TryRuntimeError};

	/// Drops every stake floor recorded before the previous refresh period. Such a floor
	/// says nothing any more: [`crate::StakeFloor::lasting`] reads it as no floor at all
	/// (the stake has not changed for a whole period), yet version 0 keeps it for good, one
	/// entry for every hotkey whose root stake ever changed.
	///
	/// The migration reads every floor once, in the upgrade's block: the map holds one entry
	/// per hotkey with root stake, which the staking pallet's minimum stake bounds.
	pub struct PruneStakeFloors<T>(PhantomData<T>);

	/// Whether a floor of `floor_period` still counts in refresh period `period`.
	fn counts(floor_period: u32, period: u32) -> bool {
		floor_period.saturating_add(1) >= period
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for PruneStakeFloors<T> {
		fn on_runtime_upgrade() -> Weight {
			let period = RefreshPeriod::<T>::get();
			let mut read = 1u64;
			let stale: alloc::vec::Vec<T::AccountId> = StakeFloors::<T>::iter()
				.filter_map(|(hotkey, floor)| {
					read += 1;
					(!counts(floor.period, period)).then_some(hotkey)
				})
				.collect();
			for hotkey in &stale {
				StakeFloors::<T>::remove(hotkey);
			}
			log::info!(
				target: crate::LOG_TARGET,
				"v1: dropped {} of {} stake floors",
				stale.len(),
				read - 1
			);
			T::DbWeight::get().reads_writes(read, stale.len() as u64)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let period = RefreshPeriod::<T>::get();
			let live = StakeFloors::<T>::iter_values().filter(|f| counts(f.period, period)).count();
			Ok((live as u32).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let live: u32 = codec::Decode::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("v1: bad pre-upgrade state"))?;
			let period = RefreshPeriod::<T>::get();
			let floors: Vec<_> = StakeFloors::<T>::iter_values().collect();
			if floors.len() as u32 != live || floors.iter().any(|f| !counts(f.period, period)) {
				return Err(TryRuntimeError::Other(
					"v1: a floor that counts was dropped or one that does not was kept",
				));
			}
			Ok(())
		}
	}

	/// [`PruneStakeFloors`], run once: when the pallet's storage version is 0, which it sets
	/// to 1.
	pub type MigrateToV1<T> = VersionedMigration<
		0,
		1,
		PruneStakeFloors<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
