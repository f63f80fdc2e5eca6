//! The small traits through which the governance pallet reaches the Senate collective, the
//! Triumvirate, stake and referenda; the records it keeps; and the origin that every governed
//! setter accepts.

use crate::{Closing, Config};
use alloc::{boxed::Box, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use frame_support::{
	dispatch::DispatchResultWithPostInfo,
	traits::{ChangeMembers, EitherOfDiverse, EnsureOrigin, Get, OriginTrait, SortedMembers},
	weights::Weight,
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, EnsureRoot};
use pallet_collective::RawOrigin as CollectiveOrigin;
use scale_info::TypeInfo;
use sp_runtime::{traits::Zero, DispatchError};

/// The origin of a ratified change: a Senate motion approved by more than half of the seats
/// it was proposed to, which only a Triumvirate proposal can open, or Root, which only a
/// passed public referendum reaches.
pub type EnsureRatified<T, SenateInstance> = EitherOfDiverse<
	EnsureRoot<<T as frame_system::Config>::AccountId>,
	EnsureSenateMajority<T, SenateInstance>,
>;

/// A Senate origin `Members(ayes, seats)` with `ayes · 2` above the number of seats the motion
/// was proposed to.
///
/// `pallet_collective` dispatches an approved motion with the seats of the moment; while
/// [`crate::Pallet::close`] runs, the seats the motion was proposed to are in [`Closing`], and
/// the majority is judged against those, so seats gained or lost while a motion was open can
/// neither pass nor kill it. Outside a close the origin's own seat count is used.
pub struct EnsureSenateMajority<T, I>(PhantomData<(T, I)>);

impl<T, I, O> EnsureOrigin<O> for EnsureSenateMajority<T, I>
where
	T: Config,
	I: 'static,
	O: OriginTrait + From<CollectiveOrigin<T::AccountId, I>>,
	for<'a> &'a O::PalletsOrigin: TryInto<&'a CollectiveOrigin<T::AccountId, I>>,
{
	type Success = ();

	fn try_origin(o: O) -> Result<Self::Success, O> {
		if let Ok(CollectiveOrigin::Members(ayes, seats)) = o.caller().try_into() {
			let seats = Closing::<T>::get().map_or(*seats, |(_, proposed_to)| proposed_to);
			if ayes.saturating_mul(2) > seats {
				return Ok(());
			}
		}
		Err(o)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Ok(O::from(CollectiveOrigin::Members(1, 1)))
	}
}

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

/// What the governance pallet keeps about an open Senate motion.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxSeats))]
pub struct OpenMotion<AccountId, MaxSeats: Get<u32>> {
	/// The triumvir who proposed it.
	pub proposer: AccountId,
	/// The number of seats when it was proposed: its threshold is a majority of these, and the
	/// ratified origin is judged against them.
	pub seats: u32,
	/// The seats that may vote on it: those held when it was proposed and held ever since,
	/// sorted.
	pub voters: BoundedVec<AccountId, MaxSeats>,
}

/// The least stake a hotkey (or the network) held in the current refresh period and in the
/// one before it, as far as stake changes have shown. Stake counts toward a seat only once it
/// has been held for a whole period: the *lasting* stake is the least stake held since the
/// previous period began.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct StakeFloor<Balance> {
	/// The refresh period `current` belongs to.
	pub period: u32,
	/// The least stake held during the period before `period`.
	pub previous: Balance,
	/// The least stake held during `period` so far.
	pub current: Balance,
}

impl<Balance: Copy + Ord + Zero> StakeFloor<Balance> {
	/// The lasting stake in `period` of a stake that is `now`, given its last `floor`.
	///
	/// Without a floor recorded in this period or the one before, the stake has not changed
	/// for a whole period: all of it is lasting.
	pub fn lasting(floor: Option<Self>, now: Balance, period: u32) -> Balance {
		match floor {
			Some(f) if f.period == period => f.previous.min(f.current).min(now),
			Some(f) if f.period.saturating_add(1) == period => f.current.min(now),
			_ => now,
		}
	}

	/// The floor after a stake went from `before` to `after` in `period`, given its last
	/// `floor`.
	pub fn record(floor: Option<Self>, before: Balance, after: Balance, period: u32) -> Self {
		let rolled = match floor {
			Some(f) if f.period == period => f,
			// The stake stayed `before` from the last change to now: the whole of the last
			// period's floor is its own, and this period started at `before`.
			Some(f) if f.period.saturating_add(1) == period => {
				Self { period, previous: f.current.min(before), current: before }
			}
			_ => Self { period, previous: before, current: before },
		};
		Self { current: rolled.current.min(after), ..rolled }
	}
}

/// What the Senate election needs to know about stake.
pub trait StakeInfo<AccountId, Balance> {
	/// The coldkey that owns `hotkey`, if it is registered.
	fn owner_of(hotkey: &AccountId) -> Option<AccountId>;
	/// Whether `hotkey` is a registered delegate.
	fn is_delegate(hotkey: &AccountId) -> bool;
	/// The root stake on `hotkey` now.
	fn stake_of(hotkey: &AccountId) -> Balance;
	/// The total root stake in the network now.
	fn total_stake() -> Balance;
	/// Make `hotkey` a delegate owned by `coldkey` with `stake` on it (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_delegate(coldkey: &AccountId, hotkey: &AccountId, stake: Balance);
}

/// The public referenda whose turnout the governance pallet checks.
pub trait Referenda<Balance, BlockNumber> {
	/// The ongoing referenda that are counted in block `n` (their last), with their
	/// conviction-weighted turnout (ayes and nays as counted); and how many ongoing referenda
	/// were looked at.
	fn ending_at(n: BlockNumber) -> (Vec<(u32, Balance)>, u32);
	/// Cancel ongoing referendum `index`.
	fn cancel(index: u32);
	/// What turnout is measured against: the total issuance.
	fn electorate() -> Balance;
	/// Start `n` referenda that are counted in block `end` (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn start_referenda(n: u32, end: BlockNumber);
}

impl<Balance: Zero, BlockNumber> Referenda<Balance, BlockNumber> for () {
	fn ending_at(_: BlockNumber) -> (Vec<(u32, Balance)>, u32) {
		(Vec::new(), 0)
	}
	fn cancel(_: u32) {}
	fn electorate() -> Balance {
		Zero::zero()
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn start_referenda(_: u32, _: BlockNumber) {}
}

/// The collective that votes on motions: the Senate. Implemented for stock
/// `pallet_collective`, driven through its public `do_*` functions.
pub trait Motions<AccountId, Hash, Proposal, BlockNumber> {
	/// The current seats, sorted.
	fn members() -> Vec<AccountId>;
	/// Replace the seats with `new` (sorted); the votes of `forfeiting` (sorted; seated or not)
	/// are dropped from open motions, everyone else's stay.
	fn change_seats(incoming: &[AccountId], forfeiting: &[AccountId], new: &[AccountId]);
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
	/// Close an approved motion, dispatching it.
	fn close(
		hash: Hash,
		index: u32,
		weight_bound: Weight,
		length_bound: u32,
	) -> DispatchResultWithPostInfo;
	/// Drop an open motion unexecuted; returns the number of motions open before.
	fn disapprove(hash: Hash) -> u32;
	/// The tally of an open motion.
	fn voting(hash: &Hash) -> Option<MotionVotes<AccountId, BlockNumber>>;
	/// The block at which voting on a motion ends, if it is open.
	fn voting_end(hash: &Hash) -> Option<BlockNumber> {
		Self::voting(hash).map(|v| v.end)
	}
	/// The hashes of the open motions.
	fn proposals() -> Vec<Hash>;
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

	fn change_seats(incoming: &[T::AccountId], forfeiting: &[T::AccountId], new: &[T::AccountId]) {
		// The collective drops the votes of the accounts it is told leave, and nobody else's.
		<Self as ChangeMembers<T::AccountId>>::change_members_sorted(incoming, forfeiting, new);
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

	fn disapprove(hash: T::Hash) -> u32 {
		Self::do_disapprove_proposal(hash)
	}

	fn voting(hash: &T::Hash) -> Option<MotionVotes<T::AccountId, BlockNumberFor<T>>> {
		// `pallet_collective::Votes` keeps its fields private; read the same encoding.
		frame_support::storage::unhashed::get(&pallet_collective::Voting::<T, I>::hashed_key_for(
			hash,
		))
	}

	fn proposals() -> Vec<T::Hash> {
		pallet_collective::Proposals::<T, I>::get().into_inner()
	}

	fn max_proposals() -> u32 {
		<T as pallet_collective::Config<I>>::MaxProposals::get()
	}
}

/// The members of a `pallet_collective` instance: how the runtime tells the governance pallet
/// who the triumvirs are ([`SortedMembers`]) and lets it replace them ([`ChangeMembers`]).
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

impl<T: pallet_collective::Config<I>, I: 'static> ChangeMembers<T::AccountId>
	for CollectiveMembers<T, I>
{
	fn change_members_sorted(
		incoming: &[T::AccountId],
		outgoing: &[T::AccountId],
		sorted_new: &[T::AccountId],
	) {
		pallet_collective::Pallet::<T, I>::change_members_sorted(incoming, outgoing, sorted_new)
	}

	fn get_prime() -> Option<T::AccountId> {
		pallet_collective::Prime::<T, I>::get()
	}
}
