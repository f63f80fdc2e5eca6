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
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 100 * TAO));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(3), 10, 50 * TAO));
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
			Staking::add_stake(RuntimeOrigin::signed(2), 10, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(2), 99, TAO),
			Error::<Test>::HotkeyNotRegistered
		);
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(2), 10, TAO / 2),
			Error::<Test>::StakeBelowMinimum
		);
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(2), 10, 2_000 * TAO),
			Error::<Test>::InsufficientBalance
		);
		// An account with no funds at all.
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(7), 10, TAO),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn remove_stake_releases_exactly_what_was_held() {
	build_and_execute(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 100 * TAO));
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(2), 10, 40 * TAO));
		assert_eq!(Stake::<Test>::get(10, 2), 60 * TAO);
		assert_eq!(Balances::balance(&2), 940 * TAO);
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(2), 10, 60 * TAO));
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
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 10 * TAO));
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(2), 10, 11 * TAO),
			Error::<Test>::NotEnoughStake
		);
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(3), 10, TAO),
			Error::<Test>::NotEnoughStake
		);
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(2), 10, 10 * TAO - 1),
			Error::<Test>::StakeBelowMinimum
		);
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0),
			Error::<Test>::ZeroAmount
		);
	});
}

#[test]
fn held_stake_cannot_be_transferred() {
	build_and_execute(|| {
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 900 * TAO));
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
			Staking::add_stake(RuntimeOrigin::signed(2), 10, 4 * TAO),
			Error::<Test>::StakeBelowMinimum
		);
	});
}
