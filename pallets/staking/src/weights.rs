//! Weights for `pallet_dtao_staking`.
//!
//! Until `scripts/benchmark.sh` has been run for this pallet, these are conservative upper
//! bounds derived from its storage access counts (reads/writes listed per call) at
//! RocksDB costs, with a 50 µs computation allowance each.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_dtao_staking`.
pub trait WeightInfo {
	fn register_hotkey() -> Weight;
	fn become_delegate() -> Weight;
	fn set_take() -> Weight;
	fn add_stake() -> Weight;
	fn remove_stake() -> Weight;
	fn set_min_stake() -> Weight;
	fn set_max_delegate_take() -> Weight;
}

/// Weights for `pallet_dtao_staking` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_hotkey() -> Weight {
		Weight::from_parts(50_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
	fn become_delegate() -> Weight {
		Weight::from_parts(50_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(3, 1))
	}
	fn set_take() -> Weight {
		Weight::from_parts(50_000_000, 3_600).saturating_add(T::DbWeight::get().reads_writes(3, 1))
	}
	fn add_stake() -> Weight {
		Weight::from_parts(50_000_000, 7_000).saturating_add(T::DbWeight::get().reads_writes(8, 6))
	}
	fn remove_stake() -> Weight {
		Weight::from_parts(50_000_000, 7_000).saturating_add(T::DbWeight::get().reads_writes(8, 6))
	}
	fn set_min_stake() -> Weight {
		Weight::from_parts(50_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
	fn set_max_delegate_take() -> Weight {
		Weight::from_parts(50_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
}

impl WeightInfo for () {
	fn register_hotkey() -> Weight {
		Weight::from_parts(50_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn become_delegate() -> Weight {
		Weight::from_parts(50_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 1))
	}
	fn set_take() -> Weight {
		Weight::from_parts(50_000_000, 3_600)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 1))
	}
	fn add_stake() -> Weight {
		Weight::from_parts(50_000_000, 7_000)
			.saturating_add(RocksDbWeight::get().reads_writes(8, 6))
	}
	fn remove_stake() -> Weight {
		Weight::from_parts(50_000_000, 7_000)
			.saturating_add(RocksDbWeight::get().reads_writes(8, 6))
	}
	fn set_min_stake() -> Weight {
		Weight::from_parts(50_000_000, 0).saturating_add(RocksDbWeight::get().writes(1))
	}
	fn set_max_delegate_take() -> Weight {
		Weight::from_parts(50_000_000, 0).saturating_add(RocksDbWeight::get().writes(1))
	}
}
