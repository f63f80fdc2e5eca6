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

/// Lets the root stake added so far leave.
fn cool_down() {
	System::set_block_number(System::block_number() + 5);
}

#[test]
fn root_stake_stays_for_the_cooldown_after_it_grows() {
	build_and_execute(|| {
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 100 * TAO));
		// Not in the same block, nor the next four, as itself or moved elsewhere.
		for _ in 0..5 {
			assert_noop!(
				Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0, TAO),
				Error::<Test>::StakeCoolingDown
			);
			assert_noop!(
				Staking::move_stake(RuntimeOrigin::signed(2), 10, 10, 0, 1, TAO),
				Error::<Test>::StakeCoolingDown
			);
			System::set_block_number(System::block_number() + 1);
		}
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0, TAO));
		// Adding again starts the cooldown again, for the whole position.
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, TAO));
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0, TAO),
			Error::<Test>::StakeCoolingDown
		);
	});
}

#[test]
fn remove_stake_releases_exactly_what_was_held() {
	build_and_execute(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 100 * TAO));
		cool_down();
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
		AlphaShares, SubnetAlphaIn, SubnetAlphaOut, SubnetTao, SwapFee, TaoWeight,
		TotalHotkeyAlpha, TotalHotkeyShares,
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
			let escrow = Staking::root_dividend_account();
			let (escrow_before, pool_tao, alpha_in) = (
				Balances::balance(&escrow),
				SubnetTao::<Test>::get(1).unwrap(),
				SubnetAlphaIn::<Test>::get(1),
			);
			assert_ok!(<Staking as SubnetPools<_, _>>::pay_validator(1, &10, reward));

			let rest = (reward - Perbill::from_percent(18) * reward) as u128;
			let total = alpha + root_weight;
			let to_alpha = (rest * alpha / total) as u64;
			let to_root = (rest * root_weight / total) as u64;
			// Rounding of shares may cost a rao.
			assert!(Staking::alpha_of(1, &10, &2).abs_diff(ALPHA_FOR_10_TAO + to_alpha) <= 1);
			let owner = Staking::alpha_of(1, &10, &1);
			assert!(
				owner.abs_diff(reward - to_alpha - to_root) <= 2,
				"{owner} {to_alpha} {to_root}"
			);
			// The root nominator's part was sold to the pool: no alpha for it, TAO owed.
			assert_eq!(Staking::alpha_of(1, &10, &3), 0);
			assert_eq!(SubnetAlphaIn::<Test>::get(1), alpha_in + to_root);
			let sold = Balances::balance(&escrow) - escrow_before;
			assert_eq!(SubnetTao::<Test>::get(1), Some(pool_tao - sold));
			assert!(sold > 0);
			let owed = Staking::root_dividends_owed(&10, &3);
			assert!(sold - owed <= 1, "{sold} {owed}");
			assert_eq!(TotalHotkeyAlpha::<Test>::get(1, 10), ALPHA_FOR_10_TAO + reward - to_root);
			assert_eq!(SubnetAlphaOut::<Test>::get(1), ALPHA_FOR_10_TAO + reward - to_root);

			// Claimed as free balance.
			let free = Balances::balance(&3);
			assert_ok!(Staking::claim_root_dividends(RuntimeOrigin::signed(3), 10));
			assert_eq!(Balances::balance(&3), free + owed);
			assert_eq!(Staking::root_dividends_owed(&10, &3), 0);
			assert_eq!(
				staking_events().last(),
				Some(&Event::RootDividendsPaid { coldkey: 3, hotkey: 10, amount: owed })
			);
			assert_noop!(
				Staking::claim_root_dividends(RuntimeOrigin::signed(4), 10),
				Error::<Test>::NotEnoughStake
			);

			// Governance can make root stake count for nothing.
			assert_ok!(Staking::set_tao_weight(RuntimeOrigin::root(), Perbill::zero()));
			assert_eq!(
				<Staking as SubnetPools<_, _>>::stake_weight(&10, 1),
				TotalHotkeyAlpha::<Test>::get(1, 10) as u128
			);
		});
	}

	#[test]
	fn root_dividends_are_shared_by_stake_and_paid_when_a_position_changes() {
		build_and_execute(|| {
			open();
			// Root nominators 2 (300 TAO) and 3 (100 TAO) on delegate 10.
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 300 * TAO));
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(3), 10, 0, 100 * TAO));
			assert_ok!(<Staking as SubnetPools<_, _>>::pay_validator(1, &10, 100 * TAO));
			let (owed2, owed3) =
				(Staking::root_dividends_owed(&10, &2), Staking::root_dividends_owed(&10, &3));
			assert!(owed3 > 0);
			assert!(owed2.abs_diff(3 * owed3) <= 3, "{owed2} {owed3}");

			// A newcomer staking now is owed nothing of what was paid before.
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(4), 10, 0, 400 * TAO));
			assert_eq!(Staking::root_dividends_owed(&10, &4), 0);

			// Unstaking pays what is owed first, in the same call.
			cool_down();
			let free = Balances::balance(&3);
			assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(3), 10, 0, 100 * TAO));
			assert_eq!(Balances::balance(&3), free + 100 * TAO + owed3);
			assert!(!crate::RootDividendSettled::<Test>::contains_key(10, 3));
			assert_eq!(Staking::root_dividends_owed(&10, &2), owed2);
		});
	}

	#[test]
	fn paying_a_validator_costs_the_same_for_any_number_of_root_nominators() {
		// The storage a payment writes does not grow with the nominators: each root position
		// is settled when it next changes, not when the validator is paid.
		let writes = |nominators: u64| {
			let mut ext = new_test_ext();
			ext.execute_with(|| {
				open();
				for who in 100..100 + nominators {
					let _ = Balances::mint_into(&who, 10 * TAO);
					assert_ok!(Staking::add_stake(RuntimeOrigin::signed(who), 10, 0, TAO));
				}
			});
			ext.commit_all().unwrap();
			ext.execute_with(|| {
				assert_ok!(<Staking as SubnetPools<_, _>>::pay_validator(1, &10, 100 * TAO));
				// Every nominator is owed its share.
				assert!((100..100 + nominators).all(|w| Staking::root_dividends_owed(&10, &w) > 0));
			});
			ext.overlayed_changes().changes().count()
		};
		assert_eq!(writes(1), writes(500));
	}

	#[test]
	fn closing_a_pool_pays_the_owner_now_and_the_stakers_a_few_per_block() {
		build_and_execute(|| {
			open();
			// Three positions; two are paid per block.
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 1, 10 * TAO));
			assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(3), 30));
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(3), 30, 1, 20 * TAO));
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(4), 30, 1, 5 * TAO));
			let alpha = [
				Staking::alpha_of(1, &10, &2),
				Staking::alpha_of(1, &30, &3),
				Staking::alpha_of(1, &30, &4),
			];
			let tao = SubnetTao::<Test>::get(1).unwrap() as u128;
			let alpha_in = SubnetAlphaIn::<Test>::get(1) as u128;
			let claims = alpha_in + SubnetAlphaOut::<Test>::get(1) as u128;
			let before = [2, 3, 4, 5].map(|who| Balances::balance(&who));
			let issuance = Balances::total_issuance();

			// The owner (5) is paid the pool's own share at once; the subnet's stake is frozen.
			let to_owner = <Staking as SubnetPools<_, _>>::close_pool(1, &5).unwrap();
			assert_eq!(to_owner as u128, tao * alpha_in / claims);
			assert_eq!(Balances::balance(&5), before[3] + to_owner);
			assert!(<Staking as SubnetPools<_, _>>::is_closing(1));
			assert_noop!(
				Staking::remove_stake(RuntimeOrigin::signed(2), 10, 1, alpha[0]),
				Error::<Test>::PoolClosing
			);
			assert_noop!(
				<Staking as SubnetPools<_, _>>::open_pool(1, &2, 100 * TAO),
				Error::<Test>::PoolClosing
			);

			next_block();
			assert_eq!(AlphaShares::<Test>::iter_prefix((1,)).count(), 1);
			next_block();
			assert_eq!(AlphaShares::<Test>::iter_prefix((1,)).count(), 0);
			// The hotkeys' totals go, then the owner is paid what rounding left.
			while <Staking as SubnetPools<_, _>>::is_closing(1) {
				next_block();
			}
			let stakers_tao = tao - to_owner as u128;
			let stakers_alpha: u128 = alpha.iter().map(|a| *a as u128).sum();
			let paid: Vec<u64> =
				[2, 3, 4].iter().zip(before).map(|(who, b)| Balances::balance(who) - b).collect();
			for (p, a) in paid.iter().zip(alpha) {
				// Each is paid its alpha's share of the rest, less a rao of rounding.
				assert!((*p as u128).abs_diff(stakers_tao * a as u128 / stakers_alpha) <= 1);
			}
			let total_paid: u64 = paid.iter().sum();
			assert_eq!(Balances::balance(&5) - before[3] + total_paid, tao as u64);
			assert_eq!(Balances::balance(&Staking::pool_account(1)), 0);
			assert_eq!(Balances::total_issuance(), issuance);
			assert_eq!(TotalHotkeyAlpha::<Test>::iter().count(), 0);
			assert_eq!(TotalHotkeyShares::<Test>::iter().count(), 0);
			assert!(matches!(
				staking_events().last(),
				Some(Event::PoolClosed { netuid: 1, to_stakers, .. }) if *to_stakers == total_paid
			));
			// Now the netuid can open again.
			assert_ok!(<Staking as SubnetPools<_, _>>::open_pool(1, &2, 100 * TAO));
		});
	}

	#[test]
	fn every_root_stake_change_is_told_to_the_observer() {
		build_and_execute(|| {
			open();
			stake_changes();
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 0, 100 * TAO));
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(3), 10, 0, 50 * TAO));
			cool_down();
			assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(2), 10, 0, 40 * TAO));
			// Alpha stake is not root stake; a move to root is.
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(2), 10, 1, 10 * TAO));
			let alpha = Staking::alpha_of(1, &10, &2);
			assert_ok!(Staking::move_stake(RuntimeOrigin::signed(2), 10, 10, 1, 0, alpha));
			let changes = stake_changes();
			assert_eq!(
				changes[..3],
				[
					(10, 0, 100 * TAO, 0, 100 * TAO),
					(10, 100 * TAO, 150 * TAO, 100 * TAO, 150 * TAO),
					(10, 150 * TAO, 110 * TAO, 150 * TAO, 110 * TAO),
				]
			);
			assert_eq!(changes.len(), 4);
			assert_eq!(changes[3].1, 110 * TAO);
			assert!(changes[3].2 > 110 * TAO);
		});
	}

	#[test]
	fn the_minimum_stake_has_a_bound() {
		build_and_execute(|| {
			assert_noop!(
				Staking::set_min_stake(RuntimeOrigin::root(), 1_000 * TAO + 1),
				Error::<Test>::ParameterOutOfRange
			);
			assert_ok!(Staking::set_min_stake(RuntimeOrigin::root(), 1_000 * TAO));
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
