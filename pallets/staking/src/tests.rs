//! Unit tests of the staking pallet.

use crate::{mock::*, Error, Event, HoldReason, MaxDelegateTake, MinStake, Stake};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::{DispatchError, Perbill};

#[test]
fn register_hotkey_works_once() {
	build_and_execute(|| {
		assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(2), 20));
		assert_eq!(Staking::owner_of(&20), Some(2));
		assert_eq!(
			staking_events().last(),
			Some(&Event::HotkeyRegistered { coldkey: 2, hotkey: 20 })
		);
		assert_noop!(
			Staking::register_hotkey(RuntimeOrigin::signed(3), 20),
			Error::<Test>::HotkeyAlreadyRegistered
		);
	});
}

#[test]
fn become_delegate_defaults_to_max_take_and_rejects_more() {
	build_and_execute(|| {
		assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(2), 20));
		assert_noop!(
			Staking::become_delegate(RuntimeOrigin::signed(3), 20, None),
			Error::<Test>::NotHotkeyOwner
		);
		assert_noop!(
			Staking::become_delegate(RuntimeOrigin::signed(2), 20, Some(Perbill::from_percent(19))),
			Error::<Test>::TakeTooHigh
		);
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(2), 20, None));
		assert_eq!(crate::Delegates::<Test>::get(20), Some(Perbill::from_percent(18)));
		assert!(Staking::is_delegate(&20));
		assert_noop!(
			Staking::become_delegate(RuntimeOrigin::signed(2), 20, None),
			Error::<Test>::AlreadyDelegate
		);
		assert_noop!(
			Staking::become_delegate(RuntimeOrigin::signed(2), 21, None),
			Error::<Test>::HotkeyNotRegistered
		);
	});
}

#[test]
fn set_take_stays_within_the_maximum() {
	build_and_execute(|| {
		assert_ok!(Staking::set_take(RuntimeOrigin::signed(1), 10, Perbill::from_percent(9)));
		assert_eq!(crate::Delegates::<Test>::get(10), Some(Perbill::from_percent(9)));
		assert_noop!(
			Staking::set_take(RuntimeOrigin::signed(1), 10, Perbill::from_percent(30)),
			Error::<Test>::TakeTooHigh
		);
		assert_noop!(
			Staking::set_take(RuntimeOrigin::signed(2), 10, Perbill::from_percent(1)),
			Error::<Test>::NotHotkeyOwner
		);
		assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(2), 20));
		assert_noop!(
			Staking::set_take(RuntimeOrigin::signed(2), 20, Perbill::from_percent(1)),
			Error::<Test>::NotDelegate
		);
	});
}

#[test]
fn add_stake_holds_funds_and_conserves_issuance() {
	build_and_execute(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 100 * TAO));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(3), 10, 0, 50 * TAO));
		assert_eq!(Stake::<Test>::get(10, 2), 100 * TAO);
		assert_eq!(Staking::hotkey_stake(&10), 150 * TAO);
		assert_eq!(Staking::total_stake(), 150 * TAO);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Staked.into(), &2), 100 * TAO);
		assert_eq!(Balances::balance(&2), 900 * TAO);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(
			staking_events().last(),
			Some(&Event::StakeAdded {
				coldkey: 3,
				hotkey: 10,
				amount: 50 * TAO,
				hotkey_total: 150 * TAO
			})
		);
	});
}

#[test]
fn add_stake_rejects_bad_input() {
	build_and_execute(|| {
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(2), 99, 0, TAO),
			Error::<Test>::HotkeyNotRegistered
		);
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, TAO / 2),
			Error::<Test>::StakeBelowMinimum
		);
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 2_000 * TAO),
			Error::<Test>::InsufficientBalance
		);
		// An account with no funds at all.
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(7), 10, 0, TAO),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn remove_stake_releases_exactly_what_was_held() {
	build_and_execute(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 100 * TAO));
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0, 40 * TAO));
		assert_eq!(Stake::<Test>::get(10, 2), 60 * TAO);
		assert_eq!(Balances::balance(&2), 940 * TAO);
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0, 60 * TAO));
		assert!(!Stake::<Test>::contains_key(10, 2));
		assert_eq!(Staking::hotkey_stake(&10), 0);
		assert_eq!(Balances::balance(&2), 1_000 * TAO);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Staked.into(), &2), 0);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn remove_stake_rejects_too_much_and_dust() {
	build_and_execute(|| {
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 10 * TAO));
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0, 11 * TAO),
			Error::<Test>::NotEnoughStake
		);
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(3), 10, 0, TAO),
			Error::<Test>::NotEnoughStake
		);
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0, 10 * TAO - 1),
			Error::<Test>::StakeBelowMinimum
		);
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0, 0),
			Error::<Test>::ZeroAmount
		);
	});
}

#[test]
fn held_stake_cannot_be_transferred() {
	build_and_execute(|| {
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 900 * TAO));
		assert!(Balances::transfer_allow_death(RuntimeOrigin::signed(2), 3, 200 * TAO).is_err());
		assert_eq!(Balances::balance(&3), 1_000 * TAO);
	});
}

#[test]
fn governed_parameters_refuse_signed_origins() {
	build_and_execute(|| {
		assert_noop!(
			Staking::set_min_stake(RuntimeOrigin::signed(1), 5 * TAO),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Staking::set_max_delegate_take(RuntimeOrigin::signed(1), Perbill::from_percent(50)),
			DispatchError::BadOrigin
		);
		assert_ok!(Staking::set_min_stake(RuntimeOrigin::root(), 5 * TAO));
		assert_eq!(MinStake::<Test>::get(), 5 * TAO);
		assert_ok!(Staking::set_max_delegate_take(
			RuntimeOrigin::root(),
			Perbill::from_percent(10)
		));
		assert_eq!(MaxDelegateTake::<Test>::get(), Perbill::from_percent(10));
		assert_eq!(
			staking_events().last(),
			Some(&Event::MaxDelegateTakeSet { take: Perbill::from_percent(10) })
		);
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 4 * TAO),
			Error::<Test>::StakeBelowMinimum
		);
	});
}

mod pools {
	use super::*;
	use crate::{
		AlphaShares, SubnetAlphaIn, SubnetAlphaOut, SubnetTao, SwapFee, TaoWeight, TotalHotkeyAlpha,
	};
	use dtao_primitives::SubnetPools;
	use frame_support::traits::fungible::Mutate;

	/// Alpha a 10 TAO stake buys from a fresh 100 TAO / 100 alpha pool at a 0.05 % fee:
	/// 100·9.995 / (100 + 9.995), in rao.
	const ALPHA_FOR_10_TAO: u64 = 9_086_776_671;

	/// Opens subnet 1's pool with 100 TAO of coldkey 4.
	fn open() {
		assert_ok!(<Staking as SubnetPools<_, _>>::open_pool(1, &4, 100 * TAO));
	}

	#[test]
	fn stake_on_a_subnet_swaps_through_its_pool_and_back() {
		build_and_execute(|| {
			open();
			let issuance = Balances::total_issuance();
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 1, 10 * TAO));
			assert_eq!(Staking::alpha_of(1, &10, &2), ALPHA_FOR_10_TAO);
			assert_eq!(SubnetTao::<Test>::get(1), Some(110 * TAO));
			assert_eq!(SubnetAlphaIn::<Test>::get(1), 100 * TAO - ALPHA_FOR_10_TAO);
			assert_eq!(SubnetAlphaOut::<Test>::get(1), ALPHA_FOR_10_TAO);
			assert_eq!(Balances::balance(&Staking::pool_account(1)), 110 * TAO);
			assert_eq!(
				staking_events().last(),
				Some(&Event::AlphaStakeAdded {
					coldkey: 2,
					hotkey: 10,
					netuid: 1,
					tao: 10 * TAO,
					alpha: ALPHA_FOR_10_TAO,
					fee: 5_000_000,
				})
			);

			// Selling it all back: 110·α / (100 − α + α) less the 0.05 % fee.
			assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(2), 10, 1, ALPHA_FOR_10_TAO));
			let received = 9_990_456_611;
			assert_eq!(Balances::balance(&2), 1_000 * TAO - 10 * TAO + received);
			assert_eq!(Staking::alpha_of(1, &10, &2), 0);
			assert!(!AlphaShares::<Test>::contains_key((1, 10, 2)));
			assert_eq!(SubnetAlphaIn::<Test>::get(1), 100 * TAO);
			assert_eq!(SubnetAlphaOut::<Test>::get(1), 0);
			// The round trip cost the staker its fees and slippage; the pool kept them.
			assert_eq!(SubnetTao::<Test>::get(1), Some(110 * TAO - received));
			assert_eq!(Balances::total_issuance(), issuance);
		});
	}

	#[test]
	fn subnet_stake_is_refused_without_a_pool_or_below_the_minimum() {
		build_and_execute(|| {
			assert_noop!(
				Staking::add_stake(RuntimeOrigin::signed(2), 10, 1, 10 * TAO),
				Error::<Test>::SubnetNotFound
			);
			open();
			assert_noop!(
				Staking::add_stake(RuntimeOrigin::signed(2), 10, 1, TAO / 2),
				Error::<Test>::StakeBelowMinimum
			);
			assert_noop!(
				Staking::add_stake(RuntimeOrigin::signed(2), 99, 1, 10 * TAO),
				Error::<Test>::HotkeyNotRegistered
			);
			assert_noop!(
				Staking::remove_stake(RuntimeOrigin::signed(2), 10, 1, 1),
				Error::<Test>::NotEnoughStake
			);
		});
	}

	#[test]
	fn limit_prices_are_never_filled_worse() {
		build_and_execute(|| {
			open();
			// 10 TAO for 9.0868 alpha is 1.1005 TAO per alpha on average.
			assert_noop!(
				Staking::add_stake_limit(RuntimeOrigin::signed(2), 10, 1, 10 * TAO, 1_100_000_000),
				Error::<Test>::PriceLimitExceeded
			);
			assert_ok!(Staking::add_stake_limit(
				RuntimeOrigin::signed(2),
				10,
				1,
				10 * TAO,
				1_100_600_000
			));
			// Selling back gets 1.0995 TAO per alpha on average.
			assert_noop!(
				Staking::remove_stake_limit(
					RuntimeOrigin::signed(2),
					10,
					1,
					ALPHA_FOR_10_TAO,
					1_100_000_000
				),
				Error::<Test>::PriceLimitExceeded
			);
			assert_ok!(Staking::remove_stake_limit(
				RuntimeOrigin::signed(2),
				10,
				1,
				ALPHA_FOR_10_TAO,
				1_099_000_000
			));
		});
	}

	#[test]
	fn move_stake_between_hotkeys_keeps_alpha_and_between_subnets_swaps() {
		build_and_execute(|| {
			open();
			assert_ok!(<Staking as SubnetPools<_, _>>::open_pool(2, &3, 100 * TAO));
			assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(3), 30));
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 1, 10 * TAO));

			assert_ok!(Staking::move_stake(RuntimeOrigin::signed(2), 10, 30, 1, 1, 1_000));
			assert_eq!(Staking::alpha_of(1, &30, &2), 1_000);
			assert_eq!(Staking::alpha_of(1, &10, &2), ALPHA_FOR_10_TAO - 1_000);
			assert_eq!(SubnetAlphaOut::<Test>::get(1), ALPHA_FOR_10_TAO);

			let left = Staking::alpha_of(1, &10, &2);
			assert_ok!(Staking::move_stake(RuntimeOrigin::signed(2), 10, 10, 1, 2, left));
			assert_eq!(Staking::alpha_of(1, &10, &2), 0);
			assert!(Staking::alpha_of(2, &10, &2) > 0);

			// To root: the TAO the sale pays is held as root stake.
			let on_two = Staking::alpha_of(2, &10, &2);
			assert_ok!(Staking::move_stake(RuntimeOrigin::signed(2), 10, 10, 2, 0, on_two));
			assert!(Stake::<Test>::get(10, 2) > 0);
			assert_eq!(
				Balances::balance_on_hold(&HoldReason::Staked.into(), &2),
				Stake::<Test>::get(10, 2)
			);

			assert_noop!(
				Staking::move_stake(RuntimeOrigin::signed(2), 30, 30, 1, 1, 1),
				Error::<Test>::SamePosition
			);
		});
	}

	#[test]
	fn validator_rewards_go_to_take_then_nominators_by_stake_weight() {
		build_and_execute(|| {
			open();
			// Alpha nominator 2 and root nominator 3 on delegate 10 (owner 1, take 18 %).
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 1, 10 * TAO));
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(3), 10, 0, 100 * TAO));
			let alpha = ALPHA_FOR_10_TAO as u128;
			// Root stake weighs 18 %: 18 TAO of weight next to ~9.09 alpha.
			let root_weight = 18 * TAO as u128;
			let reward = 1_000 * TAO;
			assert_ok!(<Staking as SubnetPools<_, _>>::pay_validator(1, &10, reward));

			let rest = (reward - Perbill::from_percent(18) * reward) as u128;
			let total = alpha + root_weight;
			let to_alpha = (rest * alpha / total) as u64;
			let to_root = (rest * root_weight / total) as u64;
			// Rounding of shares may cost a rao.
			assert!(Staking::alpha_of(1, &10, &2).abs_diff(ALPHA_FOR_10_TAO + to_alpha) <= 1);
			assert!(Staking::alpha_of(1, &10, &3).abs_diff(to_root) <= 1);
			let owner = Staking::alpha_of(1, &10, &1);
			assert!(
				owner.abs_diff(reward - to_alpha - to_root) <= 2,
				"{owner} {to_alpha} {to_root}"
			);
			assert_eq!(TotalHotkeyAlpha::<Test>::get(1, 10), ALPHA_FOR_10_TAO + reward);
			assert_eq!(SubnetAlphaOut::<Test>::get(1), ALPHA_FOR_10_TAO + reward);

			// Governance can make root stake count for nothing.
			assert_ok!(Staking::set_tao_weight(RuntimeOrigin::root(), Perbill::zero()));
			assert_eq!(
				<Staking as SubnetPools<_, _>>::stake_weight(&10, 1),
				TotalHotkeyAlpha::<Test>::get(1, 10) as u128
			);
		});
	}

	#[test]
	fn closing_a_pool_returns_every_stake_and_the_rest_to_the_owner() {
		build_and_execute(|| {
			open();
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 1, 10 * TAO));
			assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(3), 30));
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(3), 30, 1, 20 * TAO));
			let (alpha2, alpha3) = (Staking::alpha_of(1, &10, &2), Staking::alpha_of(1, &30, &3));
			let tao = SubnetTao::<Test>::get(1).unwrap() as u128;
			let claims = (SubnetAlphaIn::<Test>::get(1) + SubnetAlphaOut::<Test>::get(1)) as u128;
			let before = (Balances::balance(&2), Balances::balance(&3), Balances::balance(&4));
			let issuance = Balances::total_issuance();

			let to_owner = <Staking as SubnetPools<_, _>>::close_pool(1, &4).unwrap();
			let share2 = (tao * alpha2 as u128 / claims) as u64;
			let share3 = (tao * alpha3 as u128 / claims) as u64;
			assert_eq!(Balances::balance(&2), before.0 + share2);
			assert_eq!(Balances::balance(&3), before.1 + share3);
			assert_eq!(Balances::balance(&4), before.2 + to_owner);
			assert_eq!(share2 + share3 + to_owner, tao as u64);
			assert_eq!(Balances::balance(&Staking::pool_account(1)), 0);
			assert_eq!(Balances::total_issuance(), issuance);
			assert_eq!(SubnetTao::<Test>::get(1), None);
			assert_eq!(AlphaShares::<Test>::iter().count(), 0);
			assert_eq!(TotalHotkeyAlpha::<Test>::iter().count(), 0);
		});
	}

	#[test]
	fn recycling_burns_the_alpha_bought_and_keeps_the_tao() {
		build_and_execute(|| {
			open();
			let issuance = Balances::total_issuance();
			assert_ok!(<Staking as SubnetPools<_, _>>::recycle(1, &2, 10 * TAO));
			assert_eq!(SubnetTao::<Test>::get(1), Some(110 * TAO));
			assert_eq!(SubnetAlphaIn::<Test>::get(1), 100 * TAO - ALPHA_FOR_10_TAO);
			assert_eq!(
				<Staking as SubnetPools<_, _>>::alpha_issuance(1),
				100 * TAO - ALPHA_FOR_10_TAO
			);
			assert_eq!(Balances::total_issuance(), issuance);
		});
	}

	#[test]
	fn injection_mints_into_the_pool() {
		build_and_execute(|| {
			open();
			let issuance = Balances::total_issuance();
			assert_ok!(<Staking as SubnetPools<_, _>>::inject(1, TAO, 2 * TAO));
			assert_eq!(Balances::total_issuance(), issuance + TAO);
			assert_eq!(SubnetTao::<Test>::get(1), Some(101 * TAO));
			assert_eq!(SubnetAlphaIn::<Test>::get(1), 102 * TAO);
			assert_eq!(
				<Staking as SubnetPools<_, _>>::spot_price(1),
				sp_arithmetic::FixedU128::from_rational(101, 102)
			);
		});
	}

	#[test]
	fn swap_fee_and_tao_weight_are_governed() {
		build_and_execute(|| {
			let fee = Perbill::from_parts(3_000_000);
			assert_noop!(
				Staking::set_swap_fee(RuntimeOrigin::signed(1), fee),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Staking::set_swap_fee(RuntimeOrigin::root(), Perbill::from_percent(2)),
				Error::<Test>::FeeTooHigh
			);
			assert_ok!(Staking::set_swap_fee(RuntimeOrigin::root(), fee));
			assert_eq!(SwapFee::<Test>::get(), fee);
			assert_noop!(
				Staking::set_tao_weight(RuntimeOrigin::signed(1), Perbill::one()),
				DispatchError::BadOrigin
			);
			assert_ok!(Staking::set_tao_weight(RuntimeOrigin::root(), Perbill::one()));
			assert_eq!(TaoWeight::<Test>::get(), Perbill::one());
			let _ = Balances::mint_into(&9, TAO);
		});
	}
}
