//! Benchmarks of the governance pallet. Every call that changes the seats is measured with
//! the Senate full and every motion it may hold open, with votes from every seat: the most
//! work a change of seats does to open motions.

use super::*;
use crate::Pallet as Governance;
use alloc::{boxed::Box, vec, vec::Vec};
use codec::Encode;
use dtao_primitives::{OnStakeChanged, StakeChange};
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{EnsureOrigin, Get, Hooks, SortedMembers},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{Hash, One, Zero},
	Perbill, Saturating,
};

/// The largest proposal, in bytes, the benchmarks cover.
const MAX_BYTES: u32 = 1_024;

fn triumvir<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("triumvir", 0, 0);
	T::Triumvirate::add(&who);
	who
}

fn tao<T: Config>(n: u32) -> T::Balance {
	T::Balance::from(1_000_000_000u32).saturating_mul(n.into())
}

/// Makes every stake so far lasting, as if held for whole periods.
fn lasting<T: Config>() {
	let _ = StakeFloors::<T>::clear(u32::MAX, None);
	TotalStakeFloor::<T>::kill();
}

/// Registers `n` staked delegate hotkeys (the i-th with stake growing in i), each of its own
/// coldkey, as lasting candidates, without recomputing the seats. Returns (coldkey, hotkey)
/// pairs.
fn candidates<T: Config>(n: u32, offset: u32) -> Vec<(T::AccountId, T::AccountId)> {
	let added = (0..n)
		.map(|i| {
			let coldkey: T::AccountId = account("coldkey", i + offset, 0);
			let hotkey: T::AccountId = account("hotkey", i + offset, 0);
			T::Stake::set_up_delegate(&coldkey, &hotkey, tao::<T>(i + offset + 1));
			Candidates::<T>::mutate(|c| c.try_push(hotkey.clone()).expect("within MaxCandidates"));
			(coldkey, hotkey)
		})
		.collect();
	lasting::<T>();
	added
}

/// Empties the candidates, the seats and the motions that genesis may have filled, and lets
/// any lasting stake qualify.
fn reset<T: Config>() {
	Candidates::<T>::kill();
	T::Senate::change_seats(&[], &T::Senate::members(), &[]);
	for hash in T::Senate::proposals() {
		T::Senate::disapprove(hash);
	}
	let _ = OpenMotions::<T>::clear(u32::MAX, None);
	SenateMinStakeShare::<T>::put(Perbill::zero());
}

/// Seats `m` senators; returns their (coldkey, hotkey) pairs.
fn senate<T: Config>(m: u32) -> Vec<(T::AccountId, T::AccountId)> {
	reset::<T>();
	SenateSize::<T>::put(m.max(1));
	let seated = candidates::<T>(m, 0);
	Governance::<T>::do_refresh_senate();
	assert_eq!(T::Senate::members().len() as u32, m);
	seated
}

fn remark<T: Config>(b: u32) -> T::Proposal {
	frame_system::Call::<T>::remark { remark: vec![1u8; b as usize] }.into()
}

/// Opens a motion as [`Pallet::propose`] would, proposed by `proposer`; returns its hash.
fn open_motion<T: Config>(proposer: T::AccountId, proposal: T::Proposal) -> T::Hash {
	let hash = T::Hashing::hash_of(&proposal);
	let members = T::Senate::members();
	let seats = members.len() as u32;
	T::Senate::propose(proposer.clone(), seats / 2 + 1, Box::new(proposal), MAX_BYTES * 2)
		.expect("room left");
	OpenMotions::<T>::insert(
		hash,
		OpenMotion { proposer, seats, voters: BoundedVec::truncate_from(members) },
	);
	hash
}

/// Opens all but `left` of the motions the Senate may hold, each from its own proposer, with
/// every seat voting on each: the longest list a change of seats walks.
fn other_motions<T: Config>(left: u32) {
	let seats = T::Senate::members();
	for i in left..T::Senate::max_proposals() {
		let proposal: T::Proposal =
			frame_system::Call::<T>::remark { remark: i.to_le_bytes().to_vec() }.into();
		let hash = open_motion::<T>(account("proposer", i, 0), proposal);
		let index = T::Senate::voting(&hash).expect("open").index;
		for seat in &seats {
			T::Senate::vote(seat.clone(), hash, index, false).expect("seated");
		}
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn propose(
		b: Linear<2, MAX_BYTES>,
		m: Linear<{ MIN_SENATE_SIZE }, { T::MaxSenateSize::get() }>,
	) {
		senate::<T>(m);
		other_motions::<T>(1);
		let proposer = triumvir::<T>();
		let proposal = remark::<T>(b);
		let length = proposal.encoded_size() as u32;
		let hash = T::Hashing::hash_of(&proposal);

		#[extrinsic_call]
		_(RawOrigin::Signed(proposer), Box::new(proposal), length);

		assert!(OpenMotions::<T>::contains_key(hash));
	}

	#[benchmark]
	fn vote(m: Linear<2, { T::MaxSenateSize::get() }>) {
		let seated = senate::<T>(m);
		let hash = open_motion::<T>(triumvir::<T>(), remark::<T>(MAX_BYTES));
		let index = T::Senate::voting(&hash).expect("open").index;
		// Every other senator has voted; the last one flips the tally.
		for (coldkey, hotkey) in seated.iter().skip(1) {
			Governance::<T>::vote(
				RawOrigin::Signed(coldkey.clone()).into(),
				hotkey.clone(),
				hash,
				index,
				true,
			)
			.expect("seated");
		}
		let (coldkey, hotkey) = seated[0].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey), hotkey, hash, index, false);
	}

	#[benchmark]
	fn close(b: Linear<2, MAX_BYTES>, m: Linear<1, { T::MaxSenateSize::get() }>) {
		let seated = senate::<T>(m);
		other_motions::<T>(1);
		let closer = triumvir::<T>();
		let proposal = remark::<T>(b);
		let weight = proposal.get_dispatch_info().call_weight;
		let length = proposal.encoded_size() as u32;
		let hash = open_motion::<T>(closer.clone(), proposal);
		let index = T::Senate::voting(&hash).expect("open").index;
		for (coldkey, hotkey) in &seated {
			Governance::<T>::vote(
				RawOrigin::Signed(coldkey.clone()).into(),
				hotkey.clone(),
				hash,
				index,
				true,
			)
			.expect("seated");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(closer), hash, index, weight, length);

		assert!(T::Senate::voting_end(&hash).is_none());
		assert!(!OpenMotions::<T>::contains_key(hash));
	}

	// `c - 1` candidates and a newcomer with the most stake: the seats change.
	#[benchmark]
	fn join_senate(c: Linear<1, { T::MaxCandidates::get() - 1 }>) {
		reset::<T>();
		SenateSize::<T>::put(T::MaxSenateSize::get());
		candidates::<T>(c - 1, 0);
		Governance::<T>::do_refresh_senate();
		other_motions::<T>(0);
		let coldkey: T::AccountId = account("newcomer", 0, 0);
		let hotkey: T::AccountId = account("newcomer-hot", 0, 0);
		T::Stake::set_up_delegate(&coldkey, &hotkey, tao::<T>(10_000));
		lasting::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey), hotkey.clone());

		assert!(T::Senate::members().contains(&hotkey));
	}

	// A full candidate list: the newcomer makes room by evicting the smallest candidate, and
	// the seats change.
	#[benchmark]
	fn join_full_senate() {
		reset::<T>();
		SenateSize::<T>::put(T::MaxSenateSize::get());
		candidates::<T>(T::MaxCandidates::get(), 0);
		Governance::<T>::do_refresh_senate();
		other_motions::<T>(0);
		let coldkey: T::AccountId = account("newcomer", 0, 0);
		let hotkey: T::AccountId = account("newcomer-hot", 0, 0);
		T::Stake::set_up_delegate(&coldkey, &hotkey, tao::<T>(10_000));
		lasting::<T>();

		#[extrinsic_call]
		join_senate(RawOrigin::Signed(coldkey), hotkey.clone());

		assert!(T::Senate::members().contains(&hotkey));
		assert_eq!(Candidates::<T>::get().len() as u32, T::MaxCandidates::get());
	}

	#[benchmark]
	fn leave_senate(c: Linear<1, { T::MaxCandidates::get() }>) {
		reset::<T>();
		SenateSize::<T>::put(T::MaxSenateSize::get());
		let all = candidates::<T>(c, 0);
		Governance::<T>::do_refresh_senate();
		other_motions::<T>(0);
		// The candidate with the most stake leaves, freeing a seat.
		let (coldkey, hotkey) = all.last().cloned().expect("c >= 1");

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey), hotkey.clone());

		assert!(!T::Senate::members().contains(&hotkey));
	}

	#[benchmark]
	fn set_senate_size(c: Linear<1, { T::MaxCandidates::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		reset::<T>();
		SenateSize::<T>::put(T::MaxSenateSize::get());
		candidates::<T>(c, 0);
		Governance::<T>::do_refresh_senate();
		other_motions::<T>(0);
		let size = MIN_SENATE_SIZE;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, size);

		assert_eq!(T::Senate::members().len() as u32, c.min(size));
		Ok(())
	}

	#[benchmark]
	fn set_parameter() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let interval = T::MaxRefreshInterval::get();

		#[extrinsic_call]
		set_refresh_interval(origin as T::RuntimeOrigin, interval);

		assert_eq!(SenateRefreshInterval::<T>::get(), interval);
		Ok(())
	}

	#[benchmark]
	fn authorize_upgrade() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let code_hash = T::Hashing::hash(b"code");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, code_hash);

		assert!(frame_system::Pallet::<T>::authorized_upgrade().is_some());
		Ok(())
	}

	#[benchmark]
	fn refresh_senate(c: Linear<1, { T::MaxCandidates::get() }>) {
		reset::<T>();
		SenateSize::<T>::put(T::MaxSenateSize::get());
		// Seat the lowest stakes first, then let higher stakes arrive: every seat changes.
		let low = candidates::<T>(c / 2, 0);
		Governance::<T>::do_refresh_senate();
		other_motions::<T>(0);
		candidates::<T>(c - low.len() as u32, 1_000);
		let interval = SenateRefreshInterval::<T>::get();

		#[block]
		{
			Governance::<T>::on_initialize(interval);
		}

		assert!(!T::Senate::members().is_empty());
	}

	// A candidate's stake falls; it holds no seat and no vote, which takes a look at every open
	// motion: the change is recorded, nothing else happens.
	#[benchmark]
	fn note_stake_change() {
		senate::<T>(T::MaxSenateSize::get());
		other_motions::<T>(0);
		let (_, hotkey) = candidates::<T>(1, 1_000).pop().expect("one");
		assert!(!T::Senate::members().contains(&hotkey));
		let stake = T::Stake::stake_of(&hotkey);
		let total = T::Stake::total_stake();
		let change = StakeChange {
			hotkey: &hotkey,
			before: stake,
			after: stake.saturating_sub(One::one()),
			total_before: total,
			total_after: total.saturating_sub(One::one()),
		};

		#[block]
		{
			Governance::<T>::on_stake_changed(change);
		}

		assert!(StakeFloors::<T>::contains_key(&hotkey));
	}

	// A senator's stake falls to nothing with every motion open: the seat and its votes go.
	#[benchmark]
	fn drop_seat() {
		let seated = senate::<T>(T::MaxSenateSize::get());
		other_motions::<T>(0);
		let (_, hotkey) = seated.last().cloned().expect("seated");
		let stake = T::Stake::stake_of(&hotkey);
		let total = T::Stake::total_stake();
		let change = StakeChange {
			hotkey: &hotkey,
			before: stake,
			after: Zero::zero(),
			total_before: total,
			total_after: total.saturating_sub(stake),
		};

		#[block]
		{
			Governance::<T>::on_stake_changed(change);
		}

		assert!(!T::Senate::members().contains(&hotkey));
	}

	// `r` ongoing referenda end in this block, each below the minimum turnout.
	#[benchmark]
	fn check_turnout(r: Linear<0, 100>) {
		let n: BlockNumberFor<T> = SenateRefreshInterval::<T>::get().saturating_add(One::one());
		T::Referenda::start_referenda(r, n);
		MinTurnout::<T>::put(MAX_MIN_TURNOUT);

		#[block]
		{
			Governance::<T>::on_initialize(n);
		}
	}

	#[benchmark]
	fn disapprove_motion() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		senate::<T>(T::MaxSenateSize::get());
		other_motions::<T>(0);
		let hash = *T::Senate::proposals().last().expect("open motions");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, hash);

		assert!(!OpenMotions::<T>::contains_key(hash));
		Ok(())
	}

	// A senator's coldkey joins the Triumvirate, whose every motion has a vote of an outgoing
	// triumvir: the votes go, the senator's seat goes, and the seats are recomputed from `c`
	// candidates.
	#[benchmark]
	fn set_triumvirate(c: Linear<1, { T::MaxCandidates::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		reset::<T>();
		SenateSize::<T>::put(T::MaxSenateSize::get());
		let all = candidates::<T>(c, 0);
		Governance::<T>::do_refresh_senate();
		other_motions::<T>(0);
		let (coldkey, hotkey) = all.last().cloned().expect("c >= 1");
		let outgoing = T::Triumvirate::sorted_members();
		if let Some(voter) = outgoing.first() {
			T::BenchmarkHelper::open_triumvirate_motions(voter);
		}
		let mut members: Vec<T::AccountId> =
			(1..T::TriumvirateSize::get()).map(|i| account("new-triumvir", i, 0)).collect();
		members.push(coldkey);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, BoundedVec::truncate_from(members));

		assert!(!T::Senate::members().contains(&hotkey));
		assert_eq!(T::Triumvirate::count() as u32, T::TriumvirateSize::get());
		Ok(())
	}

	impl_benchmark_test_suite!(Governance, crate::mock::new_test_ext(), crate::mock::Test);
}
