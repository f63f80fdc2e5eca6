//! Unit tests of the subnets pallet.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, BuildGenesisConfig},
};
use sp_runtime::DispatchError;

fn register(owner: AccountId) -> NetUid {
	assert_ok!(Subnets::register_network(RuntimeOrigin::signed(owner)));
	TotalNetworks::<Test>::get()
}

#[test]
fn registering_a_subnet_moves_the_lock_into_its_pool() {
	build_and_execute(|| {
		let issuance = Balances::total_issuance();
		assert_eq!(Subnets::lock_cost(), 1_000 * TAO);
		assert_ok!(Subnets::register_network(RuntimeOrigin::signed(1)));
		assert_eq!(SubnetOwner::<Test>::get(1), Some(1));
		assert_eq!(SubnetTao::<Test>::get(1), 1_000 * TAO);
		assert_eq!(Balances::balance(&Subnets::subnet_account(1)), 1_000 * TAO);
		assert_eq!(Balances::balance(&1), 9_000 * TAO);
		assert_eq!(Subnets::hyperparams(1), Some(DefaultHyperparams::get()));
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(
			subnet_events(),
			vec![Event::NetworkRegistered { netuid: 1, owner: 1, locked: 1_000 * TAO }]
		);
	});
}

#[test]
fn lock_cost_doubles_then_decays_linearly_to_the_minimum() {
	build_and_execute(|| {
		register(1);
		// Right after a registration: twice the last lock.
		assert_eq!(Subnets::lock_cost(), 2_000 * TAO);
		// Half the reduction interval (100 blocks) later: 2,000 - 1,000/100 * 50.
		System::set_block_number(51);
		assert_eq!(Subnets::lock_cost(), 1_500 * TAO);
		assert_eq!(register(2), 2);
		assert_eq!(SubnetLocked::<Test>::get(2), 1_500 * TAO);
		assert_eq!(Subnets::lock_cost(), 3_000 * TAO);
		// Decayed below the minimum: the minimum.
		System::set_block_number(10_000);
		assert_eq!(Subnets::lock_cost(), 1_000 * TAO);
	});
}

#[test]
fn the_subnet_limit_and_the_owners_funds_bound_registration() {
	build_and_execute(|| {
		assert_noop!(
			Subnets::register_network(RuntimeOrigin::signed(5)),
			Error::<Test>::CannotAffordLock
		);
		System::set_block_number(1_000);
		register(1);
		System::set_block_number(2_000);
		register(2);
		System::set_block_number(3_000);
		register(3);
		System::set_block_number(4_000);
		assert_noop!(
			Subnets::register_network(RuntimeOrigin::signed(4)),
			Error::<Test>::SubnetLimitReached
		);
		// A dissolved subnet's netuid is reused.
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::root(), 2));
		assert_eq!(register(4), 3);
		assert_eq!(SubnetOwner::<Test>::get(2), Some(4));
	});
}

#[test]
fn owners_hand_subnets_over_and_only_owners() {
	build_and_execute(|| {
		register(1);
		assert_noop!(
			Subnets::transfer_ownership(RuntimeOrigin::signed(2), 1, 2),
			Error::<Test>::NotSubnetOwner
		);
		assert_noop!(
			Subnets::transfer_ownership(RuntimeOrigin::signed(1), 9, 2),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			Subnets::transfer_ownership(RuntimeOrigin::signed(1), 1, 1),
			Error::<Test>::AlreadyOwner
		);
		assert_ok!(Subnets::transfer_ownership(RuntimeOrigin::signed(1), 1, 2));
		assert_eq!(Subnets::owner(1), Some(2));
		// The old owner no longer sets anything.
		assert_noop!(
			Subnets::set_hyperparameter(
				RuntimeOrigin::signed(1),
				1,
				Hyperparameter::ImmunityPeriod(10)
			),
			Error::<Test>::NotSubnetOwner
		);
	});
}

#[test]
fn owners_set_owner_settable_hyperparameters_and_governance_sets_all() {
	build_and_execute(|| {
		register(1);
		let owner = RuntimeOrigin::signed(1);
		assert_ok!(Subnets::set_hyperparameter(
			owner.clone(),
			1,
			Hyperparameter::ImmunityPeriod(7)
		));
		assert_ok!(Subnets::set_hyperparameter(owner.clone(), 1, Hyperparameter::MinBurn(TAO / 2)));
		for governed in [
			Hyperparameter::Tempo(720),
			Hyperparameter::MaxValidators(32),
			Hyperparameter::Kappa(40_000),
			Hyperparameter::WeightsRateLimit(50),
			Hyperparameter::RegistrationAllowed(false),
		] {
			assert_noop!(
				Subnets::set_hyperparameter(owner.clone(), 1, governed.clone()),
				Error::<Test>::GovernanceOnly
			);
			assert_noop!(
				Subnets::set_hyperparameter_governed(owner.clone(), 1, governed.clone()),
				DispatchError::BadOrigin
			);
			assert_ok!(Subnets::set_hyperparameter_governed(RuntimeOrigin::root(), 1, governed));
		}
		let p = Subnets::hyperparams(1).unwrap();
		assert_eq!(
			(p.immunity_period, p.min_burn, p.registration_allowed, p.tempo, p.max_validators),
			(7, TAO / 2, false, 720, 32)
		);
		assert_eq!((p.kappa, p.weights_rate_limit), (40_000, 50));
		assert!(subnet_events().contains(&Event::HyperparameterSet {
			netuid: 1,
			value: Hyperparameter::Tempo(720),
			by_governance: true,
		}));
	});
}

#[test]
fn every_hyperparameter_setter_checks_its_bounds() {
	build_and_execute(|| {
		register(1);
		let owner = RuntimeOrigin::signed(1);

		for bad in [
			Hyperparameter::MaxUids(63),   // below max_validators (64)
			Hyperparameter::MaxUids(4097), // above MaxAllowedUids
			Hyperparameter::MinAllowedWeights(257),
			Hyperparameter::MaxWeightLimit(0),
			Hyperparameter::BondsMovingAverage(975_001), // owners stop at 975,000
			Hyperparameter::MinBurn(TAO),                // not below the upper bound
			Hyperparameter::MaxBurn(TAO / 10),           // not above the lower bound
			Hyperparameter::ActivityCutoff(359),
		] {
			assert_noop!(
				Subnets::set_hyperparameter(owner.clone(), 1, bad),
				Error::<Test>::HyperparameterOutOfBounds
			);
		}
		let root = RuntimeOrigin::root();
		for bad in [
			Hyperparameter::Tempo(0),
			Hyperparameter::MaxValidators(0),
			Hyperparameter::MaxValidators(257),
			Hyperparameter::BondsMovingAverage(1_000_001),
		] {
			assert_noop!(
				Subnets::set_hyperparameter_governed(root.clone(), 1, bad),
				Error::<Test>::HyperparameterOutOfBounds
			);
		}
		// Governance goes beyond the owner's cap on the bonds' moving average.
		assert_ok!(Subnets::set_hyperparameter_governed(
			root.clone(),
			1,
			Hyperparameter::BondsMovingAverage(990_000)
		));
		assert_noop!(
			Subnets::set_hyperparameter_governed(root, 2, Hyperparameter::Tempo(1)),
			Error::<Test>::SubnetNotFound
		);
	});
}

#[test]
fn only_governance_dissolves_and_the_pool_returns_to_the_owner() {
	build_and_execute(|| {
		register(1);
		assert_ok!(Subnets::transfer_ownership(RuntimeOrigin::signed(1), 1, 3));
		assert_noop!(
			Subnets::dissolve_network(RuntimeOrigin::signed(3), 1),
			DispatchError::BadOrigin
		);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::root(), 1));
		assert_eq!(Balances::balance(&3), 11_000 * TAO);
		assert!(!Subnets::exists(1));
		assert_eq!(TotalNetworks::<Test>::get(), 0);
		assert!(subnet_events().contains(&Event::NetworkDissolved {
			netuid: 1,
			owner: 3,
			returned: 1_000 * TAO
		}));
		assert_noop!(
			Subnets::dissolve_network(RuntimeOrigin::root(), 1),
			Error::<Test>::SubnetNotFound
		);
	});
}

#[test]
fn network_parameters_change_only_through_governance_within_bounds() {
	build_and_execute(|| {
		let signed = RuntimeOrigin::signed(1);
		assert_noop!(Subnets::set_subnet_limit(signed.clone(), 5), DispatchError::BadOrigin);
		assert_noop!(Subnets::set_network_min_lock(signed.clone(), TAO), DispatchError::BadOrigin);
		assert_noop!(Subnets::set_lock_reduction_interval(signed, 5), DispatchError::BadOrigin);
		let root = RuntimeOrigin::root();
		for bad in [0, 1025] {
			assert_noop!(
				Subnets::set_subnet_limit(root.clone(), bad),
				Error::<Test>::ParameterOutOfRange
			);
		}
		assert_noop!(
			Subnets::set_network_min_lock(root.clone(), 0),
			Error::<Test>::ParameterOutOfRange
		);
		assert_noop!(
			Subnets::set_lock_reduction_interval(root.clone(), 0),
			Error::<Test>::ParameterOutOfRange
		);
		assert_ok!(Subnets::set_subnet_limit(root.clone(), 128));
		assert_ok!(Subnets::set_network_min_lock(root.clone(), 10 * TAO));
		assert_ok!(Subnets::set_lock_reduction_interval(root, 7_200));
		assert_eq!(SubnetLimit::<Test>::get(), 128);
		assert_eq!(Subnets::lock_cost(), 10 * TAO);
		assert_eq!(LockReductionInterval::<Test>::get(), 7_200);
	});
}

#[test]
fn genesis_registers_subnets_from_their_owners_funds() {
	let mut ext = new_test_ext();
	ext.execute_with(|| {
		GenesisConfig::<Test> { subnets: vec![(1, 1_000 * TAO), (2, 2_000 * TAO)] }.build();
		assert_eq!(TotalNetworks::<Test>::get(), 2);
		assert_eq!(SubnetTao::<Test>::get(2), 2_000 * TAO);
		assert_eq!(Balances::balance(&2), 8_000 * TAO);
		Subnets::do_try_state().unwrap();
	});
}
