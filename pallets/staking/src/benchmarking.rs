//! Benchmarks of the staking pallet.

use super::*;
use crate::Pallet as Staking;
use dtao_primitives::{SubnetPools, ROOT_NETUID};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_add(MinStake::<T>::get())
		.saturating_mul(1_000u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

/// Opens pools for netuids that no genesis uses, funded by a fresh owner.
fn pool<T: Config>(netuid: NetUid) {
	let owner = funded::<T>("owner", netuid.into());
	let lock = MinStake::<T>::get().saturating_mul(100u32.into());
	<Staking<T> as SubnetPools<_, _>>::open_pool(netuid, &owner, lock).expect("funded owner");
}

/// A root position of `staker` on `hotkey` that is owed root dividends.
fn owed_root_position<T: Config>(staker: &T::AccountId, hotkey: &T::AccountId) {
	let amount = MinStake::<T>::get().saturating_mul(10u32.into());
	Staking::<T>::do_add_stake(staker, hotkey, amount).expect("funded");
	T::Currency::set_balance(
		&Staking::<T>::root_dividend_account(),
		T::Currency::minimum_balance().saturating_add(amount),
	);
	RootDividendIndex::<T>::insert(hotkey, crate::pools::ROOT_INDEX_UNIT / 2);
	// Held long enough to leave.
	RootStakeAddedAt::<T>::remove(hotkey, staker);
	assert!(!Staking::<T>::root_dividends_owed(hotkey, staker).is_zero());
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

	// On a subnet, through its pool: heavier than root stake.
	#[benchmark]
	fn add_stake() {
		let (_, hotkey) = registered::<T>();
		let staker = funded::<T>("staker", 0);
		pool::<T>(1000);
		let amount = MinStake::<T>::get().saturating_mul(2u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), hotkey.clone(), 1000, amount);

		assert!(!Staking::<T>::alpha_of(1000, &hotkey, &staker).is_zero());
	}

	#[benchmark]
	fn remove_stake() {
		let (_, hotkey) = registered::<T>();
		let staker = funded::<T>("staker", 0);
		pool::<T>(1000);
		let amount = MinStake::<T>::get().saturating_mul(2u32.into());
		let (alpha, _) =
			Staking::<T>::do_stake(&staker, &hotkey, 1000, amount, None).expect("funded");

		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), hotkey.clone(), 1000, alpha);

		assert!(Staking::<T>::alpha_of(1000, &hotkey, &staker).is_zero());
	}

	// Between subnets, through both pools.
	#[benchmark]
	fn move_stake() {
		let (_, hotkey) = registered::<T>();
		let staker = funded::<T>("staker", 0);
		pool::<T>(1000);
		pool::<T>(1001);
		let amount = MinStake::<T>::get().saturating_mul(20u32.into());
		let (alpha, _) =
			Staking::<T>::do_stake(&staker, &hotkey, 1000, amount, None).expect("funded");

		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), hotkey.clone(), hotkey.clone(), 1000, 1001, alpha);

		assert!(!Staking::<T>::alpha_of(1001, &hotkey, &staker).is_zero());
	}

	// On root, with dividends owed: they are paid before the stake changes.
	#[benchmark]
	fn add_root_stake() {
		let (_, hotkey) = registered::<T>();
		let staker = funded::<T>("staker", 0);
		owed_root_position::<T>(&staker, &hotkey);
		let amount = MinStake::<T>::get().saturating_mul(2u32.into());

		#[extrinsic_call]
		add_stake(RawOrigin::Signed(staker.clone()), hotkey.clone(), ROOT_NETUID, amount);

		assert!(Staking::<T>::root_dividends_owed(&hotkey, &staker).is_zero());
	}

	#[benchmark]
	fn remove_root_stake() {
		let (_, hotkey) = registered::<T>();
		let staker = funded::<T>("staker", 0);
		owed_root_position::<T>(&staker, &hotkey);
		let amount = Stake::<T>::get(&hotkey, &staker);

		#[extrinsic_call]
		remove_stake(RawOrigin::Signed(staker.clone()), hotkey.clone(), ROOT_NETUID, amount);

		assert!(Stake::<T>::get(&hotkey, &staker).is_zero());
	}

	#[benchmark]
	fn claim_root_dividends() {
		let (_, hotkey) = registered::<T>();
		let staker = funded::<T>("staker", 0);
		owed_root_position::<T>(&staker, &hotkey);

		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), hotkey.clone());

		assert!(Staking::<T>::root_dividends_owed(&hotkey, &staker).is_zero());
	}

	// `n` positions of a closed pool, each on its own hotkey, paid in one block, with their
	// hotkeys' totals dropped and the owner paid when they are fewer than the block's limit.
	#[benchmark]
	fn pay_out_closing_pool(n: Linear<1, { T::MaxPoolPayoutsPerBlock::get() }>) {
		pool::<T>(1000);
		for i in 0..n {
			let staker = funded::<T>("staker", i);
			let hotkey: T::AccountId = account("hotkey", i, 0);
			Staking::<T>::do_register_hotkey(&staker, &hotkey).expect("fresh hotkey");
			let amount = MinStake::<T>::get().saturating_mul(2u32.into());
			Staking::<T>::do_stake(&staker, &hotkey, 1000, amount, None).expect("funded");
		}
		let owner = funded::<T>("owner", 1000);
		<Staking<T> as SubnetPools<_, _>>::close_pool(1000, &owner).expect("open pool");
		let pool = ClosingPools::<T>::get(1000).expect("closing");

		#[block]
		{
			Staking::<T>::pay_out_closing_pool(1000, pool);
		}

		assert_eq!(AlphaShares::<T>::iter_prefix((1000,)).count(), 0);
	}

	#[benchmark]
	fn set_swap_fee() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let fee = T::MaxSwapFee::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, fee);

		assert_eq!(SwapFee::<T>::get(), fee);
		Ok(())
	}

	#[benchmark]
	fn set_tao_weight() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let weight = Perbill::from_percent(50);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, weight);

		assert_eq!(TaoWeight::<T>::get(), weight);
		Ok(())
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
