//! Unit tests of the subnets pallet.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, BuildGenesisConfig},
};
use sp_runtime::DispatchError;

/// The owner hotkey each test coldkey registers its subnets with.
fn hotkey_of(owner: AccountId) -> AccountId {
	owner + 100
}

fn register(owner: AccountId) -> NetUid {
	assert_ok!(Subnets::register_network(RuntimeOrigin::signed(owner), hotkey_of(owner)));
	TotalNetworks::<Test>::get()
}

#[test]
fn registering_a_subnet_moves_the_lock_into_its_pool() {
	build_and_execute(|| {
		let issuance = Balances::total_issuance();
		assert_eq!(Subnets::lock_cost(), 1_000 * TAO);
		assert_ok!(Subnets::register_network(RuntimeOrigin::signed(1), hotkey_of(1)));
		assert_eq!(SubnetOwner::<Test>::get(1), Some(1));
		assert_eq!(pallet_dtao_staking::SubnetTao::<Test>::get(1), Some(1_000 * TAO));
		assert_eq!(Balances::balance(&Staking::pool_account(1)), 1_000 * TAO);
		assert_eq!(SubnetOwnerHotkey::<Test>::get(1), Some(101));
		assert_eq!(Staking::owner_of(&101), Some(1));
		assert_eq!(Keys::<Test>::get(1, 0), Some(101));
		assert_eq!(Balances::balance(&1), 9_000 * TAO);
		assert_eq!(Subnets::hyperparams(1), Some(DefaultHyperparams::get()));
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(
			subnet_events(),
			vec![Event::NetworkRegistered {
				netuid: 1,
				owner: 1,
				owner_hotkey: 101,
				locked: 1_000 * TAO
			}]
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
			Subnets::register_network(RuntimeOrigin::signed(5), hotkey_of(5)),
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
			Subnets::register_network(RuntimeOrigin::signed(4), hotkey_of(4)),
			Error::<Test>::SubnetLimitReached
		);
		// A dissolved subnet's netuid is reused once its pool has paid every position.
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(4), hotkey_of(2), 2, 10 * TAO));
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::root(), 2));
		assert!(<Staking as dtao_primitives::SubnetPools<_, _>>::is_closing(2));
		finish_closing_pools();
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
			Hyperparameter::MaxUids(63),  // below max_validators (64)
			Hyperparameter::MaxUids(257), // above MaxAllowedUids
			Hyperparameter::MinAllowedWeights(257),
			Hyperparameter::MaxWeightLimit(0),
			// One neuron: no weight vector could keep every share under half.
			Hyperparameter::MaxWeightLimit(u16::MAX / 2),
			Hyperparameter::ImmunityPeriod(MAX_IMMUNITY_PERIOD + 1),
			Hyperparameter::BondsMovingAverage(975_001), // owners stop at 975,000
			Hyperparameter::MinBurn(499_999),            // a burn must buy some alpha
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
			Hyperparameter::Tempo(MAX_TEMPO + 1),
			Hyperparameter::MaxValidators(0),
			Hyperparameter::MaxValidators(257),
			Hyperparameter::Kappa(MAX_KAPPA + 1),
			// At 1,000,000 new bonds would never form: validators would never be paid.
			Hyperparameter::BondsMovingAverage(1_000_000),
			// Above the activity cutoff (5,000): validators would fall inactive between sets.
			Hyperparameter::WeightsRateLimit(5_001),
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
		for bad in [0, 100_000 * TAO + 1] {
			assert_noop!(
				Subnets::set_network_min_lock(root.clone(), bad),
				Error::<Test>::ParameterOutOfRange
			);
		}
		for bad in [0, 201_601] {
			assert_noop!(
				Subnets::set_lock_reduction_interval(root.clone(), bad),
				Error::<Test>::ParameterOutOfRange
			);
		}
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
		let subnet = |owner: AccountId, lock| GenesisSubnet {
			owner,
			owner_hotkey: hotkey_of(owner),
			lock,
			tempo: None,
			neurons: vec![],
			weights: vec![],
		};
		GenesisConfig::<Test> { subnets: vec![subnet(1, 1_000 * TAO), subnet(2, 2_000 * TAO)] }
			.build();
		assert_eq!(TotalNetworks::<Test>::get(), 2);
		assert_eq!(pallet_dtao_staking::SubnetTao::<Test>::get(2), Some(2_000 * TAO));
		assert_eq!(Balances::balance(&2), 8_000 * TAO);
		Subnets::do_try_state().unwrap();
	});
}

mod neurons {
	use super::*;
	use dtao_primitives::SubnetNeurons;
	use frame_support::traits::fungible::Inspect;

	/// Subnet 1 of coldkey 1, with `max_uids` lowered to `max` by its owner.
	fn small_subnet(max: u16) -> NetUid {
		let netuid = register(1);
		assert_ok!(Subnets::set_hyperparameter_governed(
			RuntimeOrigin::root(),
			netuid,
			Hyperparameter::MaxValidators(1)
		));
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::signed(1),
			netuid,
			Hyperparameter::MaxUids(max)
		));
		netuid
	}

	fn burned_register(coldkey: AccountId, hotkey: AccountId) -> u16 {
		assert_ok!(Subnets::burned_register(RuntimeOrigin::signed(coldkey), 1, hotkey, 100 * TAO));
		Subnets::uid_of(1, &hotkey).unwrap()
	}

	#[test]
	fn registration_burns_through_the_pool_and_the_burn_rises_then_halves() {
		build_and_execute(|| {
			register(1);
			let issuance = Balances::total_issuance();
			let alpha_before = pallet_dtao_staking::SubnetAlphaIn::<Test>::get(1);
			assert_eq!(Subnets::burn(1), TAO);
			assert_noop!(
				Subnets::burned_register(RuntimeOrigin::signed(2), 1, 20, TAO - 1),
				Error::<Test>::BurnAboveLimit
			);
			assert_eq!(burned_register(2, 20), 1);
			assert_eq!(Balances::balance(&2), 10_000 * TAO - TAO);
			// The TAO stays in the pool; the alpha it bought is gone.
			assert_eq!(pallet_dtao_staking::SubnetTao::<Test>::get(1), Some(1_001 * TAO));
			assert!(pallet_dtao_staking::SubnetAlphaIn::<Test>::get(1) < alpha_before);
			assert_eq!(Balances::total_issuance(), issuance);
			assert_eq!(
				subnet_events().last(),
				Some(&Event::NeuronRegistered {
					netuid: 1,
					uid: 1,
					hotkey: 20,
					burned: TAO,
					replaced: None
				})
			);
			// +26 %, then half of it one half-life (360 blocks) later, a quarter after two,
			// and linearly in between.
			assert_eq!(Subnets::burn(1), 1_260_000_000);
			System::set_block_number(1 + 360);
			assert_eq!(Subnets::burn(1), 630_000_000);
			System::set_block_number(1 + 540);
			assert_eq!(Subnets::burn(1), 472_500_000);
			System::set_block_number(1 + 720);
			assert_eq!(Subnets::burn(1), 315_000_000);
			// Never below the subnet's min_burn.
			System::set_block_number(1 + 360 * 40);
			assert_eq!(Subnets::burn(1), 500_000);
		});
	}

	#[test]
	fn registration_is_refused_when_disabled_duplicate_or_not_owned() {
		build_and_execute(|| {
			register(1);
			assert_noop!(
				Subnets::burned_register(RuntimeOrigin::signed(2), 9, 20, TAO),
				Error::<Test>::SubnetNotFound
			);
			burned_register(2, 20);
			assert_noop!(
				Subnets::burned_register(RuntimeOrigin::signed(2), 1, 20, 100 * TAO),
				Error::<Test>::AlreadyRegistered
			);
			// Hotkey 101 is coldkey 1's.
			assert_noop!(
				Subnets::burned_register(RuntimeOrigin::signed(2), 1, 30, 0),
				Error::<Test>::BurnAboveLimit
			);
			assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(3), 30));
			assert_noop!(
				Subnets::burned_register(RuntimeOrigin::signed(2), 1, 30, 100 * TAO),
				Error::<Test>::NotHotkeyOwner
			);
			assert_ok!(Subnets::set_hyperparameter_governed(
				RuntimeOrigin::root(),
				1,
				Hyperparameter::RegistrationAllowed(false)
			));
			assert_noop!(
				Subnets::burned_register(RuntimeOrigin::signed(3), 1, 30, 100 * TAO),
				Error::<Test>::RegistrationDisabled
			);
		});
	}

	#[test]
	fn a_full_subnet_replaces_the_lowest_emission_non_immune_neuron_never_the_owner() {
		build_and_execute(|| {
			small_subnet(3);
			burned_register(2, 20);
			burned_register(3, 30);
			// Full, and everyone is immune for 4,096 blocks.
			assert_noop!(
				Subnets::burned_register(RuntimeOrigin::signed(4), 1, 40, 100 * TAO),
				Error::<Test>::NoNeuronToReplace
			);
			System::set_block_number(5_000);
			// The owner's neuron earned nothing but is never replaced; uid 2 earned less.
			<Subnets as SubnetNeurons<_, _>>::record_emission(1, vec![0, 7, 5]);
			assert_eq!(burned_register(4, 40), 2);
			assert_eq!(Subnets::uid_of(1, &30), None);
			assert!(matches!(
				subnet_events().last(),
				Some(Event::NeuronRegistered { uid: 2, replaced: Some(30), .. })
			));
			// The newcomer is immune: next comes uid 1.
			System::set_block_number(5_001);
			assert_eq!(burned_register(3, 30), 1);
			assert_eq!(SubnetworkN::<Test>::get(1), 3);
		});
	}

	#[test]
	fn weights_need_a_permit_and_pass_every_check() {
		build_and_execute(|| {
			small_subnet(8);
			let (v, m1, m2) =
				(burned_register(2, 20), burned_register(3, 30), burned_register(4, 40));
			let set = |hotkey, uids: Vec<u16>, weights: Vec<u16>| {
				Subnets::set_weights(RuntimeOrigin::signed(hotkey), 1, uids, weights)
			};
			assert_noop!(set(20, vec![m1], vec![1]), Error::<Test>::NoValidatorPermit);
			// A weight on itself alone needs no permit.
			assert_ok!(set(30, vec![m1], vec![1]));
			// The stake of 20's coldkey earns it the one permit (uid 0, the owner's, has one
			// regardless).
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 20, 1, 10 * TAO));
			Subnets::refresh_permits(1);
			assert_eq!(Subnets::validator_permits(1), vec![true, true, false, false]);
			assert_noop!(set(99, vec![m1], vec![1]), Error::<Test>::NotRegistered);
			assert_noop!(set(20, vec![m1, m2], vec![1]), Error::<Test>::WeightVecLengthMismatch);
			assert_noop!(set(20, vec![m1, m1], vec![1, 1]), Error::<Test>::DuplicateUids);
			assert_noop!(set(20, vec![m1, 9], vec![1, 1]), Error::<Test>::InvalidUid);
			assert_ok!(Subnets::set_hyperparameter(
				RuntimeOrigin::signed(1),
				1,
				Hyperparameter::MinAllowedWeights(2)
			));
			assert_noop!(set(20, vec![m1], vec![1]), Error::<Test>::TooFewWeights);
			assert_ok!(Subnets::set_hyperparameter(
				RuntimeOrigin::signed(1),
				1,
				Hyperparameter::MaxWeightLimit(32_768)
			));
			assert_noop!(set(20, vec![m1, m2], vec![3, 1]), Error::<Test>::MaxWeightExceeded);
			assert_ok!(set(20, vec![m1, m2], vec![1, 1]));
			assert_eq!(
				Weights::<Test>::get(1, v).into_inner(),
				vec![(m1, u16::MAX), (m2, u16::MAX)]
			);
			assert_eq!(subnet_events().last(), Some(&Event::WeightsSet { netuid: 1, uid: v }));
			// Rate limited: 100 blocks.
			assert_noop!(set(20, vec![m1, m2], vec![2, 1]), Error::<Test>::SettingWeightsTooFast);
			System::set_block_number(101);
			assert_ok!(Subnets::set_hyperparameter(
				RuntimeOrigin::signed(1),
				1,
				Hyperparameter::MaxWeightLimit(u16::MAX)
			));
			assert_ok!(set(20, vec![m1, m2], vec![2, 1]));
			assert_eq!(
				Weights::<Test>::get(1, v).into_inner(),
				vec![(m1, u16::MAX), (m2, u16::MAX / 2)]
			);
		});
	}

	#[test]
	fn dissolving_pays_every_stake_and_drops_the_neurons() {
		build_and_execute(|| {
			register(1);
			burned_register(2, 20);
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(3), 20, 1, 100 * TAO));
			let before = Balances::balance(&3);
			assert_ok!(Subnets::dissolve_network(RuntimeOrigin::root(), 1));
			finish_closing_pools();
			// Coldkey 3 gets its alpha's share of the pool back, less what the fee and the
			// pool's own alpha keep.
			let back = Balances::balance(&3) - before;
			assert!(back > 90 * TAO && back < 100 * TAO, "{back}");
			assert_eq!(Balances::balance(&Staking::pool_account(1)), 0);
			assert_eq!(SubnetworkN::<Test>::get(1), 0);
			assert_eq!(Keys::<Test>::iter_prefix(1).count(), 0);
			assert_eq!(Subnets::uid_of(1, &20), None);
		});
	}

	#[test]
	fn genesis_subnets_bring_neurons_stake_permits_and_weights() {
		let mut ext = new_test_ext();
		ext.execute_with(|| {
			GenesisConfig::<Test> {
				subnets: vec![GenesisSubnet {
					owner: 1,
					owner_hotkey: 101,
					lock: 1_000 * TAO,
					tempo: Some(10),
					neurons: vec![(2, 20, 100 * TAO), (3, 30, 0), (4, 40, 0)],
					weights: vec![(1, vec![(2, 3), (3, 1)])],
				}],
			}
			.build();
			assert_eq!(Subnets::hyperparams(1).unwrap().tempo, 10);
			assert_eq!(SubnetworkN::<Test>::get(1), 4);
			assert!(Staking::alpha_of(1, &20, &2) > 0);
			assert_eq!(Subnets::validator_permits(1), vec![true, true, false, false]);
			let neurons = <Subnets as SubnetNeurons<_, _>>::neurons(1);
			assert_eq!(neurons[1].weights, vec![(2, u16::MAX), (3, 21_845)]);
			Subnets::do_try_state().unwrap();
		});
	}
}
