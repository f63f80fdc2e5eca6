//! Unit tests of the governance pallet.

use crate::{
	mock::*, Candidates, Error, Event, MotionDuration, SenateMinStakeShare, SenateRefreshInterval,
	SenateSize,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
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
		assert_noop!(
			close(ALICE, &call, hash, index),
			pallet_collective::Error::<Test, SenateInstance>::TooEarly
		);
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
		assert_noop!(
			close(ALICE, &call, hash, 0),
			pallet_collective::Error::<Test, SenateInstance>::ProposalMissing
		);
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
fn a_senator_who_becomes_a_triumvir_stops_voting_and_loses_the_seat() {
	build_and_execute(|| {
		let (hash, index) = propose(set_min_stake(5 * TAO));
		// Ratified elsewhere: Dave's coldkey joins the Triumvirate.
		pallet_collective::Members::<Test, TriumvirateInstance>::put(vec![ALICE, BOB, DAVE]);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true),
			Error::<Test>::TriumvirCannotVote
		);
		run_to_block(20);
		assert_eq!(senate(), vec![EVE_HOT, FERDIE_HOT]);
		assert!(governance_events().contains(&Event::CandidateDropped { hotkey: DAVE_HOT }));
	});
}

#[test]
fn a_senator_whose_hotkey_becomes_a_triumvir_cannot_vote_with_it() {
	build_and_execute(|| {
		let (hash, index) = propose(set_min_stake(5 * TAO));
		pallet_collective::Members::<Test, TriumvirateInstance>::put(vec![ALICE, BOB, DAVE_HOT]);
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
		assert_noop!(
			close(ALICE, &call, hash, index),
			pallet_collective::Error::<Test, SenateInstance>::TooEarly
		);
	});
}

#[test]
fn seats_follow_stake_at_each_refresh() {
	build_and_execute(|| {
		// Ferdie unstakes below 2 % of the total: at the next refresh the seat goes.
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(FERDIE), FERDIE_HOT, 0, 95 * TAO));
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT]);
		run_to_block(19);
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT]);
		run_to_block(20);
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT]);
		assert!(governance_events().contains(&Event::CandidateDropped { hotkey: FERDIE_HOT }));
		assert!(!Candidates::<Test>::get().contains(&FERDIE_HOT));
	});
}

#[test]
fn the_largest_stakes_win_the_seats() {
	build_and_execute(|| {
		assert_ok!(Governance::join_senate(RuntimeOrigin::signed(GRACE), GRACE_HOT));
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT, FERDIE_HOT, GRACE_HOT]);
		assert_ok!(Governance::set_senate_size(RuntimeOrigin::root(), 2));
		assert_eq!(senate(), vec![DAVE_HOT, EVE_HOT]);
		// Grace outstakes Eve and takes the seat at once on the next refresh.
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(GRACE), GRACE_HOT, 0, 400 * TAO));
		run_to_block(20);
		assert_eq!(senate(), vec![DAVE_HOT, GRACE_HOT]);
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
		// A delegate below 2 % of total stake.
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(8), 108, None));
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
fn governed_setters_check_their_bounds() {
	build_and_execute(|| {
		let root = RuntimeOrigin::root();
		assert_noop!(
			Governance::set_senate_size(root.clone(), 0),
			Error::<Test>::ParameterOutOfRange
		);
		assert_noop!(
			Governance::set_senate_size(root.clone(), 13),
			Error::<Test>::ParameterOutOfRange
		);
		assert_noop!(
			Governance::set_min_stake_share(root.clone(), Perbill::from_percent(51)),
			Error::<Test>::ParameterOutOfRange
		);
		assert_noop!(
			Governance::set_refresh_interval(root.clone(), 0),
			Error::<Test>::ParameterOutOfRange
		);
		assert_noop!(Governance::set_motion_duration(root, 0), Error::<Test>::ParameterOutOfRange);
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
fn a_stale_threshold_cannot_ratify_a_grown_senate() {
	build_and_execute(|| {
		// With one seat the threshold is 1 ...
		assert_ok!(Governance::set_senate_size(RuntimeOrigin::root(), 1));
		assert_eq!(senate(), vec![DAVE_HOT]);
		let call = set_min_stake(5 * TAO);
		let (hash, index) = propose(call.clone());
		// ... the Senate grows back to three seats while the motion is open ...
		assert_ok!(Governance::set_senate_size(RuntimeOrigin::root(), 12));
		assert_ok!(Governance::vote(RuntimeOrigin::signed(DAVE), DAVE_HOT, hash, index, true));
		// ... so one aye meets the old threshold, but Members(1, 3) is no majority.
		assert_ok!(close(ALICE, &call, hash, index));
		assert_eq!(pallet_dtao_staking::MinStake::<Test>::get(), TAO);
		assert!(senate_events().contains(&SenateEvent::Executed {
			proposal_hash: hash,
			result: Err(DispatchError::BadOrigin)
		}));
	});
}

#[test]
fn propose_needs_a_seated_senate_and_a_sufficient_length_bound() {
	build_and_execute(|| {
		let call = set_min_stake(5 * TAO);
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(ALICE), Box::new(call.clone()), 1),
			pallet_collective::Error::<Test, SenateInstance>::WrongProposalLength
		);
		for (coldkey, hotkey) in [(DAVE, DAVE_HOT), (EVE, EVE_HOT), (FERDIE, FERDIE_HOT)] {
			assert_ok!(Governance::leave_senate(RuntimeOrigin::signed(coldkey), hotkey));
		}
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(ALICE), Box::new(call), 100),
			Error::<Test>::SenateEmpty
		);
	});
}
