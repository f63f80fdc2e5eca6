//! Benchmarks of the staking pallet.

use super::*;
use crate::Pallet as Staking;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use sp_runtime::{traits::Saturating, Perbill};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_add(MinStake::<T>::get())
		.saturating_mul(1_000u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

fn registered<T: Config>() -> (T::AccountId, T::AccountId) {
	let coldkey = funded::<T>("coldkey", 0);
	let hotkey: T::AccountId = account("hotkey", 0, 0);
	Staking::<T>::do_register_hotkey(&coldkey, &hotkey).expect("fresh hotkey");
	(coldkey, hotkey)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_hotkey() {
		let coldkey = funded::<T>("coldkey", 0);
		let hotkey: T::AccountId = account("hotkey", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey.clone()), hotkey.clone());

		assert_eq!(Owner::<T>::get(&hotkey), Some(coldkey));
	}

	#[benchmark]
	fn become_delegate() {
		let (coldkey, hotkey) = registered::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey), hotkey.clone(), None);

		assert!(Delegates::<T>::contains_key(&hotkey));
	}

	#[benchmark]
	fn set_take() {
		let (coldkey, hotkey) = registered::<T>();
		Staking::<T>::do_become_delegate(&coldkey, &hotkey, T::DefaultTake::get())
			.expect("within the maximum");
		let take = Perbill::from_percent(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey), hotkey.clone(), take);

		assert_eq!(Delegates::<T>::get(&hotkey), Some(take));
	}

	#[benchmark]
	fn add_stake() {
		let (_, hotkey) = registered::<T>();
		let staker = funded::<T>("staker", 0);
		let amount = MinStake::<T>::get().saturating_mul(2u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), hotkey.clone(), amount);

		assert_eq!(Stake::<T>::get(&hotkey, &staker), amount);
	}

	#[benchmark]
	fn remove_stake() {
		let (_, hotkey) = registered::<T>();
		let staker = funded::<T>("staker", 0);
		let amount = MinStake::<T>::get().saturating_mul(2u32.into());
		Staking::<T>::do_add_stake(&staker, &hotkey, amount).expect("funded");

		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), hotkey.clone(), amount);

		assert!(!Stake::<T>::contains_key(&hotkey, &staker));
	}

	#[benchmark]
	fn set_min_stake() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let amount: BalanceOf<T> = 7u32.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, amount);

		assert_eq!(MinStake::<T>::get(), amount);
		Ok(())
	}

	#[benchmark]
	fn set_max_delegate_take() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let take = Perbill::from_percent(10);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, take);

		assert_eq!(MaxDelegateTake::<T>::get(), take);
		Ok(())
	}

	impl_benchmark_test_suite!(Staking, crate::mock::new_test_ext(), crate::mock::Test);
}
