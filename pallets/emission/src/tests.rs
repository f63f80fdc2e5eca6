//! Unit tests of the emission pallet, over the real staking and subnets pallets.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use pallet_dtao_subnets::{GenesisSubnet, Hyperparameter};
use sp_runtime::{DispatchError, Perbill};

fn alpha(hotkey: AccountId, coldkey: AccountId) -> Balance {
	Staking::alpha_of(1, &hotkey, &coldkey)
}

#[test]
fn the_block_emission_halves_as_issuance_crosses_each_half_of_what_is_left() {
	build_and_execute(vec![], || {
		let at = |tao: u64| Emission::emission_at(tao * TAO);
		assert_eq!(at(0), TAO);
		assert_eq!(at(10_499_999), TAO);
		assert_eq!(at(10_500_000), TAO / 2);
		assert_eq!(at(15_749_999), TAO / 2);
		assert_eq!(at(15_750_000), TAO / 4);
		assert_eq!(at(18_375_000), TAO / 8);
		// One TAO short of the cap: 24 halvings.
		assert_eq!(Emission::emission_at(21_000_000 * TAO - TAO), TAO >> 24);
		assert_eq!(at(21_000_000), 0);
		assert_eq!(at(30_000_000), 0);
	});
}

#[test]
fn each_block_mints_the_emission_into_the_pool_and_accrues_alpha() {
	build_and_execute(vec![subnet(1, 1_000 * TAO)], || {
		let issuance = Balances::total_issuance();
		let pool = pallet_dtao_staking::SubnetTao::<Test>::get(1).unwrap();
		let alpha_in = pallet_dtao_staking::SubnetAlphaIn::<Test>::get(1);
		run_to_block(5);
		assert_eq!(Balances::total_issuance(), issuance + 5 * TAO);
		assert_eq!(TotalEmitted::<Test>::get(), 5 * TAO);
		assert_eq!(pallet_dtao_staking::SubnetTao::<Test>::get(1), Some(pool + 5 * TAO));
		// Alpha enters the pool at the spot price, slightly above one after the validator's
		// stake: less than one alpha per TAO.
		let added = pallet_dtao_staking::SubnetAlphaIn::<Test>::get(1) - alpha_in;
		assert!(added > 4 * TAO && added < 5 * TAO, "{added}");
		assert_eq!(PendingEmission::<Test>::get(1), 4_100_000_000);
		assert_eq!(PendingOwnerCut::<Test>::get(1), 900_000_000);
		assert!(MovingPrice::<Test>::get(1) > sp_arithmetic::FixedU128::from_inner(0));
	});
}

#[test]
fn an_epoch_pays_the_owner_cut_then_miners_by_incentive_and_validators_by_dividends() {
	build_and_execute(vec![subnet(1, 1_000 * TAO)], || {
		let validator = alpha(20, 2);
		// Tempo 9, netuid 1: the first epoch runs at block 8, paying 8 blocks of alpha.
		run_to_block(7);
		assert!(LastEpoch::<Test>::get(1).is_none());
		run_to_block(8);
		assert_eq!(LastEpoch::<Test>::get(1), Some(8));
		assert_eq!(PendingEmission::<Test>::get(1), 0);
		assert_eq!(
			emission_events().last(),
			Some(&Event::EpochRun {
				netuid: 1,
				neurons: 4,
				owner_cut: 1_440_000_000,
				to_miners: 3_280_000_000,
				to_validators: 3_280_000_000,
				carried: 0,
			})
		);
		// The owner's hotkey 101 is coldkey 1's; the miners weighted 3:1 get 75 % and 25 %.
		assert_eq!(alpha(101, 1), 1_440_000_000);
		assert_eq!(alpha(30, 3), 2_460_000_000);
		assert_eq!(alpha(40, 4), 820_000_000);
		// The validator's coldkey is its only nominator: take and rest are both its.
		assert!(alpha(20, 2).abs_diff(validator + 3_280_000_000) <= 2);
		assert_eq!(
			Incentive::<Test>::get(1).into_inner(),
			vec![
				Perbill::zero(),
				Perbill::zero(),
				Perbill::from_percent(75),
				Perbill::from_percent(25)
			]
		);
		assert_eq!(Dividends::<Test>::get(1)[1], Perbill::one());
		assert_eq!(Bonds::<Test>::get(1, 1).len(), 2);
		// The next epoch is ten blocks later.
		run_to_block(18);
		assert_eq!(LastEpoch::<Test>::get(1), Some(18));
		// Ten blocks of alpha: 8.2 after the cut, half of it to miners, 75 % of that.
		assert_eq!(alpha(30, 3), 2_460_000_000 + 3_075_000_000);
	});
}

#[test]
fn without_weights_only_the_owner_is_paid_and_the_rest_waits() {
	let mut quiet = subnet(1, 1_000 * TAO);
	quiet.weights.clear();
	build_and_execute(vec![quiet], || {
		run_to_block(8);
		assert!(matches!(
			emission_events().last(),
			Some(Event::EpochRun {
				owner_cut: 1_440_000_000,
				to_miners: 0,
				to_validators: 0,
				carried: 6_560_000_000,
				..
			})
		));
		assert_eq!(PendingEmission::<Test>::get(1), 6_560_000_000);
		// Weights arrive: the next epoch pays what waited as well.
		assert_ok!(pallet_dtao_subnets::Pallet::<Test>::set_weights(
			RuntimeOrigin::signed(20),
			1,
			vec![2],
			vec![1]
		));
		run_to_block(18);
		// 10 more blocks: 8.2 alpha after the cut; plus the 6.56 carried, half to the miner.
		assert_eq!(alpha(30, 3), (6_560_000_000 + 8_200_000_000) / 2);
	});
}

#[test]
fn a_higher_priced_subnet_receives_more_tao() {
	build_and_execute(vec![subnet(1, 1_000 * TAO), subnet(3, 1_000 * TAO)], || {
		// Buying into subnet 2 raises its price well above subnet 1's.
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(4), 20, 2, 3_000 * TAO));
		let tao = |n| pallet_dtao_staking::SubnetTao::<Test>::get(n).unwrap();
		let (one, two) = (tao(1), tao(2));
		run_to_block(50);
		let (got_one, got_two) = (tao(1) - one, tao(2) - two);
		assert_eq!(got_one + got_two, 50 * TAO - (50 * TAO - got_one - got_two));
		assert!(got_two > 5 * got_one, "{got_one} vs {got_two}");
		// Shares follow the moving prices.
		let (m1, m2) = (MovingPrice::<Test>::get(1), MovingPrice::<Test>::get(2));
		assert!(m2 > m1);
	});
}

#[test]
fn a_tempo_change_takes_effect_at_the_next_epoch() {
	build_and_execute(vec![subnet(1, 1_000 * TAO)], || {
		run_to_block(8);
		assert_ok!(Subnets::set_hyperparameter_governed(
			RuntimeOrigin::root(),
			1,
			Hyperparameter::Tempo(4)
		));
		// With tempo 4 the epochs of netuid 1 fall on blocks b with (b + 2) % 5 == 0.
		run_to_block(12);
		assert_eq!(LastEpoch::<Test>::get(1), Some(8));
		run_to_block(13);
		assert_eq!(LastEpoch::<Test>::get(1), Some(13));
	});
}

#[test]
fn epochs_are_staggered_by_netuid() {
	build_and_execute(vec![subnet(1, 1_000 * TAO), subnet(3, 1_000 * TAO)], || {
		run_to_block(8);
		assert_eq!(LastEpoch::<Test>::get(1), Some(8));
		assert_eq!(LastEpoch::<Test>::get(2), Some(7));
		assert_eq!(Emission::blocks_until_epoch(2, 9, 8), 9);
	});
}

#[test]
fn dissolving_a_subnet_drops_its_emission_state() {
	build_and_execute(vec![subnet(1, 1_000 * TAO)], || {
		run_to_block(9);
		assert!(PendingEmission::<Test>::get(1) > 0);
		assert_ok!(Subnets::dissolve_network(RuntimeOrigin::root(), 1));
		assert_eq!(PendingEmission::<Test>::get(1), 0);
		assert!(!MovingPrice::<Test>::contains_key(1));
		assert_eq!(Bonds::<Test>::iter_prefix(1).count(), 0);
		run_to_block(12);
	});
}

#[test]
fn owner_cut_and_price_smoothing_are_governed() {
	build_and_execute(vec![], || {
		for origin in [RuntimeOrigin::signed(1), RuntimeOrigin::none()] {
			assert_noop!(
				Emission::set_subnet_owner_cut(origin.clone(), Perbill::from_percent(5)),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Emission::set_price_smoothing(origin, Perbill::from_percent(5)),
				DispatchError::BadOrigin
			);
		}
		assert_noop!(
			Emission::set_price_smoothing(RuntimeOrigin::root(), Perbill::zero()),
			Error::<Test>::ParameterOutOfRange
		);
		assert_ok!(Emission::set_subnet_owner_cut(RuntimeOrigin::root(), Perbill::from_percent(5)));
		assert_ok!(Emission::set_price_smoothing(RuntimeOrigin::root(), Perbill::from_percent(5)));
		assert_eq!(SubnetOwnerCut::<Test>::get(), Perbill::from_percent(5));
		assert_eq!(PriceSmoothing::<Test>::get(), Perbill::from_percent(5));
	});
}

#[test]
fn no_more_epochs_run_in_a_block_than_the_limit() {
	// Tempos 11, 12 and 13 make netuids 1, 2 and 3 all due at block 10; two run there, the
	// third in the next block.
	let subnets = [11, 12, 13]
		.into_iter()
		.zip(1u64..)
		.map(|(tempo, owner)| GenesisSubnet { tempo: Some(tempo), ..subnet(owner, 1_000 * TAO) })
		.collect();
	build_and_execute(subnets, || {
		run_to_block(10);
		assert_eq!(LastEpoch::<Test>::get(1), Some(10));
		assert_eq!(LastEpoch::<Test>::get(2), Some(10));
		assert_eq!(LastEpoch::<Test>::get(3), None);
		assert_eq!(EpochQueue::<Test>::get().into_inner(), vec![3]);
		run_to_block(11);
		assert_eq!(LastEpoch::<Test>::get(3), Some(11));
		assert!(EpochQueue::<Test>::get().is_empty());
	});
}

#[test]
fn the_owner_cut_and_price_smoothing_have_bounds() {
	build_and_execute(vec![subnet(1, 1_000 * TAO)], || {
		let root = RuntimeOrigin::root();
		assert_noop!(
			Emission::set_subnet_owner_cut(root.clone(), Perbill::from_percent(51)),
			Error::<Test>::ParameterOutOfRange
		);
		for smoothing in
			[Perbill::zero(), Perbill::from_parts(9_999_999), Perbill::from_percent(11)]
		{
			assert_noop!(
				Emission::set_price_smoothing(root.clone(), smoothing),
				Error::<Test>::ParameterOutOfRange
			);
		}
		assert_ok!(Emission::set_subnet_owner_cut(root.clone(), MAX_OWNER_CUT));
		assert_ok!(Emission::set_price_smoothing(root, Perbill::from_percent(10)));
	});
}
