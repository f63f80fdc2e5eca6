//! # dTAO subnets pallet
//!
//! The registry of subnets and their neurons: who owns each subnet, the TAO locked to create
//! it, its hyperparameters, and the neurons (UIDs) registered on it with their weights.
//!
//! ## Overview
//!
//! A coldkey **registers a subnet** by locking TAO. The lock cost follows Bittensor: at least
//! [`NetworkMinLock`] (1,000 TAO), twice the last lock right after a registration, and decaying
//! back linearly over [`LockReductionInterval`] blocks:
//!
//! `cost = max(min_lock, last_lock · 2 − last_lock / interval · (now − last_lock_block))`
//!
//! (the first registration ever pays `last_lock` itself, not twice). The locked TAO opens the
//! subnet's pool ([`Config::Pools`], the staking pallet's); at most [`SubnetLimit`] subnets
//! exist at once. The owner names a hotkey, which becomes UID 0 and receives the owner's cut.
//!
//! The **owner** can hand the subnet to another coldkey and set the hyperparameters Bittensor's
//! admin-utils lets owners set; the others (tempo, validator count, kappa, whether neurons may
//! register, the weights rate limit) change only through the ratified origin, like the network
//! parameters of this pallet ([`SubnetLimit`], [`NetworkMinLock`], [`LockReductionInterval`]). Every setter checks its
//! bounds. Only the ratified origin **dissolves** a subnet: every stake on it is paid out of
//! its pool, and the rest goes back to the owner.
//!
//! ## Neurons
//!
//! A coldkey registers a hotkey as a **neuron** by burning TAO ([`Pallet::burn`]): the burn
//! buys alpha from the subnet's pool and that alpha is destroyed. The burn rises by
//! [`Config::BurnIncrease`] with each registration and halves every [`Config::BurnHalfLife`]
//! blocks, within the subnet's `min_burn ..= max_burn`. Neurons get UIDs `0..n`; when the
//! subnet is full, the neuron with the lowest emission that is past its immunity period (never
//! the owner's) is replaced.
//!
//! Validators holding a **permit** (the top `max_validators` by stake weight, refreshed at each
//! epoch) **set weights** on the subnet's neurons, at most once per `weights_rate_limit`
//! blocks. The emission pallet reads all this through
//! [`SubnetNeurons`](dtao_primitives::SubnetNeurons), refreshes the permits as each epoch starts
//! and records each neuron's emission, by which a full subnet chooses whom to replace.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use dtao_primitives::{
	Hyperparameter, Hyperparams, NetUid, MAX_BONDS_MOVING_AVERAGE, MAX_IMMUNITY_PERIOD, MAX_KAPPA,
	MAX_TEMPO, OWNER_MAX_BONDS_MOVING_AVERAGE,
};
pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod neurons;
#[cfg(test)]
mod tests;
pub mod weights;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::dtao-subnets";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	pub use crate::neurons::{MaxUidsOf, NeuronState};
	use alloc::vec::Vec;
	use dtao_primitives::{Hotkeys, OnSubnetDissolved, SubnetPools};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate},
			BuildGenesisConfig,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{Saturating, Zero},
		Perbill, SaturatedConversion,
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
		/// The currency locked to register subnets and burned to register neurons.
		type Currency: Mutate<Self::AccountId>;
		/// The subnets' pools, where locks and burns go.
		type Pools: SubnetPools<Self::AccountId, BalanceOf<Self>>;
		/// Who owns which hotkey.
		type Hotkeys: Hotkeys<Self::AccountId>;
		/// Told when a subnet is dissolved, to drop what it keeps about it.
		type OnDissolve: OnSubnetDissolved;
		/// The origin of governed changes: the ratified origin.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
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
		/// `min_burn` stays at or above this, so that a burn always buys some alpha.
		#[pallet::constant]
		type MinBurnLowerBound: Get<BalanceOf<Self>>;
		/// The highest [`NetworkMinLock`] governance may set.
		#[pallet::constant]
		type MaxNetworkMinLock: Get<BalanceOf<Self>>;
		/// The longest [`LockReductionInterval`] governance may set.
		#[pallet::constant]
		type MaxLockReductionInterval: Get<BlockNumberFor<Self>>;
		/// `max_burn` stays above this.
		#[pallet::constant]
		type MaxBurnLowerBound: Get<BalanceOf<Self>>;
		/// `activity_cutoff` stays at or above this.
		#[pallet::constant]
		type MinActivityCutoff: Get<u16>;
		/// The burn of a new subnet's first neuron.
		#[pallet::constant]
		type InitialBurn: Get<BalanceOf<Self>>;
		/// How much the burn rises with each registration (26 % on Bittensor).
		#[pallet::constant]
		type BurnIncrease: Get<Perbill>;
		/// Blocks over which the burn halves.
		#[pallet::constant]
		type BurnHalfLife: Get<u32>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The owner (a coldkey) of each subnet.
	#[pallet::storage]
	pub type SubnetOwner<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, T::AccountId, OptionQuery>;

	/// The hotkey of each subnet's owner: UID 0 at registration, paid the owner's cut.
	#[pallet::storage]
	pub type SubnetOwnerHotkey<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, T::AccountId, OptionQuery>;

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

	/// Each subnet's registration burn as of its last change, and the block of that change;
	/// [`Pallet::burn`] decays it to the current block.
	#[pallet::storage]
	pub type BurnAt<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, (BalanceOf<T>, BlockNumberFor<T>), OptionQuery>;

	/// How many neurons each subnet has: its UIDs are `0..n`.
	#[pallet::storage]
	pub type SubnetworkN<T: Config> = StorageMap<_, Twox64Concat, NetUid, u16, ValueQuery>;

	/// The hotkey of each neuron: (netuid, uid) → hotkey.
	#[pallet::storage]
	pub type Keys<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Twox64Concat, u16, T::AccountId, OptionQuery>;

	/// The uid of each registered hotkey: (netuid, hotkey) → uid.
	#[pallet::storage]
	pub type Uids<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, T::AccountId, u16, OptionQuery>;

	/// The state of each neuron: (netuid, uid) → state.
	#[pallet::storage]
	pub type Neurons<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		u16,
		NeuronState<BlockNumberFor<T>, BalanceOf<T>>,
		OptionQuery,
	>;

	/// The weights each validator set: (netuid, uid) → [(uid, weight)], the largest weight
	/// scaled to `u16::MAX`.
	#[pallet::storage]
	pub type Weights<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		u16,
		BoundedVec<(u16, u16), MaxUidsOf<T>>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A subnet was registered.
		NetworkRegistered {
			/// The new subnet.
			netuid: NetUid,
			/// Its owner.
			owner: T::AccountId,
			/// The owner's hotkey, UID 0.
			owner_hotkey: T::AccountId,
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
			/// The pool's TAO left after every stake was paid out, returned to the owner.
			returned: BalanceOf<T>,
		},
		/// A neuron registered on a subnet.
		NeuronRegistered {
			/// The subnet.
			netuid: NetUid,
			/// Its uid.
			uid: u16,
			/// Its hotkey.
			hotkey: T::AccountId,
			/// The TAO burned.
			burned: BalanceOf<T>,
			/// The hotkey it replaced, if the subnet was full.
			replaced: Option<T::AccountId>,
		},
		/// A validator set its weights.
		WeightsSet {
			/// The subnet.
			netuid: NetUid,
			/// The validator's uid.
			uid: u16,
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
		/// The hotkey belongs to another coldkey.
		NotHotkeyOwner,
		/// The subnet does not allow registration now.
		RegistrationDisabled,
		/// The hotkey is already a neuron of this subnet.
		AlreadyRegistered,
		/// The subnet is full and every neuron is immune.
		NoNeuronToReplace,
		/// The burn is above what the caller allowed.
		BurnAboveLimit,
		/// The hotkey is not a neuron of this subnet.
		NotRegistered,
		/// Only validators with a permit set weights on others.
		NoValidatorPermit,
		/// Uids and weights differ in length.
		WeightVecLengthMismatch,
		/// A uid appears twice.
		DuplicateUids,
		/// A uid is not a neuron of this subnet.
		InvalidUid,
		/// Fewer weights than the subnet's `min_allowed_weights`.
		TooFewWeights,
		/// A weight exceeds the subnet's `max_weight_limit`.
		MaxWeightExceeded,
		/// Weights were set less than `weights_rate_limit` blocks ago.
		SettingWeightsTooFast,
	}

	/// A subnet at genesis, with its neurons.
	#[derive(
		Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo, serde::Serialize, serde::Deserialize,
	)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	#[serde(bound(
		serialize = "AccountId: serde::Serialize, Balance: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>, Balance: serde::Deserialize<'de>"
	))]
	pub struct GenesisSubnet<AccountId, Balance> {
		/// The owner, who pays the lock.
		pub owner: AccountId,
		/// The owner's hotkey, UID 0.
		pub owner_hotkey: AccountId,
		/// The lock, moved from the owner's balance to the subnet's pool.
		pub lock: Balance,
		/// A tempo other than the default.
		#[serde(default)]
		pub tempo: Option<u16>,
		/// Neurons after the owner's, in uid order: (coldkey, hotkey, TAO staked through the
		/// pool by the coldkey, zero for none). Registered without a burn.
		#[serde(default)]
		pub neurons: Vec<(AccountId, AccountId, Balance)>,
		/// Weights at genesis: (uid, [(uid, weight)]).
		#[serde(default)]
		pub weights: Vec<(u16, Vec<(u16, u16)>)>,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Subnets registered at genesis, in netuid order from 1.
		pub subnets: Vec<GenesisSubnet<T::AccountId, BalanceOf<T>>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for subnet in &self.subnets {
				Pallet::<T>::build_genesis_subnet(subnet)
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
		/// Origin: signed by the coldkey that will own it, which owns `hotkey` or registers it
		/// now. The lock opens the subnet's pool; `hotkey` becomes UID 0.
		/// Emits [`Event::NetworkRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_network())]
		pub fn register_network(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_network(&owner, &hotkey, Self::lock_cost())?;
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

		/// Dissolve a subnet: every stake on it is paid out of its pool, the rest goes back to
		/// its owner, and its neurons and records go.
		///
		/// Origin: the ratified origin. Emits [`Event::NetworkDissolved`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::dissolve_network(T::MaxAllowedUids::get().into()))]
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

		/// Set the lowest lock cost: at least the existential deposit (a pool account must
		/// exist), at most [`Config::MaxNetworkMinLock`].
		///
		/// Origin: the ratified origin. Emits [`Event::NetworkMinLockSet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_network_parameter())]
		pub fn set_network_min_lock(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				amount >= T::Currency::minimum_balance() && amount <= T::MaxNetworkMinLock::get(),
				Error::<T>::ParameterOutOfRange
			);
			NetworkMinLock::<T>::put(amount);
			Self::deposit_event(Event::NetworkMinLockSet { amount });
			Ok(())
		}

		/// Set the blocks over which the lock cost decays (1 ..=
		/// [`Config::MaxLockReductionInterval`]).
		///
		/// Origin: the ratified origin. Emits [`Event::LockReductionIntervalSet`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_network_parameter())]
		pub fn set_lock_reduction_interval(
			origin: OriginFor<T>,
			interval: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				!interval.is_zero() && interval <= T::MaxLockReductionInterval::get(),
				Error::<T>::ParameterOutOfRange
			);
			LockReductionInterval::<T>::put(interval);
			Self::deposit_event(Event::LockReductionIntervalSet { interval });
			Ok(())
		}

		/// Register `hotkey` as a neuron of `netuid`, burning the current burn
		/// ([`Pallet::burn`]), if it is at most `max_burn`.
		///
		/// Origin: signed by the coldkey that owns `hotkey` or registers it now. When the
		/// subnet is full, the non-immune neuron with the lowest emission is replaced.
		/// Emits [`Event::NeuronRegistered`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::burned_register())]
		pub fn burned_register(
			origin: OriginFor<T>,
			netuid: NetUid,
			hotkey: T::AccountId,
			max_burn: BalanceOf<T>,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_burned_register(&coldkey, netuid, &hotkey, max_burn).map(|_| ())
		}

		/// Set the signing hotkey's weights on `netuid`: `weights[i]` on uid `uids[i]`.
		///
		/// Origin: signed by a neuron's hotkey holding a validator permit (or setting only a
		/// weight on itself). The weights are stored scaled so the largest is `u16::MAX`.
		/// Emits [`Event::WeightsSet`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_weights(uids.len() as u32))]
		pub fn set_weights(
			origin: OriginFor<T>,
			netuid: NetUid,
			uids: Vec<u16>,
			weights: Vec<u16>,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_set_weights(&hotkey, netuid, uids, weights)
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

		/// Registers a subnet for `owner`, opening its pool with `lock`, with `hotkey` as UID 0.
		/// Returns its netuid: the lowest free one from 1.
		pub fn do_register_network(
			owner: &T::AccountId,
			hotkey: &T::AccountId,
			lock: BalanceOf<T>,
		) -> Result<NetUid, DispatchError> {
			let total = TotalNetworks::<T>::get();
			ensure!(total < SubnetLimit::<T>::get(), Error::<T>::SubnetLimitReached);
			// A dissolved subnet's netuid is free once its pool has paid out every position.
			let netuid = (1..=NetUid::MAX)
				.find(|n| !SubnetOwner::<T>::contains_key(n) && !T::Pools::is_closing(*n))
				.ok_or(Error::<T>::SubnetLimitReached)?;
			T::Hotkeys::claim(owner, hotkey).map_err(|_| Error::<T>::NotHotkeyOwner)?;
			T::Pools::open_pool(netuid, owner, lock).map_err(|_| Error::<T>::CannotAffordLock)?;
			let now = frame_system::Pallet::<T>::block_number();
			SubnetOwner::<T>::insert(netuid, owner);
			SubnetOwnerHotkey::<T>::insert(netuid, hotkey);
			SubnetLocked::<T>::insert(netuid, lock);
			SubnetHyperparams::<T>::insert(netuid, T::DefaultHyperparams::get());
			BurnAt::<T>::insert(netuid, (T::InitialBurn::get(), now));
			TotalNetworks::<T>::put(total + 1);
			NetworkLastLock::<T>::put(lock);
			NetworkLastLockBlock::<T>::put(now);
			Self::append_neuron(netuid, hotkey, now);
			Self::deposit_event(Event::NetworkRegistered {
				netuid,
				owner: owner.clone(),
				owner_hotkey: hotkey.clone(),
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
						(1..=MAX_TEMPO).contains(&v)
					}
					Hyperparameter::MaxUids(v) => {
						p.max_uids = v;
						v >= p.max_validators.max(p.min_allowed_weights).max(1)
							&& v >= SubnetworkN::<T>::get(netuid)
							&& v <= T::MaxAllowedUids::get()
					}
					Hyperparameter::MaxValidators(v) => {
						p.max_validators = v;
						v >= 1 && v <= p.max_uids
					}
					Hyperparameter::ImmunityPeriod(v) => {
						p.immunity_period = v;
						v <= MAX_IMMUNITY_PERIOD
					}
					Hyperparameter::MinAllowedWeights(v) => {
						p.min_allowed_weights = v;
						v <= p.max_uids
					}
					Hyperparameter::MaxWeightLimit(v) => {
						p.max_weight_limit = v;
						let neurons = u32::from(SubnetworkN::<T>::get(netuid).max(1));
						u32::from(v) * neurons >= u32::from(u16::MAX)
					}
					Hyperparameter::Kappa(v) => {
						p.kappa = v;
						v <= MAX_KAPPA
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
						v >= T::MinBurnLowerBound::get()
							&& v < T::MinBurnUpperBound::get()
							&& v < p.max_burn
					}
					Hyperparameter::MaxBurn(v) => {
						p.max_burn = v;
						v > T::MaxBurnLowerBound::get() && v > p.min_burn
					}
					Hyperparameter::WeightsRateLimit(v) => {
						p.weights_rate_limit = v;
						v <= u64::from(p.activity_cutoff)
					}
					Hyperparameter::ActivityCutoff(v) => {
						p.activity_cutoff = v;
						v >= T::MinActivityCutoff::get() && u64::from(v) >= p.weights_rate_limit
					}
				};
				ensure!(within, Error::<T>::HyperparameterOutOfBounds);
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::HyperparameterSet { netuid, value, by_governance });
			Ok(())
		}

		/// Dissolves `netuid`: its pool pays every stake and returns the rest to its owner.
		pub fn do_dissolve_network(netuid: NetUid) -> DispatchResult {
			let owner = SubnetOwner::<T>::take(netuid).ok_or(Error::<T>::SubnetNotFound)?;
			let returned = T::Pools::close_pool(netuid, &owner)?;
			SubnetOwnerHotkey::<T>::remove(netuid);
			SubnetLocked::<T>::remove(netuid);
			SubnetHyperparams::<T>::remove(netuid);
			BurnAt::<T>::remove(netuid);
			SubnetworkN::<T>::remove(netuid);
			let _ = Keys::<T>::clear_prefix(netuid, u32::MAX, None);
			let _ = Uids::<T>::clear_prefix(netuid, u32::MAX, None);
			let _ = Neurons::<T>::clear_prefix(netuid, u32::MAX, None);
			let _ = Weights::<T>::clear_prefix(netuid, u32::MAX, None);
			TotalNetworks::<T>::mutate(|n| *n = n.saturating_sub(1));
			T::OnDissolve::on_dissolved(netuid);
			Self::deposit_event(Event::NetworkDissolved { netuid, owner, returned });
			Ok(())
		}

		/// Checks the pallet's invariants:
		/// * [`TotalNetworks`] counts the subnets, and every subnet has hyperparameters, a lock,
		///   an owner hotkey and a burn, and nothing else does;
		/// * each subnet's neurons are consistent (see [`Pallet::do_try_state_neurons`]);
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
					&& SubnetOwnerHotkey::<T>::iter_keys().count() == subnets.len()
					&& BurnAt::<T>::iter_keys().count() == subnets.len()
					&& SubnetLocked::<T>::iter_keys().count() == subnets.len(),
				"subnet records without a subnet"
			);
			for netuid in subnets.iter().copied() {
				ensure!(netuid != 0, "subnet 0 is the root network");
				Self::do_try_state_neurons(netuid)?;
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
			ensure!(
				SubnetworkN::<T>::iter_keys().all(|n| subnets.contains(&n))
					&& Keys::<T>::iter_keys().all(|(n, _)| subnets.contains(&n)),
				"neurons on a subnet that does not exist"
			);
			Ok(())
		}
	}
}
