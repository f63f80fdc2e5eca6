//! Benchmarks of the governance pallet.

use super::*;
use crate::Pallet as Governance;
use alloc::{boxed::Box, vec, vec::Vec};
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{EnsureOrigin, Get, Hooks, SortedMembers},
};
use frame_system::pallet_prelude::BlockNumberFor;
use frame_system::RawOrigin;
use sp_runtime::{
	traits::{Hash, Zero},
	Perbill, Saturating,
};

/// The largest proposal, in bytes, the benchmarks cover.
const MAX_BYTES: u32 = 1_024;

fn triumvir<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("triumvir", 0, 0);
	T::Triumvirate::add(&who);
	who
}

/// Registers `n` staked delegate hotkeys (the i-th with stake growing in i) as candidates,
/// without recomputing the seats. Returns (coldkey, hotkey) pairs.
fn candidates<T: Config>(n: u32, offset: u32) -> Vec<(T::AccountId, T::AccountId)> {
	(0..n)
		.map(|i| {
			let coldkey: T::AccountId = account("coldkey", i + offset, 0);
			let hotkey: T::AccountId = account("hotkey", i + offset, 0);
			let stake = T::Balance::from(1_000_000_000u32).saturating_mul((i + offset + 1).into());
			T::Stake::set_up_delegate(&coldkey, &hotkey, stake);
			Candidates::<T>::mutate(|c| c.try_push(hotkey.clone()).expect("within MaxCandidates"));
			(coldkey, hotkey)
		})
		.collect()
}

/// Empties the candidates and the seats that genesis may have filled, and lets any stake
/// qualify.
fn reset<T: Config>() {
	Candidates::<T>::kill();
	T::Senate::set_members(&[], &T::Senate::members());
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

/// Opens all but one of the motions the Senate may hold, so that the measured call meets the
/// longest list of open motions.
fn other_motions<T: Config>() {
	let proposer = triumvir::<T>();
	for i in 1..T::Senate::max_proposals() {
		let proposal: T::Proposal =
			frame_system::Call::<T>::remark { remark: i.to_le_bytes().to_vec() }.into();
		T::Senate::propose(proposer.clone(), 1, Box::new(proposal), MAX_BYTES).expect("room left");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn propose(b: Linear<2, MAX_BYTES>, m: Linear<1, { T::MaxSenateSize::get() }>) {
		senate::<T>(m);
		other_motions::<T>();
		let proposer = triumvir::<T>();
		let proposal = remark::<T>(b);
		let length = proposal.encoded_size() as u32;
		let hash = T::Hashing::hash_of(&proposal);

		#[extrinsic_call]
		_(RawOrigin::Signed(proposer), Box::new(proposal), length);

		assert!(T::Senate::voting_end(&hash).is_some());
	}

	#[benchmark]
	fn vote(m: Linear<2, { T::MaxSenateSize::get() }>) {
		let seated = senate::<T>(m);
		let proposal = remark::<T>(MAX_BYTES);
		let hash = T::Hashing::hash_of(&proposal);
		T::Senate::propose(triumvir::<T>(), m, Box::new(proposal), MAX_BYTES * 2).expect("opens");
		// Every other senator has voted; the last one flips the tally.
		for (coldkey, hotkey) in seated.iter().skip(1) {
			Governance::<T>::vote(
				RawOrigin::Signed(coldkey.clone()).into(),
				hotkey.clone(),
				hash,
				0,
				true,
			)
			.expect("seated");
		}
		let (coldkey, hotkey) = seated[0].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey), hotkey, hash, 0, false);
	}

	#[benchmark]
	fn close(b: Linear<2, MAX_BYTES>, m: Linear<1, { T::MaxSenateSize::get() }>) {
		let seated = senate::<T>(m);
		other_motions::<T>();
		let closer = triumvir::<T>();
		let proposal = remark::<T>(b);
		let weight = proposal.get_dispatch_info().call_weight;
		let length = proposal.encoded_size() as u32;
		let hash = T::Hashing::hash_of(&proposal);
		let index = T::Senate::proposal_count();
		T::Senate::propose(closer.clone(), m, Box::new(proposal), length).expect("opens");
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
	}

	#[benchmark]
	fn join_senate(c: Linear<1, { T::MaxCandidates::get() }>) {
		reset::<T>();
		SenateSize::<T>::put(T::MaxSenateSize::get());
		candidates::<T>(c - 1, 0);
		Governance::<T>::do_refresh_senate();
		// The newcomer has the most stake, so the seats change.
		let coldkey: T::AccountId = account("newcomer", 0, 0);
		let hotkey: T::AccountId = account("newcomer-hot", 0, 0);
		T::Stake::set_up_delegate(
			&coldkey,
			&hotkey,
			T::Balance::from(1_000_000_000u32).saturating_mul(10_000u32.into()),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey), hotkey.clone());

		assert!(T::Senate::members().contains(&hotkey));
	}

	#[benchmark]
	fn leave_senate(c: Linear<1, { T::MaxCandidates::get() }>) {
		reset::<T>();
		SenateSize::<T>::put(T::MaxSenateSize::get());
		let all = candidates::<T>(c, 0);
		Governance::<T>::do_refresh_senate();
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
		SenateSize::<T>::put(1);
		candidates::<T>(c, 0);
		Governance::<T>::do_refresh_senate();
		let size = T::MaxSenateSize::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, size);

		assert_eq!(T::Senate::members().len() as u32, c.min(size));
		Ok(())
	}

	#[benchmark]
	fn set_parameter() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let interval: BlockNumberFor<T> = 100u32.into();

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
		candidates::<T>(c - low.len() as u32, 1_000);
		let interval = SenateRefreshInterval::<T>::get();

		#[block]
		{
			Governance::<T>::on_initialize(interval);
		}

		assert!(!T::Senate::members().is_empty() || c.is_zero());
	}

	impl_benchmark_test_suite!(Governance, crate::mock::new_test_ext(), crate::mock::Test);
}
