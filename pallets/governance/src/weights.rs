//! Weights for `pallet_dtao_governance`.
//!
//! Until `scripts/benchmark.sh` has been run for this pallet, these are conservative upper
//! bounds from its storage access counts at RocksDB costs, with a computation allowance per
//! call and per component.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_dtao_governance`.
pub trait WeightInfo {
	fn propose(b: u32, m: u32) -> Weight;
	fn vote(m: u32) -> Weight;
	fn close(b: u32, m: u32) -> Weight;
	fn join_senate(c: u32) -> Weight;
	fn leave_senate(c: u32) -> Weight;
	fn set_senate_size(c: u32) -> Weight;
	fn set_parameter() -> Weight;
	fn authorize_upgrade() -> Weight;
	fn refresh_senate(c: u32) -> Weight;
}

fn base(reads: u64, writes: u64, db: frame_support::weights::RuntimeDbWeight) -> Weight {
	Weight::from_parts(60_000_000, 10_000).saturating_add(db.reads_writes(reads, writes))
}

fn per(n: u32, ref_time: u64, proof: u64) -> Weight {
	Weight::from_parts(ref_time, proof).saturating_mul(n as u64)
}

/// Weights for `pallet_dtao_governance` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn propose(b: u32, m: u32) -> Weight {
		base(5, 4, T::DbWeight::get())
			.saturating_add(per(b, 2_000, 1))
			.saturating_add(per(m, 100_000, 32))
	}
	fn vote(m: u32) -> Weight {
		base(4, 1, T::DbWeight::get()).saturating_add(per(m, 200_000, 64))
	}
	fn close(b: u32, m: u32) -> Weight {
		base(6, 4, T::DbWeight::get())
			.saturating_add(per(b, 2_000, 1))
			.saturating_add(per(m, 200_000, 64))
	}
	fn join_senate(c: u32) -> Weight {
		base(6, 3, T::DbWeight::get())
			.saturating_add(per(c, 3_000_000, 3_000))
			.saturating_add(T::DbWeight::get().reads(4 * c as u64))
	}
	fn leave_senate(c: u32) -> Weight {
		Self::join_senate(c)
	}
	fn set_senate_size(c: u32) -> Weight {
		Self::join_senate(c)
	}
	fn set_parameter() -> Weight {
		base(0, 1, T::DbWeight::get())
	}
	fn authorize_upgrade() -> Weight {
		base(0, 1, T::DbWeight::get())
	}
	fn refresh_senate(c: u32) -> Weight {
		Self::join_senate(c)
	}
}

impl WeightInfo for () {
	fn propose(b: u32, m: u32) -> Weight {
		base(5, 4, RocksDbWeight::get())
			.saturating_add(per(b, 2_000, 1))
			.saturating_add(per(m, 100_000, 32))
	}
	fn vote(m: u32) -> Weight {
		base(4, 1, RocksDbWeight::get()).saturating_add(per(m, 200_000, 64))
	}
	fn close(b: u32, m: u32) -> Weight {
		base(6, 4, RocksDbWeight::get())
			.saturating_add(per(b, 2_000, 1))
			.saturating_add(per(m, 200_000, 64))
	}
	fn join_senate(c: u32) -> Weight {
		base(6, 3, RocksDbWeight::get())
			.saturating_add(per(c, 3_000_000, 3_000))
			.saturating_add(RocksDbWeight::get().reads(4 * c as u64))
	}
	fn leave_senate(c: u32) -> Weight {
		Self::join_senate(c)
	}
	fn set_senate_size(c: u32) -> Weight {
		Self::join_senate(c)
	}
	fn set_parameter() -> Weight {
		base(0, 1, RocksDbWeight::get())
	}
	fn authorize_upgrade() -> Weight {
		base(0, 1, RocksDbWeight::get())
	}
	fn refresh_senate(c: u32) -> Weight {
		Self::join_senate(c)
	}
}
