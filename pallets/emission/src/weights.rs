
//! Weights for `pallet_dtao_emission`. Placeholder values until `scripts/benchmark.sh` runs.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

/// Weight functions needed for `pallet_dtao_emission`.
pub trait WeightInfo {
	fn set_parameter() -> Weight;
	fn block_emission(s: u32, ) -> Weight;
	fn epoch(n: u32, v: u32, ) -> Weight;
}

/// Weights measured for this runtime, with its database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_parameter() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn block_emission(s: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(Weight::from_parts(50_000_000, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads((8_u64).saturating_mul(s.into())))
			.saturating_add(T::DbWeight::get().writes((5_u64).saturating_mul(s.into())))
	}
	fn epoch(n: u32, v: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(200_000, 0).saturating_mul(n.saturating_mul(v).into()))
			.saturating_add(T::DbWeight::get().reads((6_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
	}
}

impl WeightInfo for () {
	fn set_parameter() -> Weight {
		Weight::from_parts(10_000_000, 0)
	}
	fn block_emission(s: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 0).saturating_mul(s.into())
	}
	fn epoch(n: u32, v: u32, ) -> Weight {
		Weight::from_parts(200_000, 0).saturating_mul(n.saturating_mul(v).into())
	}
}
