//! The small traits through which the governance pallet reaches the Senate collective, the
//! Triumvirate and stake, and the origin that every governed setter accepts.

use alloc::{boxed::Box, vec::Vec};
use codec::{Decode, Encode};
use core::marker::PhantomData;
use frame_support::{
	dispatch::DispatchResultWithPostInfo,
	traits::{ChangeMembers, EitherOfDiverse, Get, SortedMembers},
	weights::Weight,
};
use frame_system::{pallet_prelude::BlockNumberFor, EnsureRoot};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// The origin of a ratified change: a Senate motion approved by more than half of the seats
/// (`Members(ayes, seats)` with `ayes · 2 > seats`), which only a Triumvirate proposal can
/// open, or Root, which only a passed public referendum reaches.
pub type EnsureRatified<AccountId, SenateInstance> = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<AccountId, SenateInstance, 1, 2>,
>;

/// The tally of an open motion: the same encoding as `pallet_collective::Votes`, with its
/// fields readable.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct MotionVotes<AccountId, BlockNumber> {
	/// The motion's index.
	pub index: u32,
	/// The ayes needed to approve it.
	pub threshold: u32,
	/// Seats that voted aye.
	pub ayes: Vec<AccountId>,
	/// Seats that voted nay.
	pub nays: Vec<AccountId>,
	/// The block at which voting ends.
	pub end: BlockNumber,
}

/// What the Senate election needs to know about stake.
pub trait StakeInfo<AccountId, Balance> {
	/// The coldkey that owns `hotkey`, if it is registered.
	fn owner_of(hotkey: &AccountId) -> Option<AccountId>;
	/// Whether `hotkey` is a registered delegate.
	fn is_delegate(hotkey: &AccountId) -> bool;
	/// The total stake on `hotkey`.
	fn stake_of(hotkey: &AccountId) -> Balance;
	/// The total stake in the network.
	fn total_stake() -> Balance;
	/// Make `hotkey` a delegate owned by `coldkey` with `stake` on it (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_delegate(coldkey: &AccountId, hotkey: &AccountId, stake: Balance);
}

/// The collective that votes on motions: the Senate. Implemented for stock
/// `pallet_collective`, driven through its public `do_*` functions.
pub trait Motions<AccountId, Hash, Proposal, BlockNumber> {
	/// The current seats, sorted.
	fn members() -> Vec<AccountId>;
	/// Replace the seats with `new` (sorted); votes of outgoing members are dropped from
	/// open motions.
	fn set_members(new: &[AccountId], old: &[AccountId]);
	/// Open a motion proposed by `who`, returning (encoded length, active motions).
	fn propose(
		who: AccountId,
		threshold: u32,
		proposal: Box<Proposal>,
		length_bound: u32,
	) -> Result<(u32, u32), DispatchError>;
	/// Record a vote of seat `who`; returns whether it is its first vote on the motion.
	fn vote(
		who: AccountId,
		proposal: Hash,
		index: u32,
		approve: bool,
	) -> Result<bool, DispatchError>;
	/// Close a motion, dispatching it when approved.
	fn close(
		hash: Hash,
		index: u32,
		weight_bound: Weight,
		length_bound: u32,
	) -> DispatchResultWithPostInfo;
	/// The tally of an open motion.
	fn voting(hash: &Hash) -> Option<MotionVotes<AccountId, BlockNumber>>;
	/// The block at which voting on a motion ends, if it is open.
	fn voting_end(hash: &Hash) -> Option<BlockNumber> {
		Self::voting(hash).map(|v| v.end)
	}
	/// The number of open motions.
	fn proposal_count() -> u32;
	/// How many motions may be open at once.
	fn max_proposals() -> u32;
}

impl<T, I>
	Motions<T::AccountId, T::Hash, <T as pallet_collective::Config<I>>::Proposal, BlockNumberFor<T>>
	for pallet_collective::Pallet<T, I>
where
	T: pallet_collective::Config<I>,
	I: 'static,
{
	fn members() -> Vec<T::AccountId> {
		pallet_collective::Members::<T, I>::get()
	}

	fn set_members(new: &[T::AccountId], old: &[T::AccountId]) {
		<Self as ChangeMembers<T::AccountId>>::set_members_sorted(new, old);
	}

	fn propose(
		who: T::AccountId,
		threshold: u32,
		proposal: Box<<T as pallet_collective::Config<I>>::Proposal>,
		length_bound: u32,
	) -> Result<(u32, u32), DispatchError> {
		Self::do_propose_proposed(who, threshold, proposal, length_bound)
	}

	fn vote(
		who: T::AccountId,
		proposal: T::Hash,
		index: u32,
		approve: bool,
	) -> Result<bool, DispatchError> {
		Self::do_vote(who, proposal, index, approve)
	}

	fn close(
		hash: T::Hash,
		index: u32,
		weight_bound: Weight,
		length_bound: u32,
	) -> DispatchResultWithPostInfo {
		Self::do_close(hash, index, weight_bound, length_bound)
	}

	fn voting(hash: &T::Hash) -> Option<MotionVotes<T::AccountId, BlockNumberFor<T>>> {
		// `pallet_collective::Votes` keeps its fields private; read the same encoding.
		frame_support::storage::unhashed::get(&pallet_collective::Voting::<T, I>::hashed_key_for(
			hash,
		))
	}

	fn proposal_count() -> u32 {
		pallet_collective::Proposals::<T, I>::decode_len().unwrap_or(0) as u32
	}
	fn max_proposals() -> u32 {
		<T as pallet_collective::Config<I>>::MaxProposals::get()
	}
}

/// The members of a `pallet_collective` instance, as [`SortedMembers`]: how the runtime tells
/// the governance pallet who the triumvirs are.
pub struct CollectiveMembers<T, I>(PhantomData<(T, I)>);

impl<T: pallet_collective::Config<I>, I: 'static> SortedMembers<T::AccountId>
	for CollectiveMembers<T, I>
{
	fn sorted_members() -> Vec<T::AccountId> {
		pallet_collective::Members::<T, I>::get()
	}

	fn contains(who: &T::AccountId) -> bool {
		pallet_collective::Members::<T, I>::get().binary_search(who).is_ok()
	}

	fn count() -> usize {
		pallet_collective::Members::<T, I>::decode_len().unwrap_or(0)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &T::AccountId) {
		let mut members = pallet_collective::Members::<T, I>::get();
		if let Err(pos) = members.binary_search(who) {
			members.insert(pos, who.clone());
			pallet_collective::Members::<T, I>::put(members);
		}
	}
}
