//! # dTAO governance pallet
//!
//! The bicameral legislature of the dTAO chain: the **Triumvirate** proposes, the
//! stake-elected **Senate** ratifies, and a triumvir closes. There is no sudo key: every
//! privileged change in the runtime accepts only the origin this pallet produces
//! ([`EnsureRatified`]) or Root, which only a passed public referendum reaches.
//!
//! ## Overview
//!
//! Both bodies are stock `pallet-collective` instances. This pallet drives the Senate's
//! motions through the collective's public `do_*` functions (the [`Motions`] trait), so no path
//! skips its checks; the runtime filters the Senate's own calls.
//!
//! ## Lifecycle of a proposal
//!
//! 1. **Propose** — a triumvir calls [`Pallet::propose`] with a call. A Senate motion opens
//!    with threshold ⌊seats/2⌋ + 1 and lasts [`MotionDuration`] blocks. The seats of that
//!    moment are the motion's: its threshold and the majority its call is dispatched with are
//!    judged against their number, and only they may vote on it ([`OpenMotions`]). A triumvir
//!    holds at most [`Config::MaxMotionsPerProposer`] open motions.
//! 2. **Vote** — a senator votes with [`Pallet::vote`], naming its senate *hotkey* and signing
//!    with the *coldkey* that owns it. Only the seats of the motion's proposal vote on it: a
//!    seat gained after it was proposed cannot. A senator outranked since keeps its vote and
//!    its right to vote; one that forfeits (it leaves, is evicted from the candidates, or its
//!    stake falls below the bar) loses both, on every open motion, even should it come back.
//!    Triumvirs cannot vote. A senator's first vote on a motion is free.
//! 3. **Close** — a triumvir calls [`Pallet::close`] once the motion is decided (any account
//!    may close it after the voting period). If the ayes reached the threshold, the call is
//!    dispatched in that block with the Senate origin; if its voters can no longer reach it, or
//!    it expired, it is dropped (abstentions count as nays). A triumvir's successful close is
//!    free. A Senate of fewer than [`MIN_SENATE_SIZE`] seats takes no proposals.
//!
//! A ratified motion may also authorize a runtime upgrade ([`Pallet::authorize_upgrade`]),
//! disapprove another open motion ([`Pallet::disapprove_motion`]), or replace the Triumvirate
//! ([`Pallet::set_triumvirate`]), which always has [`Config::TriumvirateSize`] members and no
//! prime.
//!
//! ## Senate seats rest on lasting stake
//!
//! A hotkey is a **candidate** once its coldkey calls [`Pallet::join_senate`]. Time is cut
//! into *refresh periods* of [`SenateRefreshInterval`] blocks ([`RefreshPeriod`] counts them).
//! A hotkey's **lasting stake** is the least root stake it held since the previous period
//! began ([`StakeFloors`]): stake counts only once it has been held for a whole period, and a
//! decrease counts at once. A candidate is **eligible** while it is a registered delegate,
//! neither it nor its coldkey is a triumvir, and its lasting stake is at least
//! [`SenateMinStakeShare`] of the network's lasting total stake. Of the eligible candidates,
//! each coldkey's largest takes part, and the [`SenateSize`] with the most lasting stake hold
//! the seats (ties go to the lower account id).
//!
//! Seats are recomputed at the start of every period (every [`SenateRefreshInterval`] blocks
//! after the last, [`NextRefresh`]), on every join and leave, and when governance changes a
//! Senate parameter or the Triumvirate. A senator whose stake falls below the bar loses the
//! seat and its open votes in the same call ([`Event::SeatLost`]); the vacancy is filled at
//! the next recomputation. Candidates stay candidates while below the
//! bar; when the list is full, a newcomer with more lasting stake than the smallest candidate
//! takes its place.
//!
//! So a seat cannot be borrowed: stake staked and unstaked within one extrinsic, or one
//! block, or anything shorter than a whole period, never counts; stake that arrived for a
//! moment raises nobody's bar; and seats that change while a motion is open can neither pass
//! it (new seats cannot vote on it, and its call is judged against its own seat count) nor
//! kill it (outranked senators keep their votes).
//!
//! ## Referenda need turnout
//!
//! A public referendum whose conviction-weighted turnout (its ayes and nays as the referendum
//! counts them: a vote without conviction weighs a tenth of its balance, one locked for `k`
//! periods `k` times it) ends below [`MinTurnout`] of the electorate (the total issuance) is
//! cancelled in its last block, before it is counted
//! ([`Event::ReferendumCancelledForTurnout`]). So Root is never reached on a trivial turnout,
//! nor on balance voted for one block and withdrawn unlocked: reaching the minimum without
//! locking the votes beyond the referendum takes ten times as much.
//!
//! ## Terms
//!
//! * *Triumvir*: one of the members of the Triumvirate collective, which only a ratified
//!   motion can change.
//! * *Ratified*: dispatched from a Senate motion that more than half of the seats it was
//!   proposed to approved, or by Root from a referendum.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
mod seats;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::dtao-governance";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use frame_support::{
		dispatch::{DispatchClass, GetDispatchInfo, Pays, PostDispatchInfo},
		pallet_prelude::*,
		traits::{ChangeMembers, SortedMembers},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{AtLeast32BitUnsigned, Hash, Zero},
		Perbill, Saturating,
	};

	/// The in-code storage version.
	#[cfg(not(feature = "storage-v1"))]
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);
	/// The in-code storage version: 1, after [`crate::migrations::v1::MigrateToV1`].
	#[cfg(feature = "storage-v1")]
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// The highest [`SenateMinStakeShare`]: twelve hotkeys can always qualify.
	pub const MAX_MIN_STAKE_SHARE: Perbill = Perbill::from_parts(83_333_333);
	/// The lowest [`SenateMinStakeShare`]: at most 64 hotkeys can qualify.
	pub const MIN_MIN_STAKE_SHARE: Perbill = Perbill::from_parts(15_625_000);
	/// The lowest [`SenateSize`]: no single hotkey ratifies anything.
	pub const MIN_SENATE_SIZE: u32 = 3;
	/// The highest [`MinTurnout`].
	pub const MAX_MIN_TURNOUT: Perbill = Perbill::from_percent(50);

	/// An open motion, as this pallet keeps it.
	pub type OpenMotionOf<T> =
		OpenMotion<<T as frame_system::Config>::AccountId, <T as Config>::MaxSenateSize>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The call a proposal wraps (the runtime call).
		type Proposal: Parameter + GetDispatchInfo + From<frame_system::Call<Self>>;

		/// The Senate collective.
		type Senate: Motions<Self::AccountId, Self::Hash, Self::Proposal, BlockNumberFor<Self>>;

		/// The members of the Triumvirate, which [`Pallet::set_triumvirate`] replaces.
		type Triumvirate: SortedMembers<Self::AccountId> + ChangeMembers<Self::AccountId>;

		/// How many members the Triumvirate has, always.
		#[pallet::constant]
		type TriumvirateSize: Get<u32>;

		/// The stake amounts the Senate election uses.
		type Balance: AtLeast32BitUnsigned + Copy + Parameter + MaxEncodedLen;

		/// Who owns which hotkey, which hotkeys are delegates, and their stake.
		type Stake: StakeInfo<Self::AccountId, Self::Balance>;

		/// The public referenda whose turnout is checked before they are counted.
		type Referenda: Referenda<Self::Balance, BlockNumberFor<Self>>;

		/// The origin that may change this pallet's parameters and authorize upgrades: in the
		/// runtime, [`EnsureRatified`].
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most Senate seats; at most the Senate collective's `MaxMembers`.
		#[pallet::constant]
		type MaxSenateSize: Get<u32>;

		/// The most Senate candidates at once.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;

		/// The most open motions one triumvir may have proposed.
		#[pallet::constant]
		type MaxMotionsPerProposer: Get<u32>;

		/// The shortest [`MotionDuration`] governance may set.
		#[pallet::constant]
		type MinMotionDuration: Get<BlockNumberFor<Self>>;

		/// The longest [`MotionDuration`] governance may set.
		#[pallet::constant]
		type MaxMotionDuration: Get<BlockNumberFor<Self>>;

		/// The shortest [`SenateRefreshInterval`] governance may set: the shortest time stake
		/// must be held to count toward a seat.
		#[pallet::constant]
		type MinRefreshInterval: Get<BlockNumberFor<Self>>;

		/// The longest [`SenateRefreshInterval`] governance may set.
		#[pallet::constant]
		type MaxRefreshInterval: Get<BlockNumberFor<Self>>;

		/// Weight information for the calls and hooks of this pallet.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks measure and this pallet cannot reach by itself.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Sets up what the benchmarks measure and the governance pallet cannot reach by itself.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Opens every motion the Triumvirate may hold, each voted on by `voter`, a triumvir:
		/// what replacing the Triumvirate walks.
		fn open_triumvirate_motions(voter: &AccountId);
	}

	/// Hotkeys that have opted in to the Senate, in the order they joined.
	#[pallet::storage]
	pub type Candidates<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxCandidates>, ValueQuery>;

	/// How many Senate seats there are. Governed, [`MIN_SENATE_SIZE`] ..=
	/// [`Config::MaxSenateSize`].
	#[pallet::storage]
	pub type SenateSize<T: Config> = StorageValue<_, u32, ValueQuery, T::MaxSenateSize>;

	/// The share of the lasting total stake a hotkey needs to be eligible for a seat. Governed,
	/// [`MIN_MIN_STAKE_SHARE`] ..= [`MAX_MIN_STAKE_SHARE`].
	#[pallet::storage]
	pub type SenateMinStakeShare<T: Config> =
		StorageValue<_, Perbill, ValueQuery, DefaultMinStakeShare>;

	/// Default of [`SenateMinStakeShare`]: 2 %.
	#[pallet::type_value]
	pub fn DefaultMinStakeShare() -> Perbill {
		Perbill::from_percent(2)
	}

	/// The length of a refresh period, in blocks: seats are recomputed at the start of each,
	/// and stake counts once held for a whole one. Governed, [`Config::MinRefreshInterval`]
	/// ..= [`Config::MaxRefreshInterval`].
	#[pallet::storage]
	pub type SenateRefreshInterval<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultRefreshInterval<T>>;

	/// Default of [`SenateRefreshInterval`]: one tempo, 360 blocks.
	#[pallet::type_value]
	pub fn DefaultRefreshInterval<T: Config>() -> BlockNumberFor<T> {
		360u32.into()
	}

	/// How long a Senate motion stays open, in blocks. Governed, [`Config::MinMotionDuration`]
	/// ..= [`Config::MaxMotionDuration`].
	#[pallet::storage]
	pub type MotionDuration<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultMotionDuration<T>>;

	/// Default of [`MotionDuration`]: 12 hours of 12-second blocks.
	#[pallet::type_value]
	pub fn DefaultMotionDuration<T: Config>() -> BlockNumberFor<T> {
		3_600u32.into()
	}

	/// The conviction-weighted turnout (ayes and nays as counted), as a share of the
	/// electorate, a referendum needs or it is cancelled in its last block. Governed, at most
	/// [`MAX_MIN_TURNOUT`].
	#[pallet::storage]
	pub type MinTurnout<T: Config> = StorageValue<_, Perbill, ValueQuery, DefaultMinTurnout>;

	/// Default of [`MinTurnout`]: 5 %.
	#[pallet::type_value]
	pub fn DefaultMinTurnout() -> Perbill {
		Perbill::from_percent(5)
	}

	/// How many refresh periods have begun.
	#[pallet::storage]
	pub type RefreshPeriod<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The block at which the next refresh period begins: the last one's first block plus
	/// [`SenateRefreshInterval`] (a new interval applies from the period after next), so that
	/// no period is ever shorter than an interval.
	#[pallet::storage]
	pub type NextRefresh<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultRefreshInterval<T>>;

	/// Each hotkey's least root stake in the current and the previous refresh period, since
	/// its stake last changed; no entry when it has not changed for a whole period (or is
	/// zero).
	#[pallet::storage]
	pub type StakeFloors<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, StakeFloor<T::Balance>, OptionQuery>;

	/// The network's least total root stake in the current and the previous refresh period.
	#[pallet::storage]
	pub type TotalStakeFloor<T: Config> = StorageValue<_, StakeFloor<T::Balance>, OptionQuery>;

	/// The open Senate motions: who proposed each, to how many seats, and which may vote.
	#[pallet::storage]
	pub type OpenMotions<T: Config> =
		StorageMap<_, Identity, T::Hash, OpenMotionOf<T>, OptionQuery>;

	/// The motion being closed and the seats it was proposed to, while its call is dispatched:
	/// what [`EnsureSenateMajority`] judges the Senate's origin against. Empty between calls.
	#[pallet::storage]
	pub type Closing<T: Config> = StorageValue<_, (T::Hash, u32), OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Hotkeys that have joined the Senate at genesis; the eligible ones are seated. Stake
		/// at genesis counts as lasting.
		pub senate_candidates: Vec<T::AccountId>,
		/// [`SenateSize`]; `None` keeps [`Config::MaxSenateSize`].
		pub senate_size: Option<u32>,
		/// [`SenateMinStakeShare`]; `None` keeps 2 %.
		pub min_stake_share: Option<Perbill>,
		/// [`SenateRefreshInterval`]; `None` keeps 360 blocks.
		pub refresh_interval: Option<BlockNumberFor<T>>,
		/// [`MotionDuration`]; `None` keeps 3,600 blocks. A genesis may set a shorter one than
		/// governance may (down to one block), as a development chain does.
		pub motion_duration: Option<BlockNumberFor<T>>,
		/// [`MinTurnout`]; `None` keeps 5 %.
		pub min_turnout: Option<Perbill>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(size) = self.senate_size {
				assert!(
					(MIN_SENATE_SIZE.min(T::MaxSenateSize::get())..=T::MaxSenateSize::get())
						.contains(&size),
					"senate size out of range"
				);
				SenateSize::<T>::put(size);
			}
			if let Some(share) = self.min_stake_share {
				assert!(
					(MIN_MIN_STAKE_SHARE..=MAX_MIN_STAKE_SHARE).contains(&share),
					"minimum stake share out of range"
				);
				SenateMinStakeShare::<T>::put(share);
			}
			if let Some(interval) = self.refresh_interval {
				assert!(
					!interval.is_zero() && interval <= T::MaxRefreshInterval::get(),
					"refresh interval out of range"
				);
				SenateRefreshInterval::<T>::put(interval);
				NextRefresh::<T>::put(interval);
			}
			if let Some(duration) = self.motion_duration {
				assert!(
					!duration.is_zero() && duration <= T::MaxMotionDuration::get(),
					"motion duration out of range"
				);
				MotionDuration::<T>::put(duration);
			}
			if let Some(turnout) = self.min_turnout {
				assert!(turnout <= MAX_MIN_TURNOUT, "minimum turnout out of range");
				MinTurnout::<T>::put(turnout);
			}
			let candidates: BoundedVec<_, _> = self
				.senate_candidates
				.clone()
				.try_into()
				.expect("no more genesis candidates than MaxCandidates");
			Candidates::<T>::put(candidates);
			// Whatever stake genesis placed is lasting.
			let _ = StakeFloors::<T>::clear(u32::MAX, None);
			TotalStakeFloor::<T>::kill();
			Pallet::<T>::do_refresh_senate();
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A hotkey joined the Senate candidates.
		CandidateJoined {
			/// The candidate.
			hotkey: T::AccountId,
		},
		/// A hotkey left the Senate candidates.
		CandidateLeft {
			/// The former candidate.
			hotkey: T::AccountId,
		},
		/// A full candidate list made room for a hotkey with more lasting stake.
		CandidateEvicted {
			/// The candidate with the least lasting stake, which lost its place.
			hotkey: T::AccountId,
			/// The hotkey that took it.
			by: T::AccountId,
		},
		/// The Senate seats changed.
		SenateChanged {
			/// Hotkeys that gained a seat.
			joined: Vec<T::AccountId>,
			/// Hotkeys that lost their seat (and their votes on open motions).
			left: Vec<T::AccountId>,
		},
		/// A senator's stake fell below the bar, and it lost its seat at once.
		SeatLost {
			/// The former senator.
			hotkey: T::AccountId,
			/// Its lasting stake after the change.
			lasting_stake: T::Balance,
			/// The lasting stake a seat needs.
			required: T::Balance,
		},
		/// A motion was closed unapproved: its voters could no longer reach the threshold, or it
		/// expired short of it.
		MotionRejected {
			/// The motion.
			proposal_hash: T::Hash,
			/// Its ayes.
			ayes: u32,
			/// Its nays (abstentions not counted).
			nays: u32,
		},
		/// A ratified motion dropped an open motion unexecuted.
		MotionDisapproved {
			/// The motion.
			proposal_hash: T::Hash,
		},
		/// A ratified motion replaced the Triumvirate.
		TriumvirateSet {
			/// The new triumvirs, sorted.
			members: Vec<T::AccountId>,
		},
		/// A referendum ended below the minimum turnout and was cancelled uncounted.
		ReferendumCancelledForTurnout {
			/// The referendum.
			index: u32,
			/// Its conviction-weighted turnout.
			turnout: T::Balance,
			/// The turnout it needed.
			required: T::Balance,
		},
		/// Governance set the number of Senate seats.
		SenateSizeSet {
			/// The new number of seats.
			size: u32,
		},
		/// Governance set the stake share needed for a seat.
		MinStakeShareSet {
			/// The new share.
			share: Perbill,
		},
		/// Governance set the refresh interval.
		RefreshIntervalSet {
			/// The new interval, in blocks.
			interval: BlockNumberFor<T>,
		},
		/// Governance set the duration of Senate motions.
		MotionDurationSet {
			/// The new duration, in blocks.
			duration: BlockNumberFor<T>,
		},
		/// Governance set the minimum turnout of referenda.
		MinTurnoutSet {
			/// The new share of the electorate.
			turnout: Perbill,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only a member of the Triumvirate may do this.
		NotTriumvir,
		/// Triumvirs propose and close; they do not vote.
		TriumvirCannotVote,
		/// A triumvir (or a triumvir's hotkey) cannot hold a Senate seat.
		TriumvirCannotJoin,
		/// The hotkey is not registered.
		UnknownHotkey,
		/// The signer is not the coldkey that owns the hotkey.
		NotHotkeyOwner,
		/// The hotkey did not hold a Senate seat when the motion was proposed (or forfeited the
		/// right to vote on it since).
		NotSenateMember,
		/// The seat was gained (or regained) after the motion was proposed: it may not vote on
		/// it.
		SeatedAfterProposal,
		/// The hotkey is not a registered delegate.
		NotDelegate,
		/// The hotkey's lasting stake (held since the previous refresh period began) is below
		/// the Senate's minimum share.
		InsufficientStake,
		/// The hotkey is already a Senate candidate.
		AlreadyCandidate,
		/// The hotkey is not a Senate candidate.
		NotCandidate,
		/// The candidate list is full and every candidate has at least this lasting stake.
		TooManyCandidates,
		/// The Senate has fewer seats filled than [`MIN_SENATE_SIZE`]: fewer could not be
		/// outvoted, so nothing can be proposed.
		TooFewSeats,
		/// The motion does not exist (or was already closed).
		ProposalMissing,
		/// Before the voting period ends only a triumvir may close a motion.
		VotingNotOver,
		/// The motion is undecided and its voting period has not ended.
		TooEarly,
		/// The motion has another index.
		WrongIndex,
		/// The triumvir already has the most open motions one may propose.
		TooManyMotions,
		/// The motion is being closed; it cannot be disapproved by its own call.
		MotionBeingClosed,
		/// The Triumvirate must have exactly `TriumvirateSize` distinct members.
		WrongTriumvirateSize,
		/// The parameter is outside its allowed range.
		ParameterOutOfRange,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// At the start of each refresh period, recompute the seats; cancel the referenda that
		/// end in this block below the minimum turnout.
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let mut weight = if n >= NextRefresh::<T>::get() {
				RefreshPeriod::<T>::mutate(|p| *p = p.saturating_add(1));
				NextRefresh::<T>::put(n.saturating_add(SenateRefreshInterval::<T>::get()));
				let candidates = Self::do_refresh_senate();
				T::WeightInfo::refresh_senate(candidates)
			} else {
				T::DbWeight::get().reads(1)
			};
			let (ending, examined) = T::Referenda::ending_at(n);
			weight.saturating_accrue(T::WeightInfo::check_turnout(examined));
			if !ending.is_empty() {
				let required = MinTurnout::<T>::get().mul_ceil(T::Referenda::electorate());
				for (index, turnout) in ending {
					if turnout < required {
						T::Referenda::cancel(index);
						Self::deposit_event(Event::ReferendumCancelledForTurnout {
							index,
							turnout,
							required,
						});
					}
				}
			}
			weight
		}

		fn integrity_test() {
			assert!(T::TriumvirateSize::get() >= 1, "a Triumvirate has members");
			assert!(
				T::MaxSenateSize::get() >= MIN_SENATE_SIZE,
				"the Senate can have its smallest size"
			);
			assert!(
				!T::MinMotionDuration::get().is_zero()
					&& T::MinMotionDuration::get() <= T::MaxMotionDuration::get(),
				"motion duration bounds"
			);
			assert!(
				!T::MinRefreshInterval::get().is_zero()
					&& T::MinRefreshInterval::get() <= T::MaxRefreshInterval::get(),
				"refresh interval bounds"
			);
			assert!(T::MaxMotionsPerProposer::get() >= 1, "a triumvir can propose");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Open a Senate motion to dispatch `proposal`, with threshold ⌊seats/2⌋ + 1; the
		/// seats of this moment are the motion's voters.
		///
		/// Origin: signed by a triumvir with fewer than [`Config::MaxMotionsPerProposer`] open
		/// motions, into a Senate of at least [`MIN_SENATE_SIZE`] seats (fewer could not be
		/// outvoted). `length_bound` must be at least the encoded length of `proposal`.
		/// Operational. Emits the Senate's `Proposed`.
		/// Complexity: O(B + M + P): proposal length, seats, open motions.
		#[pallet::call_index(0)]
		#[pallet::weight((
			T::WeightInfo::propose(*length_bound, T::MaxSenateSize::get()),
			DispatchClass::Operational
		))]
		pub fn propose(
			origin: OriginFor<T>,
			proposal: Box<T::Proposal>,
			#[pallet::compact] length_bound: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(T::Triumvirate::contains(&who), Error::<T>::NotTriumvir);
			let members = T::Senate::members();
			let seats = members.len() as u32;
			ensure!(seats >= MIN_SENATE_SIZE.min(T::MaxSenateSize::get()), Error::<T>::TooFewSeats);
			let open = OpenMotions::<T>::iter_values().filter(|m| m.proposer == who).count();
			ensure!((open as u32) < T::MaxMotionsPerProposer::get(), Error::<T>::TooManyMotions);
			let hash = T::Hashing::hash_of(&proposal);
			let (length, _active) =
				T::Senate::propose(who.clone(), seats / 2 + 1, proposal, length_bound)?;
			OpenMotions::<T>::insert(
				hash,
				OpenMotion { proposer: who, seats, voters: Self::motion_voters(members) },
			);
			Ok(Some(T::WeightInfo::propose(length, seats)).into())
		}

		/// Vote on an open Senate motion for the senate seat of `hotkey`.
		///
		/// Origin: signed by the coldkey that owns `hotkey`, which held a seat when the motion
		/// was proposed and has not forfeited it since (by leaving, or by its stake falling
		/// below the bar; being outranked is no forfeit); a triumvir cannot vote. A second vote
		/// replaces the first. Operational; the first vote on a motion is free. Emits the
		/// Senate's `Voted`.
		/// Complexity: O(M), seats.
		#[pallet::call_index(1)]
		#[pallet::weight((T::WeightInfo::vote(T::MaxSenateSize::get()), DispatchClass::Operational))]
		pub fn vote(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			proposal: T::Hash,
			#[pallet::compact] index: u32,
			approve: bool,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			// A triumvir may have been seated before joining the Triumvirate; the seat goes at
			// the next refresh, the vote now.
			ensure!(
				!T::Triumvirate::contains(&coldkey) && !T::Triumvirate::contains(&hotkey),
				Error::<T>::TriumvirCannotVote
			);
			Self::ensure_owner(&coldkey, &hotkey)?;
			let motion = OpenMotions::<T>::get(proposal).ok_or(Error::<T>::ProposalMissing)?;
			if motion.voters.binary_search(&hotkey).is_err() {
				let seated = T::Senate::members().binary_search(&hotkey).is_ok();
				return Err(if seated {
					Error::<T>::SeatedAfterProposal
				} else {
					Error::<T>::NotSenateMember
				}
				.into());
			}
			let first = T::Senate::vote(hotkey, proposal, index, approve)?;
			let pays = if first { Pays::No } else { Pays::Yes };
			Ok((Some(T::WeightInfo::vote(motion.voters.len() as u32)), pays).into())
		}

		/// Close a Senate motion: dispatch it if its ayes reached the threshold; drop it if its
		/// voters can no longer reach it or its voting period has ended (abstentions count as
		/// nays).
		///
		/// Origin: signed by a triumvir, or by anyone once the voting period has ended.
		/// `proposal_weight_bound` and `length_bound` must cover the proposal. The call is
		/// dispatched with the Senate origin, whose majority is judged against the seats the
		/// motion was proposed to. Operational; a triumvir's successful close and any rejection
		/// are free. Emits the Senate's `Closed`, `Approved` and `Executed`; or the Senate's
		/// `Disapproved` and [`Event::MotionRejected`].
		/// Complexity: O(B + M + P) plus the proposal's own weight.
		#[pallet::call_index(2)]
		#[pallet::weight((
			T::WeightInfo::close(*length_bound, T::MaxSenateSize::get())
				.saturating_add(*proposal_weight_bound),
			DispatchClass::Operational
		))]
		pub fn close(
			origin: OriginFor<T>,
			proposal_hash: T::Hash,
			#[pallet::compact] index: u32,
			proposal_weight_bound: Weight,
			#[pallet::compact] length_bound: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let triumvir = T::Triumvirate::contains(&who);
			let motion = OpenMotions::<T>::get(proposal_hash).ok_or(Error::<T>::ProposalMissing)?;
			let votes = T::Senate::voting(&proposal_hash).ok_or(Error::<T>::ProposalMissing)?;
			ensure!(votes.index == index, Error::<T>::WrongIndex);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(triumvir || now >= votes.end, Error::<T>::VotingNotOver);
			let (ayes, nays) = (votes.ayes.len() as u32, votes.nays.len() as u32);
			let overhead = T::DbWeight::get().reads_writes(4, 3);
			let pays = |fallback| if triumvir { Pays::No } else { fallback };
			if ayes >= votes.threshold {
				// Approved: the collective dispatches it with the Senate's origin, which is
				// judged against the seats the motion was proposed to.
				Closing::<T>::put((proposal_hash, motion.seats));
				let closed =
					T::Senate::close(proposal_hash, index, proposal_weight_bound, length_bound);
				Closing::<T>::kill();
				let post = closed?;
				OpenMotions::<T>::remove(proposal_hash);
				return Ok(PostDispatchInfo {
					actual_weight: post.actual_weight.map(|w| w.saturating_add(overhead)),
					pays_fee: pays(post.pays_fee),
				});
			}
			// Its voters, less those who voted nay, can no longer reach the threshold; or it
			// expired, and abstentions count as nays.
			let reachable = (motion.voters.len() as u32).saturating_sub(nays);
			ensure!(reachable < votes.threshold || now >= votes.end, Error::<T>::TooEarly);
			T::Senate::disapprove(proposal_hash);
			OpenMotions::<T>::remove(proposal_hash);
			Self::deposit_event(Event::MotionRejected { proposal_hash, ayes, nays });
			Ok((Some(T::WeightInfo::close(0, motion.voters.len() as u32)), Pays::No).into())
		}

		/// Enter `hotkey` as a Senate candidate and recompute the seats.
		///
		/// Origin: signed by the hotkey's coldkey. The hotkey must be a delegate whose lasting
		/// stake is at least [`SenateMinStakeShare`] of the lasting total, and neither it nor
		/// its coldkey a triumvir. When the list is full, the candidate with the least lasting
		/// stake makes room if the hotkey has more. Emits [`Event::CandidateJoined`] (after
		/// [`Event::CandidateEvicted`] when one made room) and, if the seats change,
		/// [`Event::SenateChanged`]. Complexity: O(C log C), candidates.
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::join_senate(T::MaxCandidates::get())
				.max(T::WeightInfo::join_full_senate())
		)]
		pub fn join_senate(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			Self::ensure_owner(&coldkey, &hotkey)?;
			ensure!(
				!T::Triumvirate::contains(&coldkey) && !T::Triumvirate::contains(&hotkey),
				Error::<T>::TriumvirCannotJoin
			);
			ensure!(T::Stake::is_delegate(&hotkey), Error::<T>::NotDelegate);
			let stake = Self::lasting_stake(&hotkey);
			ensure!(
				!stake.is_zero() && stake >= Self::min_senate_stake(),
				Error::<T>::InsufficientStake
			);
			let mut forfeiting = Vec::new();
			Candidates::<T>::try_mutate(|c| {
				ensure!(!c.contains(&hotkey), Error::<T>::AlreadyCandidate);
				if c.is_full() {
					// The least lasting stake makes room; of equals, the higher account id.
					let (pos, least) = c
						.iter()
						.enumerate()
						.map(|(i, h)| (i, Self::lasting_stake(h)))
						.min_by(|a, b| a.1.cmp(&b.1).then_with(|| c[b.0].cmp(&c[a.0])))
						.ok_or(Error::<T>::TooManyCandidates)?;
					ensure!(stake > least, Error::<T>::TooManyCandidates);
					let evicted = c.remove(pos);
					Self::deposit_event(Event::CandidateEvicted {
						hotkey: evicted.clone(),
						by: hotkey.clone(),
					});
					forfeiting.push(evicted);
				}
				c.try_push(hotkey.clone()).map_err(|_| Error::<T>::TooManyCandidates)
			})?;
			Self::deposit_event(Event::CandidateJoined { hotkey });
			// An evicted candidate is no candidate: its votes on open motions go with it.
			let evicted = !forfeiting.is_empty();
			let candidates = Self::refresh_seats(forfeiting);
			let weight = if evicted {
				T::WeightInfo::join_full_senate()
			} else {
				T::WeightInfo::join_senate(candidates)
			};
			Ok(Some(weight).into())
		}

		/// Withdraw `hotkey` from the Senate candidates, giving up its seat if it holds one and
		/// its votes and right to vote on the open motions.
		///
		/// Origin: signed by the hotkey's coldkey. Emits [`Event::CandidateLeft`] and, if the
		/// seats change, [`Event::SenateChanged`].
		/// Complexity: O(C log C), candidates.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::leave_senate(T::MaxCandidates::get()))]
		pub fn leave_senate(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			Self::ensure_owner(&coldkey, &hotkey)?;
			Candidates::<T>::try_mutate(|c| {
				let pos = c.iter().position(|h| h == &hotkey).ok_or(Error::<T>::NotCandidate)?;
				c.remove(pos);
				Ok::<_, Error<T>>(())
			})?;
			Self::deposit_event(Event::CandidateLeft { hotkey: hotkey.clone() });
			// Leaving forfeits the votes on open motions, seated or not.
			let candidates = Self::refresh_seats(alloc::vec![hotkey]);
			Ok(Some(T::WeightInfo::leave_senate(candidates)).into())
		}

		/// Set the number of Senate seats ([`MIN_SENATE_SIZE`] ..= [`Config::MaxSenateSize`])
		/// and recompute them.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::SenateSizeSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_senate_size(T::MaxCandidates::get()))]
		pub fn set_senate_size(origin: OriginFor<T>, size: u32) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				(MIN_SENATE_SIZE..=T::MaxSenateSize::get()).contains(&size),
				Error::<T>::ParameterOutOfRange
			);
			SenateSize::<T>::put(size);
			Self::deposit_event(Event::SenateSizeSet { size });
			let candidates = Self::do_refresh_senate();
			Ok(Some(T::WeightInfo::set_senate_size(candidates)).into())
		}

		/// Set the share of the lasting total stake a hotkey needs for a seat
		/// ([`MIN_MIN_STAKE_SHARE`] ..= [`MAX_MIN_STAKE_SHARE`]), and recompute the seats.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::MinStakeShareSet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_senate_size(T::MaxCandidates::get()))]
		pub fn set_min_stake_share(
			origin: OriginFor<T>,
			share: Perbill,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				(MIN_MIN_STAKE_SHARE..=MAX_MIN_STAKE_SHARE).contains(&share),
				Error::<T>::ParameterOutOfRange
			);
			SenateMinStakeShare::<T>::put(share);
			Self::deposit_event(Event::MinStakeShareSet { share });
			let candidates = Self::do_refresh_senate();
			Ok(Some(T::WeightInfo::set_senate_size(candidates)).into())
		}

		/// Set the length of a refresh period, in blocks ([`Config::MinRefreshInterval`] ..=
		/// [`Config::MaxRefreshInterval`]).
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::RefreshIntervalSet`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_refresh_interval(
			origin: OriginFor<T>,
			interval: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				(T::MinRefreshInterval::get()..=T::MaxRefreshInterval::get()).contains(&interval),
				Error::<T>::ParameterOutOfRange
			);
			SenateRefreshInterval::<T>::put(interval);
			Self::deposit_event(Event::RefreshIntervalSet { interval });
			Ok(())
		}

		/// Set how long new Senate motions stay open, in blocks ([`Config::MinMotionDuration`]
		/// ..= [`Config::MaxMotionDuration`]). Open motions keep the end they were given.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::MotionDurationSet`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_motion_duration(
			origin: OriginFor<T>,
			duration: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				(T::MinMotionDuration::get()..=T::MaxMotionDuration::get()).contains(&duration),
				Error::<T>::ParameterOutOfRange
			);
			MotionDuration::<T>::put(duration);
			Self::deposit_event(Event::MotionDurationSet { duration });
			Ok(())
		}

		/// Authorize a runtime upgrade to the code with `code_hash`; anyone may then apply it
		/// with `System::apply_authorized_upgrade`, which also requires the same spec name and
		/// a higher spec version.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits System's `UpgradeAuthorized`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::authorize_upgrade())]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Ok(())
		}

		/// Drop an open Senate motion unexecuted, as the Senate's own `disapprove_proposal`
		/// would (which the runtime filters).
		///
		/// Origin: [`Config::GovernanceOrigin`]; not from the motion's own call. Emits the
		/// Senate's `Disapproved` and [`Event::MotionDisapproved`].
		/// Complexity: O(P), open motions.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::disapprove_motion())]
		pub fn disapprove_motion(origin: OriginFor<T>, proposal_hash: T::Hash) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(OpenMotions::<T>::contains_key(proposal_hash), Error::<T>::ProposalMissing);
			ensure!(
				Closing::<T>::get().map(|(h, _)| h) != Some(proposal_hash),
				Error::<T>::MotionBeingClosed
			);
			T::Senate::disapprove(proposal_hash);
			OpenMotions::<T>::remove(proposal_hash);
			Self::deposit_event(Event::MotionDisapproved { proposal_hash });
			Ok(())
		}

		/// Replace the Triumvirate with `members`: exactly [`Config::TriumvirateSize`]
		/// distinct accounts, and no prime. Their votes on open Triumvirate motions go with the
		/// members who leave; the Senate seats are recomputed (a triumvir holds none).
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::TriumvirateSet`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_triumvirate(T::MaxCandidates::get()))]
		pub fn set_triumvirate(
			origin: OriginFor<T>,
			members: BoundedVec<T::AccountId, T::TriumvirateSize>,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut new = members.into_inner();
			new.sort();
			new.dedup();
			ensure!(
				new.len() as u32 == T::TriumvirateSize::get(),
				Error::<T>::WrongTriumvirateSize
			);
			let old = T::Triumvirate::sorted_members();
			T::Triumvirate::set_members_sorted(&new, &old);
			Self::deposit_event(Event::TriumvirateSet { members: new });
			let candidates = Self::do_refresh_senate();
			Ok(Some(T::WeightInfo::set_triumvirate(candidates)).into())
		}

		/// Set the turnout, as a share of the electorate, a referendum needs (at most
		/// [`MAX_MIN_TURNOUT`]).
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::MinTurnoutSet`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_min_turnout(origin: OriginFor<T>, turnout: Perbill) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(turnout <= MAX_MIN_TURNOUT, Error::<T>::ParameterOutOfRange);
			MinTurnout::<T>::put(turnout);
			Self::deposit_event(Event::MinTurnoutSet { turnout });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		fn ensure_owner(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
			let owner = T::Stake::owner_of(hotkey).ok_or(Error::<T>::UnknownHotkey)?;
			ensure!(&owner == coldkey, Error::<T>::NotHotkeyOwner);
			Ok(())
		}

		/// The pallet's invariants:
		///
		/// * candidates are unique;
		/// * the seats are sorted, at most [`SenateSize`], every senator is a candidate, no two
		///   share a coldkey, none is a triumvir or owned by one, and each holds at least the
		///   bar in lasting stake;
		/// * the open motions are the Senate's: each with its proposer, a threshold that is a
		///   majority of its seats, voters among the candidates, and votes only from them;
		///   no triumvir has more than [`Config::MaxMotionsPerProposer`];
		/// * no close is in progress;
		/// * the Triumvirate has [`Config::TriumvirateSize`] members and no prime;
		/// * every governed parameter is within the bounds its setter checks (a genesis may
		///   set a shorter motion duration or refresh interval).
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			let candidates = Candidates::<T>::get();
			let mut sorted = candidates.clone().into_inner();
			sorted.sort();
			sorted.dedup();
			ensure!(sorted.len() == candidates.len(), "duplicate senate candidate");

			let members = T::Senate::members();
			ensure!(members.windows(2).all(|w| w[0] < w[1]), "senate seats not sorted");
			ensure!(members.len() as u32 <= SenateSize::<T>::get(), "more senators than seats");
			let triumvirs = T::Triumvirate::sorted_members();
			let bar = Self::min_senate_stake();
			let mut coldkeys = Vec::new();
			for m in &members {
				ensure!(sorted.binary_search(m).is_ok(), "a senator is not a candidate");
				let owner = T::Stake::owner_of(m).ok_or("a senator without an owner")?;
				ensure!(
					triumvirs.binary_search(m).is_err() && triumvirs.binary_search(&owner).is_err(),
					"a triumvir holds a seat"
				);
				coldkeys.push(owner);
				let stake = Self::lasting_stake(m);
				ensure!(!stake.is_zero() && stake >= bar, "a senator below the bar");
			}
			coldkeys.sort();
			coldkeys.dedup();
			ensure!(coldkeys.len() == members.len(), "a coldkey holds two seats");

			let mut proposals = T::Senate::proposals();
			proposals.sort();
			let mut open: Vec<T::Hash> = OpenMotions::<T>::iter_keys().collect();
			open.sort();
			ensure!(proposals == open, "open motions differ from the Senate's");
			let mut per_proposer: BTreeMap<T::AccountId, u32> = BTreeMap::new();
			for (hash, motion) in OpenMotions::<T>::iter() {
				let votes = T::Senate::voting(&hash).ok_or("an open motion without a tally")?;
				ensure!(votes.threshold == motion.seats / 2 + 1, "a threshold not a majority");
				ensure!(motion.voters.len() as u32 <= motion.seats, "more voters than seats");
				ensure!(motion.voters.windows(2).all(|w| w[0] < w[1]), "voters not sorted");
				ensure!(
					motion.voters.iter().all(|v| sorted.binary_search(v).is_ok()),
					"a voter that is no candidate"
				);
				ensure!(
					votes
						.ayes
						.iter()
						.chain(&votes.nays)
						.all(|v| motion.voters.binary_search(v).is_ok()),
					"a vote from a seat that may not vote"
				);
				*per_proposer.entry(motion.proposer).or_default() += 1;
			}
			ensure!(
				per_proposer.values().all(|n| *n <= T::MaxMotionsPerProposer::get()),
				"a triumvir with too many motions"
			);
			ensure!(Closing::<T>::get().is_none(), "a close left behind");

			ensure!(
				triumvirs.len() as u32 == T::TriumvirateSize::get(),
				"the Triumvirate is not of its size"
			);
			ensure!(T::Triumvirate::get_prime().is_none(), "the Triumvirate has a prime");

			let size = SenateSize::<T>::get();
			ensure!(
				(MIN_SENATE_SIZE.min(T::MaxSenateSize::get())..=T::MaxSenateSize::get())
					.contains(&size),
				"senate size out of range"
			);
			ensure!(
				(MIN_MIN_STAKE_SHARE..=MAX_MIN_STAKE_SHARE)
					.contains(&SenateMinStakeShare::<T>::get()),
				"minimum stake share out of range"
			);
			let interval = SenateRefreshInterval::<T>::get();
			ensure!(
				!interval.is_zero() && interval <= T::MaxRefreshInterval::get(),
				"refresh interval out of range"
			);
			let duration = MotionDuration::<T>::get();
			ensure!(
				!duration.is_zero() && duration <= T::MaxMotionDuration::get(),
				"motion duration out of range"
			);
			ensure!(MinTurnout::<T>::get() <= MAX_MIN_TURNOUT, "minimum turnout out of range");
			Ok(())
		}
	}

	/// [`MotionDuration`] as a `Get`, for the collectives' `MotionDuration`.
	pub struct MotionDurationOf<T>(PhantomData<T>);

	impl<T: Config> Get<BlockNumberFor<T>> for MotionDurationOf<T> {
		fn get() -> BlockNumberFor<T> {
			MotionDuration::<T>::get()
		}
	}
}
