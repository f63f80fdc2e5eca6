//! # dTAO subnets pallet
//!
//! The registry of subnets: who owns each one, the TAO locked to create it, and its
//! hyperparameters.
//!
//! ## Overview
//!
//! A coldkey **registers a subnet** by locking TAO. The lock cost follows Bittensor: at least
//! [`NetworkMinLock`] (1,000 TAO), twice the last lock right after a registration, and decaying
//! back linearly over [`LockReductionInterval`] blocks:
//!
//! `cost = max(min_lock, last_lock · 2 − last_lock / interval · (now − last_lock_block))`
//!
//! (the first registration ever pays `last_lock` itself, not twice). The locked TAO moves to
//! the subnet's own account, where it seeds the subnet's pool ([`SubnetTao`]); at most
//! [`SubnetLimit`] subnets exist at once.
//!
//! The **owner** can hand the subnet to another coldkey and set the hyperparameters Bittensor's
//! admin-utils lets owners set; the others (tempo, validator count, kappa, whether neurons may
//! register, the weights rate limit) change only through the ratified origin, like the network parameters of this pallet
//! ([`SubnetLimit`], [`NetworkMinLock`], [`LockReductionInterval`]). Every setter checks its
//! bounds. Only the ratified origin **dissolves** a subnet; its pool's TAO goes back to the
//! owner.
//!
//! Neurons, stake on subnets and emission build on this registry through [`Pallet::exists`],
//! [`Pallet::owner`] and [`Pallet::hyperparams`].

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
pub const LOG_TARGET: &str = "runtime::dtao-subnets";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate},
			tokens::Preservation,
			BuildGenesisConfig,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{AccountIdConversion, Saturating, Zero},
		SaturatedConversion,
	};

	/// The balance type of the currency locked for subnets.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// Hyperparameters with this runtime's balance.
	pub type HyperparamsOf<T> = Hyperparams<BalanceOf<T>>;
	/// A hyperparameter change with this runtime's balance.
	pub type HyperparameterOf<T> = Hyperparameter<BalanceOf<T>>;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency locked to register subnets.
		type Currency: Mutate<Self::AccountId>;
		/// The origin of governed changes: the ratified origin.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Derives each subnet's account, which holds its pool's TAO.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// The hyperparameters of a new subnet.
		type DefaultHyperparams: Get<HyperparamsOf<Self>>;
		/// [`NetworkMinLock`] until governance changes it.
		#[pallet::constant]
		type DefaultMinLock: Get<BalanceOf<Self>>;
		/// [`LockReductionInterval`] until governance changes it.
		#[pallet::constant]
		type DefaultLockReductionInterval: Get<BlockNumberFor<Self>>;
		/// [`SubnetLimit`] until governance changes it.
		#[pallet::constant]
		type DefaultSubnetLimit: Get<u16>;
		/// The highest [`SubnetLimit`] governance may set.
		#[pallet::constant]
		type MaxSubnetLimit: Get<u16>;
		/// The highest `max_uids` of any subnet.
		#[pallet::constant]
		type MaxAllowedUids: Get<u16>;
		/// `min_burn` stays below this.
		#[pallet::constant]
		type MinBurnUpperBound: Get<BalanceOf<Self>>;
		/// `max_burn` stays above this.
		#[pallet::constant]
		type MaxBurnLowerBound: Get<BalanceOf<Self>>;
		/// `activity_cutoff` stays at or above this.
		#[pallet::constant]
		type MinActivityCutoff: Get<u16>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The owner (a coldkey) of each subnet.
	#[pallet::storage]
	pub type SubnetOwner<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, T::AccountId, OptionQuery>;

	/// The TAO in each subnet's pool (its account's balance): the lock, to begin with.
	#[pallet::storage]
	pub type SubnetTao<T: Config> = StorageMap<_, Twox64Concat, NetUid, BalanceOf<T>, ValueQuery>;

	/// The TAO each subnet's owner locked to register it.
	#[pallet::storage]
	pub type SubnetLocked<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BalanceOf<T>, ValueQuery>;

	/// The hyperparameters of each subnet.
	#[pallet::storage]
	pub type SubnetHyperparams<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, HyperparamsOf<T>, OptionQuery>;

	/// How many subnets exist.
	#[pallet::storage]
	pub type TotalNetworks<T: Config> = StorageValue<_, u16, ValueQuery>;

	/// The lock of the last registration.
	#[pallet::storage]
	pub type NetworkLastLock<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The block of the last registration (zero before the first).
	#[pallet::storage]
	pub type NetworkLastLockBlock<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The lowest lock cost. Governed.
	#[pallet::storage]
	pub type NetworkMinLock<T: Config> =
		StorageValue<_, BalanceOf<T>, ValueQuery, T::DefaultMinLock>;

	/// Blocks over which the lock cost decays from twice the last lock. Governed.
	#[pallet::storage]
	pub type LockReductionInterval<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultLockReductionInterval>;

	/// The most subnets that may exist at once. Governed.
	#[pallet::storage]
	pub type SubnetLimit<T: Config> = StorageValue<_, u16, ValueQuery, T::DefaultSubnetLimit>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A subnet was registered.
		NetworkRegistered {
			/// The new subnet.
			netuid: NetUid,
			/// Its owner.
			owner: T::AccountId,
			/// The TAO locked, now in the subnet's pool.
			locked: BalanceOf<T>,
		},
		/// A subnet changed hands.
		OwnershipTransferred {
			/// The subnet.
			netuid: NetUid,
			/// The previous owner.
			from: T::AccountId,
			/// The new owner.
			to: T::AccountId,
		},
		/// A hyperparameter of a subnet changed.
		HyperparameterSet {
			/// The subnet.
			netuid: NetUid,
			/// The new value.
			value: HyperparameterOf<T>,
			/// Whether the ratified origin set it (else the owner).
			by_governance: bool,
		},
		/// A subnet was dissolved.
		NetworkDissolved {
			/// The subnet.
			netuid: NetUid,
			/// Its last owner.
			owner: T::AccountId,
			/// The pool's TAO, returned to the owner.
			returned: BalanceOf<T>,
		},
		/// The subnet limit changed.
		SubnetLimitSet {
			/// The new limit.
			limit: u16,
		},
		/// The minimum lock cost changed.
		NetworkMinLockSet {
			/// The new minimum.
			amount: BalanceOf<T>,
		},
		/// The lock reduction interval changed.
		LockReductionIntervalSet {
			/// The new interval, in blocks.
			interval: BlockNumberFor<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No subnet has this netuid.
		SubnetNotFound,
		/// As many subnets exist as the subnet limit allows.
		SubnetLimitReached,
		/// The coldkey cannot pay the lock cost and keep its account alive.
		CannotAffordLock,
		/// The signer does not own the subnet.
		NotSubnetOwner,
		/// Only the ratified origin may set this hyperparameter.
		GovernanceOnly,
		/// The value is outside the hyperparameter's bounds.
		HyperparameterOutOfBounds,
		/// The value is outside the network parameter's bounds.
		ParameterOutOfRange,
		/// The subnet already belongs to that coldkey.
		AlreadyOwner,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Subnets registered at genesis, in netuid order from 1: (owner, lock). The lock is
		/// moved from the owner's balance to the subnet's pool.
		pub subnets: Vec<(T::AccountId, BalanceOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (owner, lock) in &self.subnets {
				Pallet::<T>::do_register_network(owner, *lock)
					.expect("genesis subnets fit the limit and their owners can pay");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a subnet, locking the current lock cost ([`Pallet::lock_cost`]).
		///
		/// Origin: signed by the coldkey that will own it. The lock moves to the subnet's pool.
		/// Emits [`Event::NetworkRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_network())]
		pub fn register_network(origin: OriginFor<T>) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_network(&owner, Self::lock_cost())?;
			Ok(())
		}

		/// Hand a subnet to another coldkey.
		///
		/// Origin: signed by the subnet's owner. Emits [`Event::OwnershipTransferred`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::transfer_ownership())]
		pub fn transfer_ownership(
			origin: OriginFor<T>,
			netuid: NetUid,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let owner = Self::ensure_owner(&who, netuid)?;
			ensure!(owner != new_owner, Error::<T>::AlreadyOwner);
			SubnetOwner::<T>::insert(netuid, &new_owner);
			Self::deposit_event(Event::OwnershipTransferred { netuid, from: owner, to: new_owner });
			Ok(())
		}

		/// Set an owner-settable hyperparameter of a subnet.
		///
		/// Origin: signed by the subnet's owner. The value must be within the bounds (tighter
		/// for owners on the bonds' moving average). Emits [`Event::HyperparameterSet`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_hyperparameter())]
		pub fn set_hyperparameter(
			origin: OriginFor<T>,
			netuid: NetUid,
			value: HyperparameterOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_owner(&who, netuid)?;
			ensure!(value.owner_settable(), Error::<T>::GovernanceOnly);
			Self::do_set_hyperparameter(netuid, value, false)
		}

		/// Set any hyperparameter of a subnet.
		///
		/// Origin: the ratified origin. Emits [`Event::HyperparameterSet`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_hyperparameter())]
		pub fn set_hyperparameter_governed(
			origin: OriginFor<T>,
			netuid: NetUid,
			value: HyperparameterOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_hyperparameter(netuid, value, true)
		}

		/// Dissolve a subnet: its pool's TAO goes back to its owner and its records go.
		///
		/// Origin: the ratified origin. Emits [`Event::NetworkDissolved`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::dissolve_network())]
		pub fn dissolve_network(origin: OriginFor<T>, netuid: NetUid) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_dissolve_network(netuid)
		}

		/// Set how many subnets may exist at once (1 ..= [`Config::MaxSubnetLimit`]); existing
		/// subnets above a lowered limit stay.
		///
		/// Origin: the ratified origin. Emits [`Event::SubnetLimitSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_network_parameter())]
		pub fn set_subnet_limit(origin: OriginFor<T>, limit: u16) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				limit >= 1 && limit <= T::MaxSubnetLimit::get(),
				Error::<T>::ParameterOutOfRange
			);
			SubnetLimit::<T>::put(limit);
			Self::deposit_event(Event::SubnetLimitSet { limit });
			Ok(())
		}

		/// Set the lowest lock cost (above zero).
		///
		/// Origin: the ratified origin. Emits [`Event::NetworkMinLockSet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_network_parameter())]
		pub fn set_network_min_lock(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ParameterOutOfRange);
			NetworkMinLock::<T>::put(amount);
			Self::deposit_event(Event::NetworkMinLockSet { amount });
			Ok(())
		}

		/// Set the blocks over which the lock cost decays (at least one).
		///
		/// Origin: the ratified origin. Emits [`Event::LockReductionIntervalSet`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_network_parameter())]
		pub fn set_lock_reduction_interval(
			origin: OriginFor<T>,
			interval: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(!interval.is_zero(), Error::<T>::ParameterOutOfRange);
			LockReductionInterval::<T>::put(interval);
			Self::deposit_event(Event::LockReductionIntervalSet { interval });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// What registering a subnet costs now.
		pub fn lock_cost() -> BalanceOf<T> {
			let last_lock = NetworkLastLock::<T>::get();
			let last_block = NetworkLastLockBlock::<T>::get();
			let now = frame_system::Pallet::<T>::block_number();
			let interval: u128 = LockReductionInterval::<T>::get().saturated_into::<u128>().max(1);
			let elapsed: u128 = now.saturating_sub(last_block).saturated_into();
			let last: u128 = last_lock.saturated_into();
			let multiplier: u128 = if last_block.is_zero() { 1 } else { 2 };
			let cost = last
				.saturating_mul(multiplier)
				.saturating_sub((last / interval).saturating_mul(elapsed));
			let cost: BalanceOf<T> = cost.saturated_into();
			cost.max(NetworkMinLock::<T>::get())
		}

		/// The account holding subnet `netuid`'s pool.
		pub fn subnet_account(netuid: NetUid) -> T::AccountId {
			T::PalletId::get().into_sub_account_truncating(netuid)
		}

		/// Whether subnet `netuid` exists.
		pub fn exists(netuid: NetUid) -> bool {
			SubnetOwner::<T>::contains_key(netuid)
		}

		/// The owner of subnet `netuid`.
		pub fn owner(netuid: NetUid) -> Option<T::AccountId> {
			SubnetOwner::<T>::get(netuid)
		}

		/// The hyperparameters of subnet `netuid`.
		pub fn hyperparams(netuid: NetUid) -> Option<HyperparamsOf<T>> {
			SubnetHyperparams::<T>::get(netuid)
		}

		fn ensure_owner(who: &T::AccountId, netuid: NetUid) -> Result<T::AccountId, DispatchError> {
			let owner = SubnetOwner::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
			ensure!(&owner == who, Error::<T>::NotSubnetOwner);
			Ok(owner)
		}

		/// Registers a subnet for `owner`, moving `lock` into its pool. Returns its netuid: the
		/// lowest free one from 1.
		pub fn do_register_network(
			owner: &T::AccountId,
			lock: BalanceOf<T>,
		) -> Result<NetUid, DispatchError> {
			let total = TotalNetworks::<T>::get();
			ensure!(total < SubnetLimit::<T>::get(), Error::<T>::SubnetLimitReached);
			let netuid = (1..=NetUid::MAX)
				.find(|n| !SubnetOwner::<T>::contains_key(n))
				.ok_or(Error::<T>::SubnetLimitReached)?;
			T::Currency::transfer(
				owner,
				&Self::subnet_account(netuid),
				lock,
				Preservation::Preserve,
			)
			.map_err(|_| Error::<T>::CannotAffordLock)?;
			SubnetOwner::<T>::insert(netuid, owner);
			SubnetTao::<T>::insert(netuid, lock);
			SubnetLocked::<T>::insert(netuid, lock);
			SubnetHyperparams::<T>::insert(netuid, T::DefaultHyperparams::get());
			TotalNetworks::<T>::put(total + 1);
			NetworkLastLock::<T>::put(lock);
			NetworkLastLockBlock::<T>::put(frame_system::Pallet::<T>::block_number());
			Self::deposit_event(Event::NetworkRegistered {
				netuid,
				owner: owner.clone(),
				locked: lock,
			});
			Ok(netuid)
		}

		/// Sets one hyperparameter of `netuid` after checking its bounds (the owner's, unless
		/// `by_governance`).
		pub fn do_set_hyperparameter(
			netuid: NetUid,
			value: HyperparameterOf<T>,
			by_governance: bool,
		) -> DispatchResult {
			SubnetHyperparams::<T>::try_mutate(netuid, |params| {
				let p = params.as_mut().ok_or(Error::<T>::SubnetNotFound)?;
				let within = match value {
					Hyperparameter::Tempo(v) => {
						p.tempo = v;
						v >= 1
					}
					Hyperparameter::MaxUids(v) => {
						p.max_uids = v;
						v >= p.max_validators.max(p.min_allowed_weights).max(1)
							&& v <= T::MaxAllowedUids::get()
					}
					Hyperparameter::MaxValidators(v) => {
						p.max_validators = v;
						v >= 1 && v <= p.max_uids
					}
					Hyperparameter::ImmunityPeriod(v) => {
						p.immunity_period = v;
						true
					}
					Hyperparameter::MinAllowedWeights(v) => {
						p.min_allowed_weights = v;
						v <= p.max_uids
					}
					Hyperparameter::MaxWeightLimit(v) => {
						p.max_weight_limit = v;
						v > 0
					}
					Hyperparameter::Kappa(v) => {
						p.kappa = v;
						true
					}
					Hyperparameter::BondsMovingAverage(v) => {
						p.bonds_moving_average = v;
						let max = if by_governance {
							MAX_BONDS_MOVING_AVERAGE
						} else {
							OWNER_MAX_BONDS_MOVING_AVERAGE
						};
						v <= max
					}
					Hyperparameter::RegistrationAllowed(v) => {
						p.registration_allowed = v;
						true
					}
					Hyperparameter::MinBurn(v) => {
						p.min_burn = v;
						v < T::MinBurnUpperBound::get() && v < p.max_burn
					}
					Hyperparameter::MaxBurn(v) => {
						p.max_burn = v;
						v > T::MaxBurnLowerBound::get() && v > p.min_burn
					}
					Hyperparameter::WeightsRateLimit(v) => {
						p.weights_rate_limit = v;
						true
					}
					Hyperparameter::ActivityCutoff(v) => {
						p.activity_cutoff = v;
						v >= T::MinActivityCutoff::get()
					}
				};
				ensure!(within, Error::<T>::HyperparameterOutOfBounds);
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::HyperparameterSet { netuid, value, by_governance });
			Ok(())
		}

		/// Dissolves `netuid`, returning its pool's TAO to its owner.
		pub fn do_dissolve_network(netuid: NetUid) -> DispatchResult {
			let owner = SubnetOwner::<T>::take(netuid).ok_or(Error::<T>::SubnetNotFound)?;
			let returned = SubnetTao::<T>::take(netuid);
			T::Currency::transfer(
				&Self::subnet_account(netuid),
				&owner,
				returned,
				Preservation::Expendable,
			)?;
			SubnetLocked::<T>::remove(netuid);
			SubnetHyperparams::<T>::remove(netuid);
			TotalNetworks::<T>::mutate(|n| *n = n.saturating_sub(1));
			Self::deposit_event(Event::NetworkDissolved { netuid, owner, returned });
			Ok(())
		}

		/// Checks the pallet's invariants:
		/// * [`TotalNetworks`] counts the subnets, and every subnet has hyperparameters, a lock
		///   and a pool, and nothing else does;
		/// * each subnet's account holds at least its pool;
		/// * every subnet's hyperparameters are within their bounds.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let subnets: Vec<NetUid> = SubnetOwner::<T>::iter_keys().collect();
			ensure!(
				subnets.len() == TotalNetworks::<T>::get() as usize,
				"TotalNetworks does not count the subnets"
			);
			ensure!(
				SubnetHyperparams::<T>::iter_keys().count() == subnets.len()
					&& SubnetTao::<T>::iter_keys().count() == subnets.len()
					&& SubnetLocked::<T>::iter_keys().count() == subnets.len(),
				"subnet records without a subnet"
			);
			for netuid in subnets {
				ensure!(netuid != 0, "subnet 0 is the root network");
				// Anyone may send TAO to a subnet's account; the pool never counts more than it has.
				ensure!(
					T::Currency::balance(&Self::subnet_account(netuid))
						>= SubnetTao::<T>::get(netuid),
					"a subnet's pool exceeds its account's balance"
				);
				let p = SubnetHyperparams::<T>::get(netuid)
					.ok_or("a subnet without hyperparameters")?;
				ensure!(
					p.tempo >= 1
						&& p.max_validators >= 1
						&& p.max_validators <= p.max_uids
						&& p.max_uids <= T::MaxAllowedUids::get()
						&& p.min_allowed_weights <= p.max_uids
						&& p.bonds_moving_average <= MAX_BONDS_MOVING_AVERAGE
						&& p.min_burn < p.max_burn,
					"hyperparameters out of bounds"
				);
			}
			Ok(())
		}
	}
}
