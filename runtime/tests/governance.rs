//! The legislature on the real runtime (natively): what a ratified proposal can do, what no
//! other path can, and the community stage.

mod common;

use codec::Encode;
use common::*;
use dtao_runtime::{
	constants::currency::TAO, Democracy, Governance, Preimage, Runtime, RuntimeCall, RuntimeOrigin,
	Senate, Staking, System, Triumvirate,
};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::StorePreimage};
use pallet_dtao_governance::Motions;
use sp_core::H256;
use sp_keyring::Sr25519Keyring::*;
use sp_runtime::{
	traits::{BlakeTwo256, Dispatchable, Hash},
	DispatchError,
};

#[test]
fn development_genesis_seats_both_bodies() {
	on_development_chain(|| {
		let mut triumvirs = vec![id(Alice), id(Bob), id(Charlie)];
		triumvirs.sort();
		assert_eq!(
			pallet_collective::Members::<Runtime, dtao_runtime::TriumvirateInstance>::get(),
			triumvirs
		);
		let mut senators = vec![id(DaveStash), id(EveStash), id(FerdieStash)];
		senators.sort();
		assert_eq!(<Senate as Motions<_, _, _, _>>::members(), senators);
		assert_eq!(Staking::owner_of(&id(DaveStash)), Some(id(Dave)));
		assert_eq!(pallet_dtao_governance::MotionDuration::<Runtime>::get(), 20);
	});
}

#[test]
fn ratified_parameter_change_executes_in_the_close_block() {
	on_development_chain(|| {
		run_to_block(5);
		let m = propose(Alice, set_min_stake(7 * TAO));
		run_to_block(6);
		vote(Dave, DaveStash, &m, true);
		vote(Eve, EveStash, &m, true);
		run_to_block(7);
		assert_eq!(min_stake(), 500_000);
		assert_ok!(close(Charlie, &m));
		// Same block: the change is in state and the motion's events say so.
		assert_eq!(System::block_number(), 7);
		assert_eq!(min_stake(), 7 * TAO);
		assert_eq!(executed(&m), Some(Ok(())));
		assert!(<Senate as Motions<_, _, _, _>>::voting(&m.hash).is_none());
	});
}

#[test]
fn rejected_proposal_never_executes() {
	on_development_chain(|| {
		let m = propose(Alice, set_min_stake(7 * TAO));
		vote(Dave, DaveStash, &m, false);
		vote(Eve, EveStash, &m, false);
		vote(Ferdie, FerdieStash, &m, true);
		assert_ok!(close(Alice, &m));
		assert_eq!(executed(&m), None);
		assert_eq!(min_stake(), 500_000);
		run_to_block(40);
		assert_eq!(min_stake(), 500_000);
	});
}

#[test]
fn expired_proposal_never_executes() {
	on_development_chain(|| {
		let m = propose(Alice, set_min_stake(7 * TAO));
		vote(Dave, DaveStash, &m, true);
		// One aye of three decides nothing; not even a triumvir may close it early.
		assert_noop!(close(Alice, &m), pallet_dtao_governance::Error::<Runtime>::TooEarly);
		assert_noop!(close(Ferdie, &m), pallet_dtao_governance::Error::<Runtime>::VotingNotOver);
		run_to_block(21);
		// After the period anyone may close it; abstentions count as nays.
		assert_ok!(close(Ferdie, &m));
		assert_eq!(executed(&m), None);
		assert_eq!(min_stake(), 500_000);
	});
}

#[test]
fn every_wrong_origin_is_refused() {
	on_development_chain(|| {
		let call = set_min_stake(7 * TAO);
		let len = call.encoded_size() as u32;
		// A non-triumvir proposes.
		assert_noop!(
			Governance::propose(signed(Dave), Box::new(call.clone()), len),
			pallet_dtao_governance::Error::<Runtime>::NotTriumvir
		);
		let m = propose(Alice, call.clone());
		// A triumvir votes.
		assert_noop!(
			Governance::vote(signed(Bob), id(DaveStash), m.hash, m.index, true),
			pallet_dtao_governance::Error::<Runtime>::TriumvirCannotVote
		);
		// A coldkey votes for a hotkey it does not own.
		assert_noop!(
			Governance::vote(signed(Eve), id(DaveStash), m.hash, m.index, true),
			pallet_dtao_governance::Error::<Runtime>::NotHotkeyOwner
		);
		// Direct Senate calls, even from a seated hotkey, are filtered.
		let direct = [
			RuntimeCall::Senate(pallet_collective::Call::propose {
				threshold: 1,
				proposal: Box::new(call.clone()),
				length_bound: len,
			}),
			RuntimeCall::Senate(pallet_collective::Call::vote {
				proposal: m.hash,
				index: m.index,
				approve: true,
			}),
			RuntimeCall::Senate(pallet_collective::Call::close {
				proposal_hash: m.hash,
				index: m.index,
				proposal_weight_bound: call.get_dispatch_info().call_weight,
				length_bound: len,
			}),
			RuntimeCall::Senate(pallet_collective::Call::execute {
				proposal: Box::new(call.clone()),
				length_bound: len,
			}),
		];
		for c in direct {
			for who in [DaveStash, Dave, Alice] {
				let err = c.clone().dispatch(signed(who)).unwrap_err().error;
				assert_eq!(err, frame_system::Error::<Runtime>::CallFiltered.into());
			}
		}
		// Nor can a batch smuggle one in.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![RuntimeCall::Senate(pallet_collective::Call::vote {
				proposal: m.hash,
				index: m.index,
				approve: true,
			})],
		});
		assert!(batch.dispatch(signed(DaveStash)).is_err());
		// Signed accounts, triumvirs and senators alike, call governed setters.
		let governed = [
			call,
			RuntimeCall::Governance(pallet_dtao_governance::Call::set_senate_size { size: 1 }),
			RuntimeCall::Governance(pallet_dtao_governance::Call::authorize_upgrade {
				code_hash: H256::repeat_byte(1),
			}),
			RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash: H256::repeat_byte(1),
			}),
			RuntimeCall::System(frame_system::Call::set_code { code: vec![0u8; 8] }),
			RuntimeCall::Triumvirate(pallet_collective::Call::set_members {
				new_members: vec![id(Dave)],
				prime: None,
				old_count: 3,
			}),
			RuntimeCall::Democracy(pallet_democracy::Call::external_propose_majority {
				proposal: Preimage::bound(set_min_stake(1)).unwrap(),
			}),
		];
		for c in governed {
			for who in [Alice, Dave, DaveStash] {
				let err = c.clone().dispatch(signed(who)).unwrap_err().error;
				assert_eq!(err, DispatchError::BadOrigin, "{c:?} from {who:?}");
			}
		}
		assert_eq!(min_stake(), 500_000);
	});
}

#[test]
fn a_senator_who_loses_the_seat_loses_the_open_votes() {
	on_development_chain(|| {
		// Open the motion shortly before the seats are refreshed at block 360.
		run_to_block(350);
		let m = propose(Alice, set_min_stake(7 * TAO));
		vote(Dave, DaveStash, &m, true);
		vote(Ferdie, FerdieStash, &m, true);
		// Ferdie unstakes below 2 % of total stake; the seat goes at once.
		let stake = pallet_dtao_staking::Stake::<Runtime>::get(id(FerdieStash), id(Ferdie));
		assert_ok!(Staking::remove_stake(signed(Ferdie), id(FerdieStash), 0, stake - TAO));
		assert!(!<Senate as Motions<_, _, _, _>>::members().contains(&id(FerdieStash)));
		run_to_block(360);
		let votes = <Senate as Motions<_, _, _, _>>::voting(&m.hash).expect("still open");
		assert_eq!(votes.ayes, vec![id(DaveStash)]);
		assert!(!<Senate as Motions<_, _, _, _>>::members().contains(&id(FerdieStash)));
		// With Ferdie gone, two seats remain and one aye is not enough to close.
		assert_noop!(close(Alice, &m), pallet_dtao_governance::Error::<Runtime>::TooEarly);
	});
}

#[test]
fn ratified_motion_changes_the_triumvirate() {
	on_development_chain(|| {
		let mut new = vec![id(Alice), id(Bob), id(One)];
		new.sort();
		ratify(RuntimeCall::Governance(pallet_dtao_governance::Call::set_triumvirate {
			members: frame_support::BoundedVec::truncate_from(new.clone()),
		}));
		assert_eq!(
			pallet_collective::Members::<Runtime, dtao_runtime::TriumvirateInstance>::get(),
			new
		);
		// Charlie is no longer a triumvir.
		assert_noop!(
			Governance::propose(signed(Charlie), Box::new(set_min_stake(1)), 100),
			pallet_dtao_governance::Error::<Runtime>::NotTriumvir
		);
	});
}

#[test]
fn ratified_motion_authorizes_an_upgrade_that_checks_the_code_hash() {
	on_development_chain(|| {
		let code = b"\0asm new runtime".to_vec();
		ratify(RuntimeCall::Governance(pallet_dtao_governance::Call::authorize_upgrade {
			code_hash: BlakeTwo256::hash(&code),
		}));
		let authorized = System::authorized_upgrade().expect("authorized");
		assert_eq!(authorized.code_hash(), &BlakeTwo256::hash(&code));
		// Code with another hash is refused (the version check needs a wasm executor; the
		// end-to-end tests cover it on the real chain).
		assert_noop!(
			System::apply_authorized_upgrade(RuntimeOrigin::none(), b"\0asm other".to_vec()),
			frame_system::Error::<Runtime>::Unauthorized
		);
	});
}

#[test]
fn external_proposal_from_the_ratified_origin_passes_a_referendum_and_is_enacted() {
	on_development_chain(|| {
		// The Senate puts a change to the community.
		let change = set_min_stake(42 * TAO);
		let bounded = Preimage::bound(change).unwrap();
		let m = ratify(RuntimeCall::Democracy(pallet_democracy::Call::external_propose_majority {
			proposal: bounded.clone(),
		}));
		assert_eq!(executed(&m), Some(Ok(())));

		// Two of three triumvirs fast-track it to a referendum.
		let period = dtao_runtime::governance::FastTrackVotingPeriod::get();
		let fast_track = RuntimeCall::Democracy(pallet_democracy::Call::fast_track {
			proposal_hash: bounded.hash(),
			voting_period: period,
			delay: 1,
		});
		let index =
			pallet_collective::ProposalCount::<Runtime, dtao_runtime::TriumvirateInstance>::get();
		let hash = BlakeTwo256::hash_of(&fast_track);
		let len = fast_track.encoded_size() as u32;
		assert_ok!(Triumvirate::propose(signed(Alice), 2, Box::new(fast_track.clone()), len));
		assert_ok!(Triumvirate::vote(signed(Alice), hash, index, true));
		assert_ok!(Triumvirate::vote(signed(Bob), hash, index, true));
		assert_ok!(Triumvirate::close(
			signed(Alice),
			hash,
			index,
			fast_track.get_dispatch_info().call_weight,
			len
		));
		assert_eq!(pallet_democracy::ReferendumCount::<Runtime>::get(), 1);

		// TAO holders vote, past the minimum turnout (5 % of the issuance); it passes and is
		// enacted by Root.
		for who in [Ferdie, One, Two, AliceStash] {
			let vote = pallet_democracy::AccountVote::Standard {
				vote: pallet_democracy::Vote {
					aye: true,
					conviction: pallet_democracy::Conviction::Locked1x,
				},
				balance: 20_000 * TAO,
			};
			assert_ok!(Democracy::vote(signed(who), 0, vote));
		}
		assert_eq!(min_stake(), 500_000);
		let end = System::block_number() + period + 2;
		run_to_block(end);
		assert_eq!(min_stake(), 42 * TAO);
	});
}

#[test]
fn subnet_hyperparameters_split_between_owner_and_ratified_governance() {
	use pallet_dtao_subnets::{Hyperparameter, SubnetHyperparams};
	on_development_chain(|| {
		// The development chain ships subnets 1, 2 and 3, owned by //One, //Two and //Eve.
		assert_eq!(pallet_dtao_subnets::Pallet::<Runtime>::owner(1), Some(id(One)));
		assert_eq!(pallet_dtao_subnets::TotalNetworks::<Runtime>::get(), 3);
		let tempo = |netuid| SubnetHyperparams::<Runtime>::get(netuid).map(|p| p.tempo);
		let set_tempo =
			RuntimeCall::Subnets(pallet_dtao_subnets::Call::set_hyperparameter_governed {
				netuid: 1,
				value: Hyperparameter::Tempo(720),
			});

		// The owner sets what owners may, but not the tempo, neither directly nor as governance.
		assert_ok!(dtao_runtime::Subnets::set_hyperparameter(
			signed(One),
			1,
			Hyperparameter::ImmunityPeriod(100)
		));
		assert_noop!(
			dtao_runtime::Subnets::set_hyperparameter(signed(One), 1, Hyperparameter::Tempo(720)),
			pallet_dtao_subnets::Error::<Runtime>::GovernanceOnly
		);
		assert_noop!(set_tempo.clone().dispatch(signed(One)), DispatchError::BadOrigin);
		let dissolve =
			RuntimeCall::Subnets(pallet_dtao_subnets::Call::dissolve_network { netuid: 2 });
		assert_noop!(dissolve.clone().dispatch(signed(Two)), DispatchError::BadOrigin);

		// Ratified, both apply.
		let m = ratify(set_tempo);
		assert_eq!(executed(&m), Some(Ok(())));
		assert_eq!(tempo(1), Some(720));
		let (alice, two) = (
			dtao_runtime::Balances::free_balance(id(Alice)),
			dtao_runtime::Balances::free_balance(id(Two)),
		);
		let m = ratify(dissolve);
		assert_eq!(executed(&m), Some(Ok(())));
		assert!(!pallet_dtao_subnets::Pallet::<Runtime>::exists(2));
		// The positions are paid in the blocks that follow.
		run_to_block(System::block_number() + 1);
		assert!(!<dtao_runtime::Staking as dtao_primitives::SubnetPools<_, _>>::is_closing(2));
		// Alice's 500 TAO of stake comes back (less fee and slippage), and the owner gets the
		// rest of the pool: about its lock.
		let refund = dtao_runtime::Balances::free_balance(id(Alice)) - alice;
		assert!(refund > 400 * TAO && refund < 500 * TAO, "{refund}");
		let returned = dtao_runtime::Balances::free_balance(id(Two)) - two;
		assert!(returned > 1_000 * TAO && returned < 1_100 * TAO, "{returned}");
	});
}
