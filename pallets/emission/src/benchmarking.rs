//! Benchmarks of the emission pallet: its setters, a block's emission over `s` subnets, and
//! an epoch of `n` neurons with `v` validators each weighing all of them.

use super::*;
use crate::Pallet as Emission;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use sp_runtime::{traits::Zero, Perbill};

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_parameter() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cut = Perbill::from_percent(10);

		#[extrinsic_call]
		set_subnet_owner_cut(origin as T::RuntimeOrigin, cut);

		assert_eq!(SubnetOwnerCut::<T>::get(), cut);
		Ok(())
	}

	/// One block's emission into `s` new subnets (besides any at genesis), epochs aside.
	#[benchmark]
	fn block_emission(s: Linear<1, 128>) {
		for _ in 0..s {
			T::BenchmarkHelper::subnet(1, 1);
		}
		let now = frame_system::Pallet::<T>::block_number() + 1u32.into();

		#[block]
		{
			Emission::<T>::emit(now);
		}

		assert!(!TotalEmitted::<T>::get().is_zero() || Emission::<T>::block_emission().is_zero());
	}

	/// The epoch of a subnet of `n` neurons, `v` of them validators weighing all `n`.
	#[benchmark]
	fn epoch(n: Linear<1, { T::MaxUids::get() }>, v: Linear<1, 64>) {
		let v = v.min(n);
		let netuid = T::BenchmarkHelper::subnet(n as u16, v as u16);
		let now = frame_system::Pallet::<T>::block_number() + 1u32.into();
		PendingEmission::<T>::insert(netuid, T::InitialBlockEmission::get());

		#[block]
		{
			Emission::<T>::run_epoch(netuid, now);
		}

		assert_eq!(LastEpoch::<T>::get(netuid), Some(now));
	}

	impl_benchmark_test_suite!(
		Emission,
		crate::mock::new_test_ext(alloc::vec![]),
		crate::mock::Test
	);
}
