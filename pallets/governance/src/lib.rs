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
//! skips its checks; the runtime filters the Senate's own `propose`/`vote`/`close`.
//!
//! ## Lifecycle of a proposal
//!
//! 1. **Propose** — a triumvir calls [`Pallet::propose`] with a call. A Senate motion opens
//!    with threshold ⌊seats/2⌋ + 1 and lasts [`MotionDuration`] blocks.
//! 2. **Vote** — a senator votes with [`Pallet::vote`], naming its senate *hotkey* and signing
//!    with the *coldkey* that owns it. Triumvirs cannot vote.
//! 3. **Close** — a triumvir calls [`Pallet::close`] once the motion is decided (any account
//!    may close it after the voting period). If the ayes reached the threshold, the call is
//!    dispatched in that block with the Senate origin `Members(ayes, seats)`; abstentions
//!    count as nays. Every governed setter additionally demands `ayes · 2 > seats` at
//!    dispatch, so a Senate that grew while the motion was open cannot be outvoted by a stale
//!    threshold.
//!
//! A ratified motion may also authorize a runtime upgrade ([`Pallet::authorize_upgrade`]);
//! anyone then applies it with `System::apply_authorized_upgrade`, which checks the code hash,
//! the spec name and a higher spec version.
//!
//! ## Senate seats
//!
//! A hotkey is a **candidate** once its coldkey calls [`Pallet::join_senate`]. A candidate is
//! **eligible** while it is a registered delegate, neither it nor its coldkey is a triumvir,
//! and it holds at least [`SenateMinStakeShare`] of the total stake. The [`SenateSize`]
//! eligible candidates with the most stake hold the seats (ties go to the lower account id).
//! Seats are recomputed every [`SenateRefreshInterval`] blocks, on every join and leave, and
//! when governance changes a Senate parameter; candidates found ineligible are dropped (they
//! may join again). A senator who loses the seat loses its votes on open motions.
//!
//! ## Terms
//!
//! * *Triumvir*: one of the three members of the Triumvirate collective, which only a
//!   ratified motion can change.
//! * *Ratified*: dispatched from a Senate motion that more than half of the seats approved, or
//!   by Root from a referendum.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
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
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::SortedMembers,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{AtLeast32BitUnsigned, Zero},
		Perbill,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The call a proposal wraps (the runtime call).
		type Proposal: Parameter + GetDispatchInfo + From<frame_system::Call<Self>>;

		/// The Senate collective.
		type Senate: Motions<Self::AccountId, Self::Hash, Self::Proposal, BlockNumberFor<Self>>;

		/// The members of the Triumvirate.
		type Triumvirate: SortedMembers<Self::AccountId>;

		/// The stake amounts the Senate election uses.
		type Balance: AtLeast32BitUnsigned + Copy + Parameter + MaxEncodedLen;

		/// Who owns which hotkey, which hotkeys are delegates, and their stake.
		type Stake: StakeInfo<Self::AccountId, Self::Balance>;

		/// The origin that may change this pallet's parameters and authorize upgrades: in the
		/// runtime, [`EnsureRatified`].
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most Senate seats; at most the Senate collective's `MaxMembers`.
		#[pallet::constant]
		type MaxSenateSize: Get<u32>;

		/// The most Senate candidates at once.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;

		/// Weight information for the calls and hooks of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Hotkeys that have opted in to the Senate, in the order they joined.
	#[pallet::storage]
	pub type Candidates<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxCandidates>, ValueQuery>;

	/// How many Senate seats there are. Governed.
	#[pallet::storage]
	pub type SenateSize<T: Config> = StorageValue<_, u32, ValueQuery, T::MaxSenateSize>;

	/// The share of total stake a hotkey needs to be eligible for a seat. Governed.
	#[pallet::storage]
	pub type SenateMinStakeShare<T: Config> =
		StorageValue<_, Perbill, ValueQuery, DefaultMinStakeShare>;

	/// Default of [`SenateMinStakeShare`]: 2 %.
	#[pallet::type_value]
	pub fn DefaultMinStakeShare() -> Perbill {
		Perbill::from_percent(2)
	}

	/// Seats are recomputed every this many blocks. Governed.
	#[pallet::storage]
	pub type SenateRefreshInterval<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultRefreshInterval<T>>;

	/// Default of [`SenateRefreshInterval`]: one tempo, 360 blocks.
	#[pallet::type_value]
	pub fn DefaultRefreshInterval<T: Config>() -> BlockNumberFor<T> {
		360u32.into()
	}

	/// How long a Senate motion stays open, in blocks. Governed.
	#[pallet::storage]
	pub type MotionDuration<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultMotionDuration<T>>;

	/// Default of [`MotionDuration`]: 12 hours of 12-second blocks.
	#[pallet::type_value]
	pub fn DefaultMotionDuration<T: Config>() -> BlockNumberFor<T> {
		3_600u32.into()
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Hotkeys that have joined the Senate at genesis; the eligible ones are seated.
		pub senate_candidates: Vec<T::AccountId>,
		/// [`SenateSize`]; `None` keeps [`Config::MaxSenateSize`].
		pub senate_size: Option<u32>,
		/// [`SenateMinStakeShare`]; `None` keeps 2 %.
		pub min_stake_share: Option<Perbill>,
		/// [`SenateRefreshInterval`]; `None` keeps 360 blocks.
		pub refresh_interval: Option<BlockNumberFor<T>>,
		/// [`MotionDuration`]; `None` keeps 3,600 blocks.
		pub motion_duration: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(size) = self.senate_size {
				assert!(size >= 1 && size <= T::MaxSenateSize::get(), "senate size out of range");
				SenateSize::<T>::put(size);
			}
			if let Some(share) = self.min_stake_share {
				SenateMinStakeShare::<T>::put(share);
			}
			if let Some(interval) = self.refresh_interval {
				assert!(!interval.is_zero(), "refresh interval must be positive");
				SenateRefreshInterval::<T>::put(interval);
			}
			if let Some(duration) = self.motion_duration {
				assert!(!duration.is_zero(), "motion duration must be positive");
				MotionDuration::<T>::put(duration);
			}
			let candidates: BoundedVec<_, _> = self
				.senate_candidates
				.clone()
				.try_into()
				.expect("no more genesis candidates than MaxCandidates");
			Candidates::<T>::put(candidates);
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
		/// A candidate was dropped because it is no longer eligible.
		CandidateDropped {
			/// The former candidate.
			hotkey: T::AccountId,
		},
		/// The Senate seats changed.
		SenateChanged {
			/// Hotkeys that gained a seat.
			joined: Vec<T::AccountId>,
			/// Hotkeys that lost their seat (and their votes on open motions).
			left: Vec<T::AccountId>,
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
		/// The hotkey does not hold a Senate seat.
		NotSenateMember,
		/// The hotkey is not a registered delegate.
		NotDelegate,
		/// The hotkey holds less than the Senate's minimum stake share.
		InsufficientStake,
		/// The hotkey is already a Senate candidate.
		AlreadyCandidate,
		/// The hotkey is not a Senate candidate.
		NotCandidate,
		/// The candidate list is full.
		TooManyCandidates,
		/// The Senate has no seats filled, so nothing can be ratified.
		SenateEmpty,
		/// The motion does not exist (or was already closed).
		ProposalMissing,
		/// Before the voting period ends only a triumvir may close a motion.
		VotingNotOver,
		/// The parameter is outside its allowed range.
		ParameterOutOfRange,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let interval = SenateRefreshInterval::<T>::get();
			if !interval.is_zero() && (n % interval).is_zero() {
				let candidates = Self::do_refresh_senate();
				T::WeightInfo::refresh_senate(candidates)
			} else {
				T::DbWeight::get().reads(1)
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Open a Senate motion to dispatch `proposal`, with threshold ⌊seats/2⌋ + 1.
		///
		/// Origin: signed by a triumvir. `length_bound` must be at least the encoded length
		/// of `proposal`. Emits the Senate's `Proposed`.
		/// Complexity: O(B + M + P): proposal length, seats, open motions.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose(*length_bound, T::MaxSenateSize::get()))]
		pub fn propose(
			origin: OriginFor<T>,
			proposal: Box<T::Proposal>,
			#[pallet::compact] length_bound: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(T::Triumvirate::contains(&who), Error::<T>::NotTriumvir);
			let seats = T::Senate::members().len() as u32;
			ensure!(seats > 0, Error::<T>::SenateEmpty);
			let threshold = seats / 2 + 1;
			let (length, _active) = T::Senate::propose(who, threshold, proposal, length_bound)?;
			Ok(Some(T::WeightInfo::propose(length, seats)).into())
		}

		/// Vote on an open Senate motion for the senate seat of `hotkey`.
		///
		/// Origin: signed by the coldkey that owns `hotkey`, which must hold a seat; a triumvir
		/// cannot vote. A second vote replaces the first. Emits the Senate's `Voted`.
		/// Complexity: O(M), seats.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::vote(T::MaxSenateSize::get()))]
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
			let owner = T::Stake::owner_of(&hotkey).ok_or(Error::<T>::UnknownHotkey)?;
			ensure!(owner == coldkey, Error::<T>::NotHotkeyOwner);
			let members = T::Senate::members();
			ensure!(members.binary_search(&hotkey).is_ok(), Error::<T>::NotSenateMember);
			T::Senate::vote(hotkey, proposal, index, approve)?;
			Ok(Some(T::WeightInfo::vote(members.len() as u32)).into())
		}

		/// Close a Senate motion: dispatch it if approved, drop it otherwise.
		///
		/// Origin: signed by a triumvir, or by anyone once the voting period has ended.
		/// `proposal_weight_bound` and `length_bound` must cover the proposal. Emits the
		/// Senate's `Closed` and then `Approved` + `Executed` or `Disapproved`.
		/// Complexity: O(B + M + P) plus the proposal's own weight.
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::close(*length_bound, T::MaxSenateSize::get())
				.saturating_add(*proposal_weight_bound)
		)]
		pub fn close(
			origin: OriginFor<T>,
			proposal_hash: T::Hash,
			#[pallet::compact] index: u32,
			proposal_weight_bound: Weight,
			#[pallet::compact] length_bound: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			if !T::Triumvirate::contains(&who) {
				let end =
					T::Senate::voting_end(&proposal_hash).ok_or(Error::<T>::ProposalMissing)?;
				ensure!(
					frame_system::Pallet::<T>::block_number() >= end,
					Error::<T>::VotingNotOver
				);
			}
			let post = T::Senate::close(proposal_hash, index, proposal_weight_bound, length_bound)?;
			let overhead = T::DbWeight::get().reads(2);
			Ok(PostDispatchInfo {
				actual_weight: post.actual_weight.map(|w| w.saturating_add(overhead)),
				pays_fee: post.pays_fee,
			})
		}

		/// Enter `hotkey` as a Senate candidate and recompute the seats.
		///
		/// Origin: signed by the hotkey's coldkey. The hotkey must be a delegate with at least
		/// [`SenateMinStakeShare`] of total stake, and neither it nor its coldkey a triumvir.
		/// Emits [`Event::CandidateJoined`] and, if the seats change, [`Event::SenateChanged`].
		/// Complexity: O(C log C), candidates.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::join_senate(T::MaxCandidates::get()))]
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
			ensure!(
				T::Stake::stake_of(&hotkey) >= Self::min_senate_stake(),
				Error::<T>::InsufficientStake
			);
			Candidates::<T>::try_mutate(|c| {
				ensure!(!c.contains(&hotkey), Error::<T>::AlreadyCandidate);
				c.try_push(hotkey.clone()).map_err(|_| Error::<T>::TooManyCandidates)
			})?;
			Self::deposit_event(Event::CandidateJoined { hotkey });
			let candidates = Self::do_refresh_senate();
			Ok(Some(T::WeightInfo::join_senate(candidates)).into())
		}

		/// Withdraw `hotkey` from the Senate candidates, giving up its seat if it holds one.
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
			Self::deposit_event(Event::CandidateLeft { hotkey });
			let candidates = Self::do_refresh_senate();
			Ok(Some(T::WeightInfo::leave_senate(candidates)).into())
		}

		/// Set the number of Senate seats (1 ..= [`Config::MaxSenateSize`]) and recompute
		/// them.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::SenateSizeSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_senate_size(T::MaxCandidates::get()))]
		pub fn set_senate_size(origin: OriginFor<T>, size: u32) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(size >= 1 && size <= T::MaxSenateSize::get(), Error::<T>::ParameterOutOfRange);
			SenateSize::<T>::put(size);
			Self::deposit_event(Event::SenateSizeSet { size });
			let candidates = Self::do_refresh_senate();
			Ok(Some(T::WeightInfo::set_senate_size(candidates)).into())
		}

		/// Set the share of total stake a hotkey needs for a seat (at most 50 %), and
		/// recompute the seats.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::MinStakeShareSet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_senate_size(T::MaxCandidates::get()))]
		pub fn set_min_stake_share(
			origin: OriginFor<T>,
			share: Perbill,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(share <= Perbill::from_percent(50), Error::<T>::ParameterOutOfRange);
			SenateMinStakeShare::<T>::put(share);
			Self::deposit_event(Event::MinStakeShareSet { share });
			let candidates = Self::do_refresh_senate();
			Ok(Some(T::WeightInfo::set_senate_size(candidates)).into())
		}

		/// Set how often, in blocks, the seats are recomputed (at least 1).
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::RefreshIntervalSet`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_refresh_interval(
			origin: OriginFor<T>,
			interval: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(!interval.is_zero(), Error::<T>::ParameterOutOfRange);
			SenateRefreshInterval::<T>::put(interval);
			Self::deposit_event(Event::RefreshIntervalSet { interval });
			Ok(())
		}

		/// Set how long new Senate motions stay open, in blocks (at least 1). Open motions
		/// keep the end they were given.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::MotionDurationSet`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_motion_duration(
			origin: OriginFor<T>,
			duration: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(!duration.is_zero(), Error::<T>::ParameterOutOfRange);
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
	}

	impl<T: Config> Pallet<T> {
		fn ensure_owner(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
			let owner = T::Stake::owner_of(hotkey).ok_or(Error::<T>::UnknownHotkey)?;
			ensure!(&owner == coldkey, Error::<T>::NotHotkeyOwner);
			Ok(())
		}

		/// The least stake that makes a hotkey eligible for a seat.
		pub fn min_senate_stake() -> T::Balance {
			SenateMinStakeShare::<T>::get().mul_ceil(T::Stake::total_stake())
		}

		/// Whether `hotkey` may hold a seat now, and with what stake.
		fn eligible_stake(hotkey: &T::AccountId, min: T::Balance) -> Option<T::Balance> {
			let owner = T::Stake::owner_of(hotkey)?;
			if !T::Stake::is_delegate(hotkey)
				|| T::Triumvirate::contains(hotkey)
				|| T::Triumvirate::contains(&owner)
			{
				return None;
			}
			let stake = T::Stake::stake_of(hotkey);
			(!stake.is_zero() && stake >= min).then_some(stake)
		}

		/// Recompute the Senate seats from stake: drop ineligible candidates, seat the
		/// [`SenateSize`] eligible ones with the most stake, and hand the change to the Senate
		/// collective (which drops the votes of departing senators). Returns the number of
		/// candidates examined.
		pub fn do_refresh_senate() -> u32 {
			let min = Self::min_senate_stake();
			let candidates = Candidates::<T>::get();
			let examined = candidates.len() as u32;
			let mut kept = Vec::with_capacity(candidates.len());
			let mut ranked = Vec::with_capacity(candidates.len());
			for hotkey in candidates {
				match Self::eligible_stake(&hotkey, min) {
					Some(stake) => {
						ranked.push((stake, hotkey.clone()));
						kept.push(hotkey);
					}
					None => Self::deposit_event(Event::CandidateDropped { hotkey }),
				}
			}
			if kept.len() as u32 != examined {
				Candidates::<T>::put(BoundedVec::truncate_from(kept));
			}

			ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
			ranked.truncate(SenateSize::<T>::get() as usize);
			let mut seated: Vec<T::AccountId> = ranked.into_iter().map(|(_, h)| h).collect();
			seated.sort();

			let current = T::Senate::members();
			if seated != current {
				let joined: Vec<_> =
					seated.iter().filter(|h| current.binary_search(h).is_err()).cloned().collect();
				let left: Vec<_> =
					current.iter().filter(|h| seated.binary_search(h).is_err()).cloned().collect();
				T::Senate::set_members(&seated, &current);
				log::debug!(target: LOG_TARGET, "senate changed: +{} -{}", joined.len(), left.len());
				Self::deposit_event(Event::SenateChanged { joined, left });
			}
			examined
		}

		/// The pallet's invariants:
		///
		/// * candidates are unique;
		/// * the seats are sorted, at most [`SenateSize`], and every senator is a candidate;
		/// * [`SenateSize`] is within 1 ..= `MaxSenateSize`, and [`SenateRefreshInterval`] and
		///   [`MotionDuration`] are positive.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let candidates = Candidates::<T>::get();
			let mut sorted = candidates.clone().into_inner();
			sorted.sort();
			sorted.dedup();
			ensure!(sorted.len() == candidates.len(), "duplicate senate candidate");

			let members = T::Senate::members();
			ensure!(members.windows(2).all(|w| w[0] < w[1]), "senate seats not sorted");
			ensure!(members.len() as u32 <= SenateSize::<T>::get(), "more senators than seats");
			ensure!(
				members.iter().all(|m| sorted.binary_search(m).is_ok()),
				"a senator is not a candidate"
			);

			let size = SenateSize::<T>::get();
			ensure!(size >= 1 && size <= T::MaxSenateSize::get(), "senate size out of range");
			ensure!(!SenateRefreshInterval::<T>::get().is_zero(), "zero refresh interval");
			ensure!(!MotionDuration::<T>::get().is_zero(), "zero motion duration");
			Ok(())
		}
	}

	/// [`MotionDuration`] as a `Get`, for the Senate collective's `MotionDuration`.
	pub struct MotionDurationOf<T>(PhantomData<T>);

	impl<T: Config> Get<BlockNumberFor<T>> for MotionDurationOf<T> {
		fn get() -> BlockNumberFor<T> {
			MotionDuration::<T>::get()
		}
	}
}
