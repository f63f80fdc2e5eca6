//! Unit tests of the governance pallet.

use crate::{
	mock::*, Candidates, Error, Event, MotionDuration, OpenMotions, SenateMinStakeShare,
	SenateRefreshInterval, SenateSize, StakeFloor,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	BoundedVec,
};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	DispatchError, Perbill,
};

type SenateEvent = pallet_collective::Event<Test, SenateInstance>;

fn set_min_stake(amount: Balance) -> RuntimeCall {
	RuntimeCall::Staking(pallet_dtao_staking::Call::set_min_stake { amount })
}

/// Alice proposes `call`; returns its hash and index.
fn propose(call: RuntimeCall) -> (sp_core::H256, u32) {
	let len = call.encoded_size() as u32;
	let hash = BlakeTwo256::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Test, SenateInstance>::get();
	assert_ok!(Governance::propose(RuntimeOrigin::signed(ALICE), Box::new(call), len));
	(hash, index)
}

fn close(
	by: AccountId,
	call: &RuntimeCall,
	hash: sp_core::H256,
	index: u32,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Governance::close(
		RuntimeOrigin::signed(by),
		hash,
		index,
		call.get_dispatch_info().call_weight,
		call.encoded_size() as u32,
	)
}

fn senate() -> Vec<AccountId> {
	pallet_collective::Members::<Test, SenateInstance>::get()
}

fn vote(coldkey: AccountId, hotkey: AccountId, hash: sp_core::H256, index: u32, aye: bool) {
	assert_ok!(Governance::vote(RuntimeOrigin::signed(coldkey), hotkey, hash, index, aye));
}

fn stake(coldkey: AccountId, hotkey: AccountId, amount: Balance) {
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(coldkey), hotkey, 0, amount));
}

fn unstake(coldkey: AccountId, hotkey: AccountId, amount: Balance) {
	assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(coldkey), hotkey, 0, amount));
}

/// Registers `hotkey` for `coldkey` as a delegate with `amount` of root stake.
fn delegate(coldkey: AccountId, hotkey: AccountId, amount: Balance) {
	assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(coldkey), hotkey));
	assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(coldkey), hotkey, None));
	stake(coldkey, hotkey, amount);
}

fn min_stake() -> Balance {
	pallet_dtao_staking::MinStake::<Test>::get()
}

#[test]
fn genesis_seats_the_staked_candidates() {
	build_and_execute(|| {
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT]);
		assert_eq!(Candidates::<Test>::get().into_inner(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT]);
		assert_eq!(SenateSize::<Test>::get(), 12);
		assert_eq!(MotionDuration::<Test>::get(), 10);
	});
}

#[test]
fn propose_opens_a_senate_motion_with_majority_threshold() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call);
		let voting = <Senate as crate::Motions<_, _, _, _>>::voting(&hash).unwrap();
		assert_eq!(voting.threshold, 2);
		assert_eq!(voting.end, 1 + 10);
		assert_eq!(
			senate_events().last(),
			Some(&SenateEvent::Proposed {
				account: ALICE,
				proposal_index: index,
				proposal_hash: hash,
				threshold: 2
			})
		);
	});
}

#[test]
fn only_triumvirs_propose() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let len = call.encoded_size() as u32;
		for who in [DAVE, DAVE_HOT, GRACE] {
			assert_noop!(
				Governance::propose(RuntimeOrigin::signed(who), Box::new(call.clone()), len),
				Error::<Test>::NotTriumvir
			);
		}
		assert_noop!(
			Governance::propose(RuntimeOrigin::root(), Box::new(call), len),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn ratified_proposal_executes_in_the_close_block() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call.clone());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(EVE), EVE_HOT, hash, index, true));
		assert_eq!(pallet_dtao_staking::MinStake::<Test>::get(), TAO);
		assert_ok!(close(BOB, &call, hash, index));
		assert_eq!(pallet_dtao_staking::MinStake::<Test>::get(), 5 * TAO);
		assert!(senate_events()
			.contains(&SenateEvent::Executed { proposal_hash: hash, result: Ok(()) }));
		assert!(pallet_collective::Voting::<Test, SenateInstance>::get(hash).is_none());
	});
}

#[test]
fn rejected_proposal_never_executes() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call.clone());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, false));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(EVE), EVE_HOT, hash, index, false));
		assert_ok!(close(ALICE, &call, hash, index));
		assert_eq!(pallet_dtao_staking::MinStake::<Test>::get(), TAO);
		assert!(senate_events().contains(&SenateEvent::Disapproved { proposal_hash: hash }));
	});
}

#[test]
fn expired_proposal_counts_abstentions_as_nays_and_anyone_may_close_it() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call.clone());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true));
		assert_noop!(close(GRACE, &call, hash, index), Error::<Test>::VotingNotOver);
		// A triumvir may try early, but one aye of three seats decides nothing yet.
		assert_noop!(close(ALICE, &call, hash, index), Error::<Test>::TooEarly);
		run_to_block(11);
		assert_ok!(close(GRACE, &call, hash, index));
		assert_eq!(pallet_dtao_staking::MinStake::<Test>::get(), TAO);
		assert!(senate_events().contains(&SenateEvent::Disapproved { proposal_hash: hash }));
	});
}

#[test]
fn close_of_a_missing_motion_fails_clearly() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let hash = BlakeTwo256::hash_of(&call);
		assert_noop!(close(GRACE, &call, hash, 0), Error::<Test>::ProposalMissing);
		assert_noop!(close(ALICE, &call, hash, 0), Error::<Test>::ProposalMissing);
	});
}

#[test]
fn votes_need_the_owning_coldkey_of_a_seated_hotkey() {
	build_and_execute(|| {
		let (hash, index) = propose(set_min_stake(5 * TAO));
		// A triumvir cannot vote, even for a hotkey.
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(ALICE), DAVE_HOT, hash, index, true),
			Error::<Test>::TriumvirCannotVote
		);
		// Eve's coldkey does not own Dave's hotkey.
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(EVE), DAVE_HOT, hash, index, true),
			Error::<Test>::NotHotkeyOwner
		);
		// The hotkey cannot sign for itself.
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(DAVE_HOT), DAVE_HOT, hash, index, true),
			Error::<Test>::NotHotkeyOwner
		);
		// Grace's hotkey is registered but holds no seat.
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(GRACE), GRACE_HOT, hash, index, true),
			Error::<Test>::NotSenateMember
		);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(GRACE), 999, hash, index, true),
			Error::<Test>::UnknownHotkey
		);
		// The collective's own checks still apply.
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index + 1, true),
			pallet_collective::Error::<Test, SenateInstance>::WrongIndex
		);
		assert_ok!(Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true),
			pallet_collective::Error::<Test, SenateInstance>::DuplicateVote
		);
	});
}

#[test]
fn a_senator_whose_hotkey_becomes_a_triumvir_cannot_vote_with_it() {
	build_and_execute(|| {
		let (hash, index) = propose(set_min_stake(5 * TAO));
		assert_ok!(Governance::set_triumvirate(
			RuntimeOrigin::root(),
			BoundedVec::truncate_from(vec![ALICE, BOB, DAVE_HOT])
		));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true),
			Error::<Test>::TriumvirCannotVote
		);
	});
}

#[test]
fn a_senator_who_loses_the_seat_loses_the_open_votes() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call.clone());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true));
		assert_ok!(Governance::leave_senate(RuntimeOrigin::signed(DAVE), DAVE_HOT));
		assert_eq!(senate(), vec![EVE_HOT, FERDIE_HOT]);
		let voting = <Senate as crate::Motions<_, _, _, _>>::voting(&hash).unwrap();
		assert!(voting.ayes.is_empty());
		assert!(governance_events()
			.contains(&Event::SenateChanged { joined: vec![], left: vec![DAVE_HOT] }));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true),
			Error::<Test>::NotSenateMember
		);
		// One aye of the two remaining seats is short of the threshold of 2.
		assert_ok!(Governance::vote(RuntimeOrigin::signed(EVE), EVE_HOT, hash, index, true));
		assert_noop!(close(ALICE, &call, hash, index), Error::<Test>::TooEarly);
	});
}

#[test]
fn join_senate_checks_eligibility() {
	build_and_execute(|| {
		assert_noop!(
			Governance::join_senate(RuntimeOrigin::signed(DAVE), GRACE_HOT),
			Error::<Test>::NotHotkeyOwner
		);
		assert_noop!(
			Governance::join_senate(RuntimeOrigin::signed(DAVE), 999),
			Error::<Test>::UnknownHotkey
		);
		assert_noop!(
			Governance::join_senate(RuntimeOrigin::signed(DAVE), DAVE_HOT),
			Error::<Test>::AlreadyCandidate
		);
		// A triumvir's hotkey cannot join.
		assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(ALICE), 101));
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(ALICE), 101, None));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(ALICE), 101, 0, 100 * TAO));
		assert_noop!(
			Governance::join_senate(RuntimeOrigin::signed(ALICE), 101),
			Error::<Test>::TriumvirCannotJoin
		);
		// Not a delegate.
		assert_ok!(Staking::register_hotkey(RuntimeOrigin::signed(8), 108));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(8), 108, 0, 100 * TAO));
		assert_noop!(
			Governance::join_senate(RuntimeOrigin::signed(8), 108),
			Error::<Test>::NotDelegate
		);
		// A delegate below 2 % of total stake (its stake may leave after the cooldown).
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(8), 108, None));
		run_to_block(System::block_number() + 5);
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(8), 108, 0, 95 * TAO));
		assert_noop!(
			Governance::join_senate(RuntimeOrigin::signed(8), 108),
			Error::<Test>::InsufficientStake
		);
		assert_noop!(
			Governance::leave_senate(RuntimeOrigin::signed(GRACE), GRACE_HOT),
			Error::<Test>::NotCandidate
		);
		assert_ok!(Governance::join_senate(RuntimeOrigin::signed(GRACE), GRACE_HOT));
		assert_eq!(
			governance_events().last(),
			Some(&Event::SenateChanged { joined: vec![GRACE_HOT], left: vec![] })
		);
	});
}

#[test]
fn governed_setters_accept_only_a_ratified_origin() {
	build_and_execute(|| {
		let minority = pallet_collective::RawOrigin::<AccountId, SenateInstance>::Members(1, 3);
		let half = pallet_collective::RawOrigin::<AccountId, SenateInstance>::Members(2, 4);
		let majority = pallet_collective::RawOrigin::<AccountId, SenateInstance>::Members(2, 3);
		let triumvirate_all =
			pallet_collective::RawOrigin::<AccountId, TriumvirateInstance>::Members(3, 3);
		for origin in [
			RuntimeOrigin::signed(ALICE),
			RuntimeOrigin::signed(DAVE_HOT),
			minority.into(),
			half.into(),
			triumvirate_all.into(),
		] {
			assert_noop!(Governance::set_senate_size(origin.clone(), 5), DispatchError::BadOrigin);
			assert_noop!(
				Governance::set_min_stake_share(origin.clone(), Perbill::from_percent(5)),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Governance::set_refresh_interval(origin.clone(), 5),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Governance::set_motion_duration(origin.clone(), 5),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Governance::authorize_upgrade(origin.clone(), Default::default()),
				DispatchError::BadOrigin
			);
			assert_noop!(Staking::set_min_stake(origin, 5), DispatchError::BadOrigin);
		}
		let ratified: RuntimeOrigin = majority.into();
		assert_ok!(Governance::set_senate_size(ratified.clone(), 5));
		assert_ok!(Governance::set_min_stake_share(ratified.clone(), Perbill::from_percent(5)));
		assert_ok!(Governance::set_refresh_interval(ratified.clone(), 7));
		assert_ok!(Governance::set_motion_duration(ratified.clone(), 9));
		assert_eq!(
			(SenateSize::<Test>::get(), SenateMinStakeShare::<Test>::get()),
			(5, Perbill::from_percent(5))
		);
		assert_eq!((SenateRefreshInterval::<Test>::get(), MotionDuration::<Test>::get()), (7, 9));
		assert_ok!(Governance::set_senate_size(RuntimeOrigin::root(), 12));
	});
}

#[test]
fn ratified_motion_authorizes_a_runtime_upgrade() {
	build_and_execute(|| {
		let code_hash = BlakeTwo256::hash(b"new runtime code");
		let call = RuntimeCall::Governance(crate::Call::authorize_upgrade { code_hash });
		let (hash, index) = propose(call.clone());
		assert_ok!(Governance::vote(RuntimeOrigin::signed(EVE), EVE_HOT, hash, index, true));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(FERDIE), FERDIE_HOT, hash, index, true));
		assert_ok!(close(CHARLIE, &call, hash, index));
		let authorized = System::authorized_upgrade().unwrap();
		assert_eq!(authorized.code_hash(), &code_hash);
	});
}

#[test]
fn propose_needs_three_seats_and_a_sufficient_length_bound() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(ALICE), Box::new(call.clone()), 1),
			pallet_collective::Error::<Test, SenateInstance>::WrongProposalLength
		);
		// Two seats could not outvote one another's senator: no proposals.
		assert_ok!(Governance::leave_senate(RuntimeOrigin::signed(FERDIE), FERDIE_HOT));
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(ALICE), Box::new(call.clone()), 100),
			Error::<Test>::TooFewSeats
		);
		for (coldkey, hotkey) in [(DAVE, DAVE_HOT), (EVE, EVE_HOT)] {
			assert_ok!(Governance::leave_senate(RuntimeOrigin::signed(coldkey), hotkey));
		}
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(ALICE), Box::new(call), 100),
			Error::<Test>::TooFewSeats
		);
	});
}

#[test]
fn a_senator_who_becomes_a_triumvir_stops_voting_and_loses_the_seat() {
	build_and_execute(|| {
		let (hash, index) = propose(set_min_stake(5 * TAO));
		assert_ok!(Governance::set_triumvirate(
			RuntimeOrigin::root(),
			BoundedVec::truncate_from(vec![ALICE, BOB, DAVE])
		));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true),
			Error::<Test>::TriumvirCannotVote
		);
		assert_eq!(senate(), vec![EVE_HOT, FERDIE_HOT]);
		// Still a candidate: should Dave leave the Triumvirate, the seat comes back.
		assert!(Candidates::<Test>::get().contains(&DAVE_HOT));
	});
}

#[test]
fn a_stake_drop_below_the_bar_loses_the_seat_and_its_votes_at_once() {
	build_and_execute(|| {
		let (hash, index) = propose(set_min_stake(5 * TAO));
		vote(FERDIE, FERDIE_HOT, hash, index, true);
		// Ferdie unstakes below 2 % of the total: the seat and the aye go in the same call.
		unstake(FERDIE, FERDIE_HOT, 95 * TAO);
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT]);
		assert!(<Senate as crate::Motions<_, _, _, _>>::voting(&hash).unwrap().ayes.is_empty());
		assert!(governance_events().contains(&Event::SeatLost {
			hotkey: FERDIE_HOT,
			lasting_stake: 5 * TAO,
			required: Perbill::from_percent(2).mul_ceil(555 * TAO),
		}));
		// A drop that stays above the bar keeps the seat.
		unstake(EVE, EVE_HOT, 100 * TAO);
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT]);
		// Ferdie stays a candidate: stake held again for a whole period brings the seat back,
		// but not the vote on the motion proposed before.
		stake(FERDIE, FERDIE_HOT, 95 * TAO);
		next_period();
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT]);
		next_period();
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT]);
		assert!(Candidates::<Test>::get().contains(&FERDIE_HOT));
	});
}

#[test]
fn stake_counts_toward_a_seat_only_once_held_for_a_whole_period() {
	build_and_execute(|| {
		// Grace joins with her genesis stake; Gus (8) stakes now.
		delegate(8, 108, 400 * TAO);
		assert_eq!(Governance::lasting_stake(&108), 0);
		assert_noop!(
			Governance::join_senate(RuntimeOrigin::signed(8), 108),
			Error::<Test>::InsufficientStake
		);
		// Not at the next refresh (block 20): the stake arrived during that period ...
		next_period();
		assert_eq!(Governance::lasting_stake(&108), 0);
		// ... but at the one after, having been held through the whole of it.
		next_period();
		assert_eq!(Governance::lasting_stake(&108), 400 * TAO);
		assert_ok!(Governance::join_senate(RuntimeOrigin::signed(8), 108));
		assert!(senate().contains(&108));
		// More stake on a senator counts only later too; less counts at once.
		stake(8, 108, 100 * TAO);
		assert_eq!(Governance::lasting_stake(&108), 400 * TAO);
		run_to_block(System::block_number() + 5);
		unstake(8, 108, 300 * TAO);
		assert_eq!(Governance::lasting_stake(&108), 200 * TAO);
	});
}

#[test]
fn the_largest_lasting_stakes_win_the_seats() {
	build_and_execute(|| {
		assert_ok!(Governance::join_senate(RuntimeOrigin::signed(GRACE), GRACE_HOT));
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT, GRACE_HOT]);
		assert_ok!(Governance::set_senate_size(RuntimeOrigin::root(), 3));
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT]);
		// Grace outstakes Ferdie, but the stake must last a whole period first.
		stake(GRACE, GRACE_HOT, 400 * TAO);
		next_period();
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT]);
		next_period();
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, GRACE_HOT]);
	});
}

#[test]
fn stake_that_arrives_for_a_moment_raises_nobody_s_bar() {
	build_and_execute(|| {
		// At 8 % of 650 TAO the bar is 52 TAO; Ferdie holds 100.
		assert_ok!(Governance::set_min_stake_share(
			RuntimeOrigin::root(),
			Perbill::from_percent(8)
		));
		let (hash, index) = propose(set_min_stake(5 * TAO));
		vote(FERDIE, FERDIE_HOT, hash, index, true);
		// A whale stakes 700 TAO: on the stake of the moment the bar would be 108 TAO.
		delegate(8, 108, 700 * TAO);
		assert_eq!(Governance::min_senate_stake(), Perbill::from_percent(8).mul_ceil(650 * TAO));
		// Ferdie's own small drop is judged against the lasting bar, and a refresh too.
		unstake(FERDIE, FERDIE_HOT, TAO);
		next_period();
		assert!(senate().contains(&FERDIE_HOT));
		assert_eq!(
			<Senate as crate::Motions<_, _, _, _>>::voting(&hash).unwrap().ayes,
			vec![FERDIE_HOT]
		);
		unstake(8, 108, 700 * TAO);
		assert!(senate().contains(&FERDIE_HOT));
	});
}

#[test]
fn a_coldkey_holds_one_seat() {
	build_and_execute(|| {
		// Dave's second hotkey, as lasting as the first.
		delegate(DAVE, 204, 150 * TAO);
		next_period();
		next_period();
		assert_ok!(Governance::join_senate(RuntimeOrigin::signed(DAVE), 204));
		assert!(Candidates::<Test>::get().contains(&204));
		// Only the larger of Dave's hotkeys is seated.
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT]);
		unstake(DAVE, DAVE_HOT, 200 * TAO);
		next_period();
		assert_eq!(senate(), vec![EVE_HOT, FERDIE_HOT, 204]);
	});
}

#[test]
fn a_full_candidate_list_makes_room_for_more_lasting_stake() {
	build_and_execute(|| {
		assert_ok!(Governance::set_min_stake_share(
			RuntimeOrigin::root(),
			crate::MIN_MIN_STAKE_SHARE
		));
		// 61 more candidates fill the list of 64 with 400 TAO each, and Gus (8) stakes as much;
		// at 1/64 of the 25,450 TAO staked the bar is about 397.7 TAO, so Dave, Eve and Ferdie
		// stay candidates below it.
		let mut filler = vec![];
		for i in 0..61u64 {
			let (coldkey, hotkey) = (1_000 + i, 2_000 + i);
			let _ = <Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
				&coldkey,
				500 * TAO,
			);
			delegate(coldkey, hotkey, 400 * TAO);
			filler.push((coldkey, hotkey));
		}
		delegate(8, 108, 400 * TAO);
		next_period();
		next_period();
		for (coldkey, hotkey) in &filler {
			assert_ok!(Governance::join_senate(RuntimeOrigin::signed(*coldkey), *hotkey));
		}
		assert_eq!(Candidates::<Test>::get().len(), 64);
		// Stake that is not lasting makes no room, however large.
		let _ =
			<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(&9, 1_000 * TAO);
		delegate(9, 109, 900 * TAO);
		assert_noop!(
			Governance::join_senate(RuntimeOrigin::signed(9), 109),
			Error::<Test>::InsufficientStake
		);
		// Gus's 400 lasting TAO beats the smallest candidate, Ferdie's 100.
		assert_ok!(Governance::join_senate(RuntimeOrigin::signed(8), 108));
		assert!(
			governance_events().contains(&Event::CandidateEvicted { hotkey: FERDIE_HOT, by: 108 })
		);
		assert!(Candidates::<Test>::get().contains(&108));
		assert!(!Candidates::<Test>::get().contains(&FERDIE_HOT));
		assert_eq!(Candidates::<Test>::get().len(), 64);
	});
}

#[test]
fn seats_gained_after_a_proposal_can_neither_vote_nor_kill_it() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call.clone());
		// The Senate grows from three seats to four while the motion is open.
		assert_ok!(Governance::join_senate(RuntimeOrigin::signed(GRACE), GRACE_HOT));
		assert_eq!(senate().len(), 4);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(GRACE), GRACE_HOT, hash, index, false),
			Error::<Test>::SeatedAfterProposal
		);
		// Two ayes of the three seats it was proposed to ratify it: 2 · 2 > 3.
		vote(DAVE, DAVE_HOT, hash, index, true);
		vote(EVE, EVE_HOT, hash, index, true);
		assert_ok!(close(ALICE, &call, hash, index));
		assert_eq!(min_stake(), 5 * TAO);
		assert!(senate_events()
			.contains(&SenateEvent::Executed { proposal_hash: hash, result: Ok(()) }));
	});
}

#[test]
fn a_seat_lost_and_regained_cannot_vote_on_an_older_motion() {
	build_and_execute(|| {
		let (hash, index) = propose(set_min_stake(5 * TAO));
		assert_ok!(Governance::leave_senate(RuntimeOrigin::signed(EVE), EVE_HOT));
		assert_ok!(Governance::join_senate(RuntimeOrigin::signed(EVE), EVE_HOT));
		assert!(senate().contains(&EVE_HOT));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(EVE), EVE_HOT, hash, index, true),
			Error::<Test>::SeatedAfterProposal
		);
	});
}

#[test]
fn a_triumvir_holds_at_most_three_open_motions() {
	build_and_execute(|| {
		for i in 0..3 {
			propose(set_min_stake(2 * TAO + i));
		}
		let call = set_min_stake(9 * TAO);
		assert_noop!(
			Governance::propose(
				RuntimeOrigin::signed(ALICE),
				Box::new(call.clone()),
				call.encoded_size() as u32
			),
			Error::<Test>::TooManyMotions
		);
		// Another triumvir still can.
		assert_ok!(Governance::propose(
			RuntimeOrigin::signed(BOB),
			Box::new(call.clone()),
			call.encoded_size() as u32
		));
	});
}

#[test]
fn a_ratified_motion_disapproves_an_open_motion_but_not_itself() {
	build_and_execute(|| {
		let (spam, _) = propose(set_min_stake(2 * TAO));
		let call = RuntimeCall::Governance(crate::Call::disapprove_motion { proposal_hash: spam });
		let (hash, index) = propose(call.clone());
		vote(DAVE, DAVE_HOT, hash, index, true);
		vote(EVE, EVE_HOT, hash, index, true);
		assert_ok!(close(BOB, &call, hash, index));
		assert!(governance_events().contains(&Event::MotionDisapproved { proposal_hash: spam }));
		assert!(!OpenMotions::<Test>::contains_key(spam));
		assert!(<Senate as crate::Motions<_, _, _, _>>::voting(&spam).is_none());

		assert_noop!(
			Governance::disapprove_motion(RuntimeOrigin::signed(ALICE), hash),
			DispatchError::BadOrigin
		);
		// A call cannot name its own motion (it would contain its own hash), but the motion
		// being closed is refused all the same.
		let (open, _) = propose(set_min_stake(3 * TAO));
		crate::Closing::<Test>::put((open, 3));
		assert_noop!(
			Governance::disapprove_motion(RuntimeOrigin::root(), open),
			Error::<Test>::MotionBeingClosed
		);
		crate::Closing::<Test>::kill();
		assert_ok!(Governance::disapprove_motion(RuntimeOrigin::root(), open));
	});
}

#[test]
fn the_triumvirate_stays_three_without_a_prime() {
	build_and_execute(|| {
		let set = |members: Vec<AccountId>| {
			Governance::set_triumvirate(RuntimeOrigin::root(), BoundedVec::truncate_from(members))
		};
		assert_noop!(set(vec![ALICE, BOB]), Error::<Test>::WrongTriumvirateSize);
		assert_noop!(set(vec![ALICE, BOB, BOB]), Error::<Test>::WrongTriumvirateSize);
		assert_noop!(
			Governance::set_triumvirate(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![ALICE, BOB, GRACE])
			),
			DispatchError::BadOrigin
		);
		// The collective's own setter is closed to every origin.
		assert_noop!(
			Triumvirate::set_members(RuntimeOrigin::root(), vec![ALICE, BOB, GRACE, 9], Some(9), 3),
			DispatchError::BadOrigin
		);
		assert_ok!(set(vec![GRACE, BOB, ALICE]));
		assert_eq!(
			pallet_collective::Members::<Test, TriumvirateInstance>::get(),
			vec![ALICE, BOB, GRACE]
		);
		assert_eq!(pallet_collective::Prime::<Test, TriumvirateInstance>::get(), None);
		assert!(governance_events()
			.contains(&Event::TriumvirateSet { members: vec![ALICE, BOB, GRACE] }));
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(CHARLIE), Box::new(set_min_stake(1)), 100),
			Error::<Test>::NotTriumvir
		);
	});
}

#[test]
fn governed_setters_check_their_bounds() {
	build_and_execute(|| {
		let root = RuntimeOrigin::root();
		for size in [0, 2, 13] {
			assert_noop!(
				Governance::set_senate_size(root.clone(), size),
				Error::<Test>::ParameterOutOfRange
			);
		}
		for share in [Perbill::zero(), Perbill::from_percent(1), Perbill::from_percent(9)] {
			assert_noop!(
				Governance::set_min_stake_share(root.clone(), share),
				Error::<Test>::ParameterOutOfRange
			);
		}
		for blocks in [0, 4, 1_001, u64::MAX] {
			assert_noop!(
				Governance::set_refresh_interval(root.clone(), blocks),
				Error::<Test>::ParameterOutOfRange
			);
			assert_noop!(
				Governance::set_motion_duration(root.clone(), blocks),
				Error::<Test>::ParameterOutOfRange
			);
		}
		assert_noop!(
			Governance::set_min_turnout(root.clone(), Perbill::from_percent(51)),
			Error::<Test>::ParameterOutOfRange
		);
		// The extremes that are allowed keep the flow going: a motion proposed with the
		// longest duration still ends.
		assert_ok!(Governance::set_motion_duration(root.clone(), 1_000));
		assert_ok!(Governance::set_refresh_interval(root.clone(), 1_000));
		assert_ok!(Governance::set_min_turnout(root, Perbill::from_percent(50)));
		let (hash, _) = propose(set_min_stake(5 * TAO));
		assert_eq!(<Senate as crate::Motions<_, _, _, _>>::voting_end(&hash), Some(1_001));
	});
}

#[test]
fn senators_and_triumvirs_pay_as_in_the_collective() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call.clone());
		let first =
			Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, false).unwrap();
		assert_eq!(first.pays_fee, Pays::No);
		let again =
			Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true).unwrap();
		assert_eq!(again.pays_fee, Pays::Yes);
		vote(EVE, EVE_HOT, hash, index, true);
		let closed = close(ALICE, &call, hash, index).unwrap();
		assert_eq!(closed.pays_fee, Pays::No);
		// Refused calls pay in full.
		let refused =
			Governance::propose(RuntimeOrigin::signed(GRACE), Box::new(call), 100).unwrap_err();
		assert_eq!(refused.post_info.pays_fee, Pays::Yes);
		assert_eq!(refused.post_info.actual_weight, None);
		for info in [
			crate::Call::<Test>::propose { proposal: Box::new(set_min_stake(1)), length_bound: 9 }
				.get_dispatch_info(),
			crate::Call::<Test>::vote { hotkey: DAVE_HOT, proposal: hash, index, approve: true }
				.get_dispatch_info(),
		] {
			assert_eq!(info.class, frame_support::dispatch::DispatchClass::Operational);
		}
	});
}

#[test]
fn lasting_stake_is_the_least_held_since_the_previous_period_began() {
	type Floor = StakeFloor<u64>;
	// No change for a whole period: all of it.
	assert_eq!(Floor::lasting(None, 100, 7), 100);
	assert_eq!(Floor::lasting(Some(Floor { period: 3, previous: 0, current: 0 }), 100, 7), 100);
	// Staked 100 from 0 in period 5: nothing in 5 or 6, all of it from 7.
	let f = Floor::record(None, 0, 100, 5);
	assert_eq!(f, Floor { period: 5, previous: 0, current: 0 });
	assert_eq!(Floor::lasting(Some(f), 100, 5), 0);
	assert_eq!(Floor::lasting(Some(f), 100, 6), 0);
	assert_eq!(Floor::lasting(Some(f), 100, 7), 100);
	// Raised to 150 in period 6: 100 of it lasts in 7, all of it in 8.
	let f = Floor::record(Some(f), 100, 150, 6);
	assert_eq!(f, Floor { period: 6, previous: 0, current: 100 });
	assert_eq!(Floor::lasting(Some(f), 150, 7), 100);
	assert_eq!(Floor::lasting(Some(f), 150, 8), 150);
	// Lowered to 40 and raised back in period 8: 40 until the end of period 9.
	let f = Floor::record(None, 150, 40, 8);
	let f = Floor::record(Some(f), 40, 150, 8);
	assert_eq!(Floor::lasting(Some(f), 150, 8), 40);
	assert_eq!(Floor::lasting(Some(f), 150, 9), 40);
	assert_eq!(Floor::lasting(Some(f), 150, 10), 150);
	// A drop counts at once.
	assert_eq!(Floor::lasting(Some(f), 10, 9), 10);
}

#[test]
fn an_outranked_senator_keeps_its_vote_and_its_right_to_vote() {
	build_and_execute(|| {
		assert_ok!(Governance::set_senate_size(RuntimeOrigin::root(), 3));
		stake(GRACE, GRACE_HOT, 400 * TAO);
		next_period();
		next_period();
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call.clone());
		vote(FERDIE, FERDIE_HOT, hash, index, true);
		// Grace's lasting 450 TAO outranks Ferdie's 100 for the third seat.
		assert_ok!(Governance::join_senate(RuntimeOrigin::signed(GRACE), GRACE_HOT));
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, GRACE_HOT]);
		// Ferdie's aye stands, and he may still vote on the motion he was seated for.
		let votes = <Senate as crate::Motions<_, _, _, _>>::voting(&hash).unwrap();
		assert_eq!(votes.ayes, vec![FERDIE_HOT]);
		vote(FERDIE, FERDIE_HOT, hash, index, false);
		vote(FERDIE, FERDIE_HOT, hash, index, true);
		vote(DAVE, DAVE_HOT, hash, index, true);
		assert_ok!(close(ALICE, &call, hash, index));
		assert_eq!(min_stake(), 5 * TAO);
		// Not on a motion proposed after he lost the seat.
		let call = set_min_stake(6 * TAO);
		let (hash, index) = propose(call);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(FERDIE), FERDIE_HOT, hash, index, true),
			Error::<Test>::NotSenateMember
		);
	});
}

#[test]
fn a_motion_its_voters_can_no_longer_pass_is_rejected_early() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call.clone());
		vote(DAVE, DAVE_HOT, hash, index, false);
		assert_noop!(close(ALICE, &call, hash, index), Error::<Test>::TooEarly);
		vote(EVE, EVE_HOT, hash, index, false);
		let closed = close(ALICE, &call, hash, index).unwrap();
		assert_eq!(closed.pays_fee, Pays::No);
		assert!(governance_events().contains(&Event::MotionRejected {
			proposal_hash: hash,
			ayes: 0,
			nays: 2
		}));
		assert!(senate_events().contains(&SenateEvent::Disapproved { proposal_hash: hash }));
		assert!(!OpenMotions::<Test>::contains_key(hash));
	});
}

#[test]
fn a_period_lasts_at_least_an_interval_whatever_the_interval_becomes() {
	build_and_execute(|| {
		// The first period began at genesis; the next begins at block 20.
		assert_eq!(crate::NextRefresh::<Test>::get(), 20);
		run_to_block(20);
		assert_eq!(crate::RefreshPeriod::<Test>::get(), 1);
		// An interval of 7 would make block 21 a multiple; the next period still waits for
		// block 20 + 20, and the one after starts 7 blocks later.
		assert_ok!(Governance::set_refresh_interval(RuntimeOrigin::root(), 7));
		run_to_block(39);
		assert_eq!(crate::RefreshPeriod::<Test>::get(), 1);
		run_to_block(40);
		assert_eq!(crate::RefreshPeriod::<Test>::get(), 2);
		assert_eq!(crate::NextRefresh::<Test>::get(), 47);
	});
}

#[test]
fn the_v1_migration_drops_only_floors_that_no_longer_count() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(0).put::<crate::Pallet<Test>>();
		crate::RefreshPeriod::<Test>::put(5);
		let floor = |period| StakeFloor { period, previous: 7, current: 9 };
		// Periods 4 and 5 still count (the previous and the current); 3 and 0 do not.
		for (account, period) in [(901u64, 5), (902, 4), (903, 3), (904, 0)] {
			crate::StakeFloors::<Test>::insert(account, floor(period));
		}
		crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();
		let left: Vec<u64> = {
			let mut keys: Vec<u64> = crate::StakeFloors::<Test>::iter_keys().collect();
			keys.sort();
			keys
		};
		assert_eq!(left, vec![901, 902]);
		assert_eq!(crate::Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		// Run once only: at version 1 it does nothing.
		crate::StakeFloors::<Test>::insert(905, floor(0));
		crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();
		assert!(crate::StakeFloors::<Test>::contains_key(905));
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn the_v1_migration_passes_its_own_pre_and_post_upgrade_checks() {
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		StorageVersion::new(0).put::<crate::Pallet<Test>>();
		crate::RefreshPeriod::<Test>::put(3);
		for (account, period) in [(901u64, 3), (902, 0)] {
			crate::StakeFloors::<Test>::insert(
				account,
				StakeFloor { period, previous: 1, current: 2 },
			);
		}
		crate::migrations::v1::MigrateToV1::<Test>::try_on_runtime_upgrade(true)
			.expect("pre- and post-upgrade checks pass");
		assert_eq!(crate::StakeFloors::<Test>::iter_keys().collect::<Vec<_>>(), vec![901]);
	});
}
