//! Benchmarks of the subnets pallet.

use super::*;
use crate::Pallet as Subnets;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_runtime::traits::Saturating;

/// A coldkey that can pay several lock costs.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let amount = Subnets::<T>::lock_cost().saturating_mul(100u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

/// A subnet owned by a funded coldkey, with room for one more under the limit.
fn subnet<T: Config>() -> (T::AccountId, NetUid) {
	SubnetLimit::<T>::put(T::MaxSubnetLimit::get());
	let owner = funded::<T>("owner");
	let hotkey: T::AccountId = account("owner-hotkey", 0, 0);
	let netuid = Subnets::<T>::do_register_network(&owner, &hotkey, Subnets::<T>::lock_cost())
		.expect("room and funds");
	(owner, netuid)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: the lowest free netuid lies after the registered ones.
	#[benchmark]
	fn register_network() {
		SubnetLimit::<T>::put(T::MaxSubnetLimit::get());
		let others: T::AccountId = account("others", 0, 0);
		// Every netuid but one is taken, those of genesis included.
		let count =
			T::MaxSubnetLimit::get().saturating_sub(1).saturating_sub(TotalNetworks::<T>::get());
		let needed = NetworkMinLock::<T>::get().saturating_mul((u32::from(count) + 2).into());
		T::Currency::set_balance(&others, needed);
		for i in 0..count {
			let hotkey: T::AccountId = account("others-hotkey", i.into(), 0);
			Subnets::<T>::do_register_network(&others, &hotkey, NetworkMinLock::<T>::get())
				.expect("room and funds");
		}
		let owner = funded::<T>("owner");
		let hotkey: T::AccountId = account("owner-hotkey", 0, 0);
		let netuid = (1..=NetUid::MAX).find(|n| !Subnets::<T>::exists(*n)).expect("a free netuid");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), hotkey);

		assert_eq!(Subnets::<T>::owner(netuid), Some(owner));
	}

	#[benchmark]
	fn transfer_ownership() {
		let (owner, netuid) = subnet::<T>();
		let new_owner: T::AccountId = account("new-owner", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), netuid, new_owner.clone());

		assert_eq!(Subnets::<T>::owner(netuid), Some(new_owner));
	}

	#[benchmark]
	fn set_hyperparameter() {
		let (owner, netuid) = subnet::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), netuid, Hyperparameter::ImmunityPeriod(7));

		assert_eq!(Subnets::<T>::hyperparams(netuid).map(|p| p.immunity_period), Some(7));
	}

	/// `n` neurons, each staked on by its own coldkey: every stake is paid out.
	#[benchmark]
	fn dissolve_network(
		n: Linear<1, { T::MaxAllowedUids::get().into() }>,
	) -> Result<(), BenchmarkError> {
		let (_, netuid) = subnet::<T>();
		Subnets::<T>::benchmark_fill(netuid, n as u16, true);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, netuid);

		assert!(!Subnets::<T>::exists(netuid));
		Ok(())
	}

	/// Worst case: the subnet is full and none is immune, so every neuron is a candidate.
	#[benchmark]
	fn burned_register() {
		let (_, netuid) = subnet::<T>();
		let p = Subnets::<T>::hyperparams(netuid).expect("registered");
		Subnets::<T>::benchmark_fill(netuid, p.max_uids, false);
		let later = frame_system::Pallet::<T>::block_number() + p.immunity_period.into();
		frame_system::Pallet::<T>::set_block_number(later);
		let coldkey = funded::<T>("coldkey");
		let hotkey: T::AccountId = account("hotkey", 0, 0);
		let max_burn = Subnets::<T>::burn(netuid);

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey), netuid, hotkey.clone(), max_burn);

		assert!(Subnets::<T>::uid_of(netuid, &hotkey).is_some());
	}

	/// The owner's neuron (it always holds a permit) weighs `n` neurons.
	#[benchmark]
	fn set_weights(n: Linear<1, { T::MaxAllowedUids::get().into() }>) {
		let (_, netuid) = subnet::<T>();
		Subnets::<T>::benchmark_fill(netuid, n as u16, false);
		Subnets::<T>::refresh_permits(netuid);
		let owner_hotkey = SubnetOwnerHotkey::<T>::get(netuid).expect("registered");
		let uids: Vec<u16> = (0..n as u16).collect();
		let weights: Vec<u16> = (0..n as u16).map(|u| u.saturating_add(1)).collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner_hotkey), netuid, uids, weights);

		assert_eq!(Weights::<T>::get(netuid, 0).len(), n as usize);
	}

	#[benchmark]
	fn set_network_parameter() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		set_subnet_limit(origin as T::RuntimeOrigin, 64);

		assert_eq!(SubnetLimit::<T>::get(), 64);
		Ok(())
	}

	impl_benchmark_test_suite!(Subnets, crate::mock::new_test_ext(), crate::mock::Test);
}
