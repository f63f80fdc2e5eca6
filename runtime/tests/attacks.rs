//! Governance under attack, on the real runtime (natively) from the `development` genesis:
//! each test is an attack someone with money and patience would try, named after the
//! property that stops it.
//!
//! The development chain: triumvirs Alice, Bob and Charlie; senators `//Dave//stash`,
//! `//Eve//stash` and `//Ferdie//stash` (coldkeys `//Dave`, `//Eve`, `//Ferdie`) with 30,000 /
//! 20,000 / 10,000 TAO of root stake, the only root stake there is; every dev account holds
//! 100,000 TAO; seats are recomputed every 360 blocks and motions last 20.

mod common;

use codec::Encode;
use common::*;
use dtao_runtime::{
	constants::currency::TAO, AccountId, Balance, Democracy, Governance, Preimage, Runtime,
	RuntimeCall, RuntimeEvent, Senate, Staking, System,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{Get, StorePreimage},
	BoundedVec,
};
use pallet_dtao_governance::{Motions, SenateRefreshInterval};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	traits::{BlakeTwo256, Dispatchable, Hash},
	DispatchError,
};

fn seats() -> Vec<AccountId> {
	<Senate as Motions<_, _, _, _>>::members()
}

fn fresh(n: u8) -> AccountId {
	AccountId::new([n; 32])
}

fn root_stake(hotkey: &AccountId, amount: Balance) -> RuntimeCall {
	RuntimeCall::Staking(pallet_dtao_staking::Call::add_stake {
		hotkey: hotkey.clone(),
		netuid: 0,
		amount,
	})
}

fn root_unstake(hotkey: &AccountId, amount: Balance) -> RuntimeCall {
	RuntimeCall::Staking(pallet_dtao_staking::Call::remove_stake {
		hotkey: hotkey.clone(),
		netuid: 0,
		amount,
	})
}

fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

fn authorize(code: &[u8]) -> RuntimeCall {
	RuntimeCall::Governance(pallet_dtao_governance::Call::authorize_upgrade {
		code_hash: BlakeTwo256::hash(code),
	})
}

/// Runs the block hooks at block `n` only, skipping the blocks before it (the scheduler has
/// nothing due in them).
fn jump_to(n: u32) {
	System::set_block_number(n - 1);
	pallet_scheduler::IncompleteSince::<Runtime>::put(n);
	run_to_block(n);
}

fn refresh_interval() -> u32 {
	SenateRefreshInterval::<Runtime>::get()
}

fn next_period() {
	let interval = refresh_interval();
	run_to_block((System::block_number() / interval + 1) * interval);
}

fn governance_events() -> Vec<pallet_dtao_governance::Event<Runtime>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Governance(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// What //One's batch registers and stakes for fresh hotkey `n`, then tries to seat.
fn borrowed_seat(n: u8, amount: Balance) -> Vec<RuntimeCall> {
	let hotkey = fresh(n);
	vec![
		RuntimeCall::Staking(pallet_dtao_staking::Call::register_hotkey { hotkey: hotkey.clone() }),
		RuntimeCall::Staking(pallet_dtao_staking::Call::become_delegate {
			hotkey: hotkey.clone(),
			take: None,
		}),
		root_stake(&hotkey, amount),
		RuntimeCall::Governance(pallet_dtao_governance::Call::join_senate {
			hotkey: hotkey.clone(),
		}),
	]
}

#[test]
fn stake_held_for_one_extrinsic_never_votes() {
	on_development_chain(|| {
		// A triumvir colludes: an upgrade the real Senate will vote down.
		let m = propose(Alice, authorize(b"\0asm attacker's runtime"));
		vote(Dave, DaveStash, &m, false);
		vote(Eve, EveStash, &m, false);
		vote(Ferdie, FerdieStash, &m, false);
		// //One, in one batch: four fresh delegates with 1,400 TAO each (8.5 % of root stake
		// together), joining the Senate, voting, and unstaking again.
		let before = dtao_runtime::Balances::free_balance(id(One));
		let mut calls = vec![];
		for n in 1..=4 {
			calls.extend(borrowed_seat(n, 1_400 * TAO));
			calls.push(RuntimeCall::Governance(pallet_dtao_governance::Call::vote {
				hotkey: fresh(n),
				proposal: m.hash,
				index: m.index,
				approve: true,
			}));
			calls.push(root_unstake(&fresh(n), 1_400 * TAO));
		}
		let err = batch_all(calls).dispatch(signed(One)).unwrap_err().error;
		assert_eq!(err, pallet_dtao_governance::Error::<Runtime>::InsufficientStake.into());
		assert_eq!(seats(), vec![id(DaveStash), id(EveStash), id(FerdieStash)].sorted());
		// The same without atomicity: the stake goes in and out, no seat is won.
		let mut calls = vec![];
		for n in 1..=4 {
			calls.extend(borrowed_seat(n, 1_400 * TAO));
			calls.push(root_unstake(&fresh(n), 1_400 * TAO));
		}
		assert_ok!(
			RuntimeCall::Utility(pallet_utility::Call::batch { calls }).dispatch(signed(One))
		);
		assert_eq!(seats().len(), 3);
		assert!(dtao_runtime::Balances::free_balance(id(One)) < before);
		// After expiry the attacker's close finds three nays: nothing is authorized.
		run_to_block(m_end(&m));
		assert_ok!(close(One, &m));
		assert_eq!(executed(&m), None);
		assert!(System::authorized_upgrade().is_none());
	});
}

fn m_end(m: &Motion) -> u32 {
	<Senate as Motions<_, _, _, _>>::voting(&m.hash).expect("open").end
}

trait Sorted {
	fn sorted(self) -> Self;
}

impl Sorted for Vec<AccountId> {
	fn sorted(mut self) -> Self {
		self.sort();
		self
	}
}

#[test]
fn stake_held_for_less_than_a_whole_period_never_seats() {
	on_development_chain(|| {
		// //One stakes 5,000 TAO on a fresh delegate just after a refresh (block 361) ...
		run_to_block(361);
		for call in borrowed_seat(9, 5_000 * TAO).into_iter().take(3) {
			assert_ok!(call.dispatch(signed(One)));
		}
		let join = |origin| Governance::join_senate(origin, fresh(9));
		assert_noop!(
			join(signed(One)),
			pallet_dtao_governance::Error::<Runtime>::InsufficientStake
		);
		// ... at the next refresh it was not held through a whole period ...
		run_to_block(720);
		assert_noop!(
			join(signed(One)),
			pallet_dtao_governance::Error::<Runtime>::InsufficientStake
		);
		// ... at the one after, it was.
		run_to_block(1_080);
		assert_ok!(join(signed(One)));
		assert!(seats().contains(&fresh(9)));
	});
}

#[test]
fn seats_gained_during_a_motion_can_neither_pass_nor_kill_it() {
	on_development_chain(|| {
		// Two delegates of different coldkeys with lasting stake, not yet candidates.
		for (coldkey, n) in [(One, 21u8), (Two, 22)] {
			for call in borrowed_seat(n, 5_000 * TAO).into_iter().take(3) {
				assert_ok!(call.dispatch(signed(coldkey)));
			}
		}
		next_period();
		next_period();
		let m = propose(Alice, set_min_stake(7 * TAO));
		vote(Dave, DaveStash, &m, true);
		vote(Eve, EveStash, &m, true);
		// The motion has 2 of 3 ayes; two more seats join to veto it.
		assert_ok!(Governance::join_senate(signed(One), fresh(21)));
		assert_ok!(Governance::join_senate(signed(Two), fresh(22)));
		assert_eq!(seats().len(), 5);
		assert_noop!(
			Governance::vote(signed(One), fresh(21), m.hash, m.index, false),
			pallet_dtao_governance::Error::<Runtime>::SeatedAfterProposal
		);
		// Judged against the three seats it was proposed to, it passes.
		assert_ok!(close(Alice, &m));
		assert_eq!(executed(&m), Some(Ok(())));
		assert_eq!(min_stake(), 7 * TAO);
		// And a motion proposed now is the five seats': two ayes no longer pass it.
		let m = propose(Alice, set_min_stake(8 * TAO));
		vote(Dave, DaveStash, &m, true);
		vote(Eve, EveStash, &m, true);
		run_to_block(m_end(&m));
		assert_ok!(close(Alice, &m));
		assert_eq!(executed(&m), None);
		assert_eq!(min_stake(), 7 * TAO);
	});
}

#[test]
fn borrowed_stake_never_evicts_a_senator() {
	on_development_chain(|| {
		let m = propose(Alice, set_min_stake(7 * TAO));
		vote(Ferdie, FerdieStash, &m, true);
		// Five whales stake 95,000 TAO each on their own delegates: 535,000 TAO in all, so on
		// the stake of the moment Ferdie's 10,000 would be below 2 %.
		let whales = [(One, 31u8), (Two, 32), (AliceStash, 33), (BobStash, 34), (CharlieStash, 35)];
		for (coldkey, n) in whales {
			for call in borrowed_seat(n, 95_000 * TAO).into_iter().take(3) {
				assert_ok!(call.dispatch(signed(coldkey)));
			}
		}
		assert!(Staking::total_stake() > 50 * 10_000 * TAO);
		// Ferdie even unstakes a little meanwhile; the bar is a share of lasting stake.
		assert_ok!(Staking::remove_stake(signed(Ferdie), id(FerdieStash), 0, 100 * TAO));
		run_to_block(360);
		assert!(seats().contains(&id(FerdieStash)));
		assert_eq!(
			<Senate as Motions<_, _, _, _>>::voting(&m.hash).unwrap().ayes,
			vec![id(FerdieStash)]
		);
		// The whales' stake stays a tempo before it may leave.
		run_to_block(361);
		for (coldkey, n) in whales {
			assert_ok!(root_unstake(&fresh(n), 95_000 * TAO).dispatch(signed(coldkey)));
		}
		run_to_block(720);
		assert!(seats().contains(&id(FerdieStash)));
	});
}

#[test]
fn a_senator_whose_own_stake_falls_below_the_bar_loses_seat_and_votes_in_the_same_call() {
	on_development_chain(|| {
		let m = propose(Alice, set_min_stake(7 * TAO));
		vote(Ferdie, FerdieStash, &m, true);
		// Ferdie unstakes and, in the same batch, votes again: the seat is already gone.
		let calls = vec![
			root_unstake(&id(FerdieStash), 9_500 * TAO),
			RuntimeCall::Governance(pallet_dtao_governance::Call::vote {
				hotkey: id(FerdieStash),
				proposal: m.hash,
				index: m.index,
				approve: true,
			}),
		];
		let err = batch_all(calls).dispatch(signed(Ferdie)).unwrap_err().error;
		assert_eq!(err, pallet_dtao_governance::Error::<Runtime>::NotSenateMember.into());
		assert_ok!(root_unstake(&id(FerdieStash), 9_500 * TAO).dispatch(signed(Ferdie)));
		assert!(!seats().contains(&id(FerdieStash)));
		assert!(<Senate as Motions<_, _, _, _>>::voting(&m.hash).unwrap().ayes.is_empty());
		assert!(governance_events().iter().any(|e| matches!(
			e,
			pallet_dtao_governance::Event::SeatLost { hotkey, .. } if *hotkey == id(FerdieStash)
		)));
	});
}

#[test]
fn a_coldkey_holds_one_seat() {
	on_development_chain(|| {
		// Dave splits his weight over four more delegates, each well above the bar.
		for n in 41..45u8 {
			for call in borrowed_seat(n, 5_000 * TAO).into_iter().take(3) {
				assert_ok!(call.dispatch(signed(Dave)));
			}
		}
		next_period();
		next_period();
		for n in 41..45u8 {
			assert_ok!(Governance::join_senate(signed(Dave), fresh(n)));
		}
		assert_eq!(seats(), vec![id(DaveStash), id(EveStash), id(FerdieStash)].sorted());
	});
}

#[test]
fn a_referendum_without_turnout_never_reaches_root() {
	on_development_chain(|| {
		// Any account proposes Root's most dangerous call with the minimum deposit, and votes
		// for it with 1 TAO; nobody votes against.
		let code_hash = BlakeTwo256::hash(b"\0asm attacker's runtime");
		let call =
			RuntimeCall::System(frame_system::Call::authorize_upgrade_without_checks { code_hash });
		let bounded = Preimage::bound(call).unwrap();
		let deposit = dtao_runtime::governance::MinimumDeposit::get();
		assert_ok!(Democracy::propose(signed(One), bounded, deposit));
		let launch = dtao_runtime::governance::LaunchPeriod::get();
		jump_to(launch);
		assert_eq!(pallet_democracy::ReferendumCount::<Runtime>::get(), 1);
		let vote = pallet_democracy::AccountVote::Standard {
			vote: pallet_democracy::Vote {
				aye: true,
				conviction: pallet_democracy::Conviction::Locked6x,
			},
			balance: TAO,
		};
		assert_ok!(Democracy::vote(signed(One), 0, vote));
		let end = launch + dtao_runtime::governance::VotingPeriod::get();
		jump_to(end);
		// Cancelled in its last block, before Democracy counted it.
		assert!(governance_events().iter().any(|e| matches!(
			e,
			pallet_dtao_governance::Event::ReferendumCancelledForTurnout { index: 0, .. }
		)));
		assert!(pallet_democracy::ReferendumInfoOf::<Runtime>::get(0).is_none());
		jump_to(end + dtao_runtime::governance::EnactmentPeriod::get());
		assert!(System::authorized_upgrade().is_none());
	});
}

#[test]
fn the_turnout_is_checked_before_democracy_counts_a_referendum() {
	use frame_support::traits::PalletInfoAccess;
	// Hooks run in the order of `AllPalletsWithSystem`; Governance's must come first.
	let order: Vec<&str> =
		<dtao_runtime::AllPalletsWithSystem as frame_support::traits::PalletsInfoAccess>::infos()
			.into_iter()
			.map(|p| p.name)
			.collect();
	let position = |name: &str| order.iter().position(|n| *n == name).expect(name);
	assert!(position(Governance::name()) < position(Democracy::name()));
}

#[test]
fn a_referendum_with_real_turnout_reaches_root() {
	on_development_chain(|| {
		let call = set_min_stake(42 * TAO);
		let bounded = Preimage::bound(call).unwrap();
		let deposit = dtao_runtime::governance::MinimumDeposit::get();
		assert_ok!(Democracy::propose(signed(One), bounded, deposit));
		let launch = dtao_runtime::governance::LaunchPeriod::get();
		jump_to(launch);
		// Five holders vote with 20,000 TAO each: about 7 % of the issuance.
		for who in [One, Two, AliceStash, BobStash, CharlieStash] {
			let vote = pallet_democracy::AccountVote::Standard {
				vote: pallet_democracy::Vote {
					aye: true,
					conviction: pallet_democracy::Conviction::Locked1x,
				},
				balance: 20_000 * TAO,
			};
			assert_ok!(Democracy::vote(signed(who), 0, vote));
		}
		let end = launch + dtao_runtime::governance::VotingPeriod::get();
		jump_to(end);
		assert!(matches!(
			pallet_democracy::ReferendumInfoOf::<Runtime>::get(0),
			Some(pallet_democracy::ReferendumInfo::Finished { approved: true, .. })
		));
		jump_to(end + dtao_runtime::governance::EnactmentPeriod::get());
		assert_eq!(min_stake(), 42 * TAO);
	});
}

#[test]
fn the_triumvirate_stays_three_without_a_prime_whatever_a_motion_asks() {
	on_development_chain(|| {
		let (alice, bob, charlie, one) = (id(Alice), id(Bob), id(Charlie), id(One));
		// The collective's own setter, with four members and a prime, is refused to the Senate.
		let m = ratify(RuntimeCall::Triumvirate(pallet_collective::Call::set_members {
			new_members: vec![alice.clone(), bob.clone(), charlie.clone(), one.clone()],
			prime: Some(one.clone()),
			old_count: 3,
		}));
		assert_eq!(executed(&m), Some(Err(DispatchError::BadOrigin)));
		// Governance's own takes exactly three, and no prime.
		let two = BoundedVec::truncate_from(vec![alice.clone(), bob.clone()]);
		let m = ratify(RuntimeCall::Governance(pallet_dtao_governance::Call::set_triumvirate {
			members: two,
		}));
		assert_eq!(
			executed(&m),
			Some(Err(pallet_dtao_governance::Error::<Runtime>::WrongTriumvirateSize.into()))
		);
		let m = ratify(RuntimeCall::Governance(pallet_dtao_governance::Call::set_triumvirate {
			members: BoundedVec::truncate_from(vec![alice.clone(), bob.clone(), one.clone()]),
		}));
		assert_eq!(executed(&m), Some(Ok(())));
		assert_eq!(
			pallet_collective::Members::<Runtime, dtao_runtime::TriumvirateInstance>::get().len(),
			3
		);
		assert_eq!(
			pallet_collective::Prime::<Runtime, dtao_runtime::TriumvirateInstance>::get(),
			None
		);
	});
}

#[test]
fn no_governed_value_can_overflow_or_stall_the_flow() {
	on_development_chain(|| {
		let out_of_range: Vec<RuntimeCall> = vec![
			RuntimeCall::Governance(pallet_dtao_governance::Call::set_motion_duration {
				duration: u32::MAX,
			}),
			RuntimeCall::Governance(pallet_dtao_governance::Call::set_motion_duration {
				duration: 0,
			}),
			RuntimeCall::Governance(pallet_dtao_governance::Call::set_refresh_interval {
				interval: u32::MAX,
			}),
			RuntimeCall::Governance(pallet_dtao_governance::Call::set_senate_size { size: 1 }),
			RuntimeCall::Governance(pallet_dtao_governance::Call::set_min_stake_share {
				share: sp_runtime::Perbill::one(),
			}),
			RuntimeCall::Governance(pallet_dtao_governance::Call::set_min_turnout {
				turnout: sp_runtime::Perbill::one(),
			}),
			set_min_stake(Balance::MAX),
		];
		for call in out_of_range {
			let m = ratify(call.clone());
			assert!(matches!(executed(&m), Some(Err(_))), "{call:?} was accepted");
		}
		// The flow still runs: a motion opens, passes and executes.
		let m = ratify(set_min_stake(3 * TAO));
		assert_eq!(executed(&m), Some(Ok(())));
	});
}

#[test]
fn one_triumvir_cannot_fill_the_senate_s_motion_slots() {
	on_development_chain(|| {
		let spam: Vec<Motion> =
			(0..3).map(|i| propose(Alice, set_min_stake(2 * TAO + i))).collect();
		let call = set_min_stake(9 * TAO);
		assert_noop!(
			Governance::propose(signed(Alice), Box::new(call.clone()), call.encoded_size() as u32),
			pallet_dtao_governance::Error::<Runtime>::TooManyMotions
		);
		// The other triumvirs still propose, and a ratified motion clears the spam.
		let m = ratify_by(
			Bob,
			RuntimeCall::Governance(pallet_dtao_governance::Call::disapprove_motion {
				proposal_hash: spam[0].hash,
			}),
		);
		assert_eq!(executed(&m), Some(Ok(())));
		assert!(<Senate as Motions<_, _, _, _>>::voting(&spam[0].hash).is_none());
		// Alice has a free slot again.
		propose(Alice, call);
	});
}

/// Proposes `call` by triumvir `by`, has Dave and Eve approve it and `by` close it.
fn ratify_by(by: Sr25519Keyring, call: RuntimeCall) -> Motion {
	let m = propose(by, call);
	vote(Dave, DaveStash, &m, true);
	vote(Eve, EveStash, &m, true);
	assert_ok!(close(by, &m));
	m
}

/// Storage keys a block's hooks write, from a state with everything before committed.
fn keys_written(ext: &mut sp_io::TestExternalities, block: u32) -> usize {
	ext.commit_all().unwrap();
	ext.execute_with(|| run_to_block(block));
	ext.overlayed_changes().changes().count()
}

#[test]
fn root_nominators_add_no_work_to_an_epoch() {
	// Subnet 1's epoch at block 9 pays Alice's and Bob's validators; give Alice's validator
	// one root nominator, or a thousand, and count what the epoch block writes.
	let epoch_writes = |nominators: u8| {
		let mut ext = development_externalities();
		ext.execute_with(|| {
			run_to_block(7);
			for i in 0..nominators as u32 {
				let who = AccountId::new(blake(i));
				let _ = <dtao_runtime::Balances as frame_support::traits::fungible::Mutate<
					AccountId,
				>>::mint_into(&who, TAO);
				assert_ok!(Staking::add_stake(
					dtao_runtime::RuntimeOrigin::signed(who),
					id(AliceStash),
					0,
					TAO / 100,
				));
			}
		});
		ext.execute_with(|| run_to_block(8));
		let writes = keys_written(&mut ext, 9);
		ext.execute_with(|| {
			// Every nominator is owed its share, to be paid when it claims or unstakes.
			let owed = (0..nominators as u32)
				.filter(|i| {
					Staking::root_dividends_owed(&id(AliceStash), &AccountId::new(blake(*i))) > 0
				})
				.count();
			assert_eq!(owed, nominators as usize);
		});
		writes
	};
	assert_eq!(epoch_writes(1), epoch_writes(200));
}

fn blake(i: u32) -> [u8; 32] {
	BlakeTwo256::hash(&i.to_le_bytes()).0
}

#[test]
fn dissolving_a_subnet_pays_any_number_of_positions_a_bounded_number_per_block() {
	let mut ext = development_externalities();
	let stakers: Vec<AccountId> = (0..300u32).map(|i| AccountId::new(blake(i))).collect();
	ext.execute_with(|| {
		for who in &stakers {
			let _ = <dtao_runtime::Balances as frame_support::traits::fungible::Mutate<
				AccountId,
			>>::mint_into(who, 10 * TAO);
			assert_ok!(Staking::add_stake(
				dtao_runtime::RuntimeOrigin::signed(who.clone()),
				id(AliceStash),
				2,
				TAO,
			));
		}
	});
	ext.commit_all().unwrap();
	let free = |who: &AccountId| dtao_runtime::Balances::free_balance(who);
	let before: Vec<Balance> = ext.execute_with(|| stakers.iter().map(free).collect());
	ext.execute_with(|| {
		let m =
			ratify(RuntimeCall::Subnets(pallet_dtao_subnets::Call::dissolve_network { netuid: 2 }));
		assert_eq!(executed(&m), Some(Ok(())));
	});
	// The close block writes no more than a subnet's neurons and records, not a key per
	// position.
	assert!(ext.overlayed_changes().changes().count() < 200);
	ext.commit_all().unwrap();
	let limit: u32 = <Runtime as pallet_dtao_staking::Config>::MaxPoolPayoutsPerBlock::get();
	ext.execute_with(|| {
		let start = System::block_number();
		let mut blocks = 0;
		while <Staking as dtao_primitives::SubnetPools<_, _>>::is_closing(2) {
			run_to_block(start + blocks + 1);
			blocks += 1;
		}
		// 300 positions (and Alice's) at most `limit` a block.
		assert!(blocks >= 301 / limit && blocks <= 301 / limit + 3, "{blocks} blocks");
		for (who, b) in stakers.iter().zip(before) {
			let back = free(who) - b;
			assert!(back > TAO / 2 && back < TAO, "{back}");
		}
	});
	ext.execute_with(|| {
		pallet_dtao_staking::Pallet::<Runtime>::do_try_state().expect("staking invariants");
	});
}

#[test]
fn balance_voted_without_conviction_for_a_block_never_reaches_root() {
	on_development_chain(|| {
		let call = set_min_stake(42 * TAO);
		let deposit = dtao_runtime::governance::MinimumDeposit::get();
		assert_ok!(Democracy::propose(signed(One), Preimage::bound(call).unwrap(), deposit));
		let launch = dtao_runtime::governance::LaunchPeriod::get();
		jump_to(launch);
		// In the last block before the count, 396,000 TAO (some 28 % of the issuance) vote
		// without conviction: balance that may leave in the very block it is counted.
		let end = launch + dtao_runtime::governance::VotingPeriod::get();
		jump_to(end - 1);
		for who in [One, Two, AliceStash, BobStash] {
			let vote = pallet_democracy::AccountVote::Standard {
				vote: pallet_democracy::Vote {
					aye: true,
					conviction: pallet_democracy::Conviction::None,
				},
				balance: 99_000 * TAO,
			};
			assert_ok!(Democracy::vote(signed(who), 0, vote));
		}
		// It weighs a tenth: below the 5 % minimum, cancelled uncounted.
		jump_to(end);
		assert!(pallet_democracy::ReferendumInfoOf::<Runtime>::get(0).is_none());
		jump_to(end + dtao_runtime::governance::EnactmentPeriod::get());
		assert_eq!(min_stake(), 500_000);
	});
}

#[test]
fn root_stake_added_before_an_epoch_cannot_leave_right_after_it() {
	on_development_chain(|| {
		// Subnet 1 pays its validators at block 9; a coldkey stakes on Alice's validator just
		// before, to leave just after with a share of the root stakers' dividends.
		run_to_block(8);
		assert_ok!(Staking::add_stake(signed(One), id(AliceStash), 0, 50_000 * TAO));
		run_to_block(10);
		assert!(Staking::root_dividends_owed(&id(AliceStash), &id(One)) > 0);
		assert_noop!(
			Staking::remove_stake(signed(One), id(AliceStash), 0, 50_000 * TAO),
			pallet_dtao_staking::Error::<Runtime>::StakeCoolingDown
		);
		// Only after a tempo, through every subnet's epochs, like any other root staker.
		run_to_block(8 + 360);
		assert_ok!(Staking::remove_stake(signed(One), id(AliceStash), 0, 50_000 * TAO));
	});
}

#[test]
fn a_new_refresh_interval_never_makes_a_short_period() {
	on_development_chain(|| {
		// Interval 360: periods begin at blocks 360, 720, …; governance sets 361 at block 355.
		run_to_block(355);
		let m =
			ratify(RuntimeCall::Governance(pallet_dtao_governance::Call::set_refresh_interval {
				interval: 361,
			}));
		assert_eq!(executed(&m), Some(Ok(())));
		run_to_block(361);
		// Block 361 is a multiple of the new interval, but the period that began at 360 lasts
		// a whole interval, so stake placed at 359 is not lasting yet.
		assert_eq!(pallet_dtao_governance::RefreshPeriod::<Runtime>::get(), 1);
		assert_eq!(pallet_dtao_governance::NextRefresh::<Runtime>::get(), 360 + 361);
	});
}

#[test]
fn senators_outranked_during_a_motion_keep_their_votes() {
	on_development_chain(|| {
		// Three delegates of three coldkeys with more lasting stake than Dave, Eve and Ferdie.
		for (coldkey, n) in [(One, 51u8), (Two, 52), (AliceStash, 53)] {
			for call in borrowed_seat(n, 40_000 * TAO).into_iter().take(3) {
				assert_ok!(call.dispatch(signed(coldkey)));
			}
		}
		next_period();
		next_period();
		// A Senate of three seats, and a motion Dave and Eve approve.
		let m = ratify(RuntimeCall::Governance(pallet_dtao_governance::Call::set_senate_size {
			size: 3,
		}));
		assert_eq!(executed(&m), Some(Ok(())));
		let m = propose(Alice, set_min_stake(7 * TAO));
		vote(Dave, DaveStash, &m, true);
		vote(Eve, EveStash, &m, true);
		// They join and take every seat, then leave again.
		for (coldkey, n) in [(One, 51u8), (Two, 52), (AliceStash, 53)] {
			assert_ok!(Governance::join_senate(signed(coldkey), fresh(n)));
		}
		assert!(!seats().contains(&id(DaveStash)));
		for (coldkey, n) in [(One, 51u8), (Two, 52), (AliceStash, 53)] {
			assert_ok!(Governance::leave_senate(signed(coldkey), fresh(n)));
		}
		// Dave and Eve were outranked, not at fault: their ayes stand and pass the motion.
		assert_eq!(<Senate as Motions<_, _, _, _>>::voting(&m.hash).unwrap().ayes.len(), 2);
		assert_ok!(close(Alice, &m));
		assert_eq!(executed(&m), Some(Ok(())));
		assert_eq!(min_stake(), 7 * TAO);
	});
}

#[test]
fn a_senate_of_two_seats_takes_no_proposals() {
	on_development_chain(|| {
		assert_ok!(Governance::leave_senate(signed(Ferdie), id(FerdieStash)));
		let call = set_min_stake(7 * TAO);
		assert_noop!(
			Governance::propose(signed(Alice), Box::new(call.clone()), call.encoded_size() as u32),
			pallet_dtao_governance::Error::<Runtime>::TooFewSeats
		);
	});
}

// The benchmark build gives Root these origins so that pallet-collective's own benchmarks run;
// the runtime a chain runs never does.
#[cfg(not(feature = "runtime-benchmarks"))]
#[test]
fn not_even_root_drops_a_motion_behind_the_governance_pallet() {
	on_development_chain(|| {
		let m = propose(Alice, set_min_stake(7 * TAO));
		let root = dtao_runtime::RuntimeOrigin::root();
		assert_noop!(
			dtao_runtime::Senate::disapprove_proposal(root.clone(), m.hash),
			DispatchError::BadOrigin
		);
		assert_noop!(dtao_runtime::Senate::kill(root.clone(), m.hash), DispatchError::BadOrigin);
		assert_ok!(Governance::disapprove_motion(root, m.hash));
	});
}
