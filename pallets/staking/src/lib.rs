//! # dTAO staking pallet
//!
//! Hotkeys, delegates and TAO stake: the root part of a Bittensor-style staking system.
//!
//! ## Overview
//!
//! A **coldkey** is the account that holds funds and signs for them. It registers **hotkeys**
//! it owns (a hotkey never signs in this pallet: it names a validator identity). A coldkey can
//! make one of its hotkeys a **delegate**, with a **take** (the share of rewards the delegate
//! keeps before its nominators are paid): by default and at most 18 %, the maximum being a
//! governed parameter.
//!
//! Any coldkey can **stake** TAO to any registered hotkey. Staked TAO stays in the coldkey's
//! account, *held* under [`HoldReason::Staked`]: it is neither burned nor transferred, so total
//! issuance never changes, and `remove_stake` releases exactly what was held.
//!
//! Other pallets read stake through [`Pallet::hotkey_stake`], [`Pallet::total_stake`],
//! [`Pallet::owner_of`] and [`Pallet::is_delegate`]; the runtime adapts these to the small
//! traits its consumers declare (the governance pallet's Senate election, for one), so that no
//! pallet depends on another.
//!
//! ## Terms
//!
//! * *Position*: the stake of one coldkey on one hotkey ([`Stake`]).
//! * *Minimum stake* ([`MinStake`]): no position may be opened or left below it, so that the
//!   state holds no dust. Governed.
//!
//! ## Subnet pools and alpha
//!
//! Root stake is subnet 0, where TAO is held 1:1. Every other subnet has a **constant-product
//! pool** of TAO ([`SubnetTao`]) and alpha ([`SubnetAlphaIn`]), opened with its owner's lock.
//! `add_stake` on a subnet sells TAO to the pool for alpha and `remove_stake` sells alpha back;
//! a governed [`SwapFee`] stays in the pool, and the `_limit` variants refuse a fill whose
//! average price is worse than the limit the user gives. `move_stake` moves stake between
//! hotkeys on one subnet without a swap, or between subnets through both pools.
//!
//! Alpha stake on a hotkey is a **share pool**: each coldkey holds shares ([`AlphaShares`]) of
//! the hotkey's alpha ([`TotalHotkeyAlpha`]), so paying a validator's nominators is one write,
//! whatever their number. A validator's **stake weight** on a subnet is its alpha there plus
//! the governed [`TaoWeight`] of its root stake; its nominators share its rewards after its
//! take, the root ones in proportion to that weighted root stake.
//!
//! ## Root dividends
//!
//! The root stakers' part of a validator's reward is sold to the subnet's pool at once, and
//! the TAO it buys waits in the root dividend account; the hotkey's [`RootDividendIndex`]
//! grows by that TAO per unit of root stake. A root position is owed its stake times the
//! growth of the index since it was last settled ([`RootDividendSettled`]): it is paid as free
//! balance whenever the position changes, or on [`Pallet::claim_root_dividends`]. Paying a
//! validator therefore costs the same whether one coldkey or ten thousand stake on it. Root
//! stake, once added, stays for [`Config::RootStakeCooldown`] blocks (a tempo): staking just
//! before a validator is paid and leaving just after earns no more than holding the stake
//! throughout would.
//!
//! ## Closing a pool
//!
//! When a subnet is dissolved its pool closes: the owner is paid the pool's own share at once
//! and the positions are paid out over the next blocks, at most
//! [`Config::MaxPoolPayoutsPerBlock`] a block ([`ClosingPools`]), so that no number of
//! positions an account can open makes one block heavier.
//!
//! ## Lasting stake
//!
//! Every change of root stake is told to [`Config::StakeObserver`] (the governance pallet in
//! the runtime), which seats the Senate on stake held for a whole refresh interval.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod pools;
#[cfg(test)]
mod tests;
pub mod weights;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::dtao-staking";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use dtao_primitives::{OnStakeChanged, StakeChange, ROOT_NETUID};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::Precision,
			BuildGenesisConfig,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::Zero, Perbill, Saturating};

	/// The balance type of the currency used for stake.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	pub use dtao_primitives::NetUid;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency in which stake is held.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The origin that may change this pallet's parameters: in the runtime, a ratified
		/// Senate motion or a passed referendum.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The take a new delegate gets when it names none (18 % on Bittensor).
		#[pallet::constant]
		type DefaultTake: Get<Perbill>;

		/// The minimum stake at genesis, before governance sets another.
		#[pallet::constant]
		type DefaultMinStake: Get<BalanceOf<Self>>;

		/// Derives each subnet pool's account, which holds the pool's TAO.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Derives the account that holds the TAO owed to root stakers as dividends.
		#[pallet::constant]
		type RootDividendsId: Get<PalletId>;

		/// [`SwapFee`] until governance changes it.
		#[pallet::constant]
		type DefaultSwapFee: Get<Perbill>;

		/// The highest [`SwapFee`] governance may set.
		#[pallet::constant]
		type MaxSwapFee: Get<Perbill>;

		/// [`TaoWeight`] until governance changes it.
		#[pallet::constant]
		type DefaultTaoWeight: Get<Perbill>;

		/// The highest [`MinStake`] governance may set.
		#[pallet::constant]
		type MaxMinStake: Get<BalanceOf<Self>>;

		/// Told after every change of root stake: in the runtime, the governance pallet, which
		/// seats the Senate on lasting stake. Calls that change root stake charge its
		/// `max_weight` up front and refund what it did not use.
		type StakeObserver: OnStakeChanged<Self::AccountId, BalanceOf<Self>>;

		/// How many positions of a closing pool are paid out per block.
		#[pallet::constant]
		type MaxPoolPayoutsPerBlock: Get<u32>;

		/// How long root stake must stay once added (a tempo): what makes staking just before a
		/// validator is paid and unstaking just after as costly as holding the stake throughout.
		#[pallet::constant]
		type RootStakeCooldown: Get<BlockNumberFor<Self>>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// TAO staked to a hotkey.
		#[codec(index = 0)]
		Staked,
	}

	/// The coldkey that owns each registered hotkey.
	#[pallet::storage]
	pub type Owner<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId>;

	/// The take of each delegate hotkey.
	#[pallet::storage]
	pub type Delegates<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Perbill>;

	/// Stake per position: (hotkey, coldkey) → TAO held for it.
	#[pallet::storage]
	pub type Stake<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Total stake on each hotkey, from all coldkeys.
	#[pallet::storage]
	pub type TotalHotkeyStake<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Total stake of each coldkey, over all hotkeys.
	#[pallet::storage]
	pub type TotalColdkeyStake<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Total stake in the network.
	#[pallet::storage]
	pub type TotalStake<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The smallest position that may be opened or left. Governed.
	#[pallet::storage]
	pub type MinStake<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery, T::DefaultMinStake>;

	/// The highest take a delegate may set. Governed, at most [`Config::DefaultTake`].
	#[pallet::storage]
	pub type MaxDelegateTake<T: Config> = StorageValue<_, Perbill, ValueQuery, T::DefaultTake>;

	/// The TAO in each subnet's pool.
	#[pallet::storage]
	pub type SubnetTao<T: Config> = StorageMap<_, Twox64Concat, NetUid, BalanceOf<T>, OptionQuery>;

	/// The alpha in each subnet's pool.
	#[pallet::storage]
	pub type SubnetAlphaIn<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BalanceOf<T>, ValueQuery>;

	/// The alpha staked on each subnet.
	#[pallet::storage]
	pub type SubnetAlphaOut<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BalanceOf<T>, ValueQuery>;

	/// The alpha staked on each hotkey on each subnet, by all its stakers.
	#[pallet::storage]
	pub type TotalHotkeyAlpha<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// The shares of [`TotalHotkeyAlpha`] issued on each hotkey on each subnet.
	#[pallet::storage]
	pub type TotalHotkeyShares<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, T::AccountId, u128, ValueQuery>;

	/// Each coldkey's shares of a hotkey's alpha on a subnet: (netuid, hotkey, coldkey).
	#[pallet::storage]
	pub type AlphaShares<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, NetUid>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		u128,
		ValueQuery,
	>;

	/// The share of each swap kept by the pool. Governed.
	#[pallet::storage]
	pub type SwapFee<T: Config> = StorageValue<_, Perbill, ValueQuery, T::DefaultSwapFee>;

	/// How much of a hotkey's root stake counts in its stake weight on every subnet. Governed.
	#[pallet::storage]
	pub type TaoWeight<T: Config> = StorageValue<_, Perbill, ValueQuery, T::DefaultTaoWeight>;

	/// The TAO each hotkey's root stakers have been owed so far, per unit of root stake and
	/// scaled by [`ROOT_INDEX_UNIT`]: it only grows.
	#[pallet::storage]
	pub type RootDividendIndex<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u128, ValueQuery>;

	/// The [`RootDividendIndex`] each root position was last paid up to: (hotkey, coldkey).
	#[pallet::storage]
	pub type RootDividendSettled<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		u128,
		ValueQuery,
	>;

	/// The block each root position last grew at: it may not shrink for
	/// [`Config::RootStakeCooldown`] blocks after. (hotkey, coldkey).
	#[pallet::storage]
	pub type RootStakeAddedAt<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BlockNumberFor<T>,
		OptionQuery,
	>;

	/// Pools that closed with their subnet and whose positions are being paid out.
	#[pallet::storage]
	pub type ClosingPools<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, ClosingPool<T::AccountId, BalanceOf<T>>, OptionQuery>;

	/// A pool whose positions are being paid out.
	#[derive(
		Clone, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
	)]
	pub struct ClosingPool<AccountId, Balance> {
		/// The subnet's owner, who is paid what is left when the last position is paid.
		pub owner: AccountId,
		/// The TAO still owed to the positions not yet paid.
		pub tao: Balance,
		/// The alpha of the positions not yet paid: their claim on `tao`.
		pub alpha: Balance,
		/// TAO paid to positions so far.
		pub paid: Balance,
	}

	/// One registered hotkey at genesis.
	#[derive(
		Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo, serde::Serialize, serde::Deserialize,
	)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	pub struct GenesisHotkey<AccountId, Balance> {
		/// The hotkey.
		pub hotkey: AccountId,
		/// The coldkey that owns it.
		pub coldkey: AccountId,
		/// `Some(take)` makes it a delegate with that take.
		pub delegate_take: Option<Perbill>,
		/// Stake from its own coldkey, held from the coldkey's free balance.
		pub stake: Balance,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Hotkeys registered at genesis, with their owners' stake.
		pub hotkeys: Vec<GenesisHotkey<T::AccountId, BalanceOf<T>>>,
		/// Minimum stake; `None` keeps [`Config::DefaultMinStake`].
		pub min_stake: Option<BalanceOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(min) = self.min_stake {
				MinStake::<T>::put(min);
			}
			// The root dividend account holds the existential deposit, so that any dividend,
			// however small, can be paid into it.
			let ed = T::Currency::minimum_balance();
			let account = Pallet::<T>::root_dividend_account();
			if T::Currency::balance(&account) < ed {
				T::Currency::mint_into(&account, ed).expect("minting the existential deposit");
			}
			for h in &self.hotkeys {
				Pallet::<T>::do_register_hotkey(&h.coldkey, &h.hotkey)
					.expect("genesis hotkeys are unique");
				if let Some(take) = h.delegate_take {
					Pallet::<T>::do_become_delegate(&h.coldkey, &h.hotkey, take)
						.expect("genesis delegate takes are within the maximum");
				}
				if !h.stake.is_zero() {
					Pallet::<T>::do_add_stake(&h.coldkey, &h.hotkey, h.stake)
						.expect("genesis coldkeys can afford their stake");
				}
			}
			// Stake at genesis is not cooling down.
			let _ = RootStakeAddedAt::<T>::clear(u32::MAX, None);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A coldkey registered a hotkey.
		HotkeyRegistered {
			/// The owner.
			coldkey: T::AccountId,
			/// The new hotkey.
			hotkey: T::AccountId,
		},
		/// A hotkey became a delegate.
		DelegateAdded {
			/// The delegate.
			hotkey: T::AccountId,
			/// Its take.
			take: Perbill,
		},
		/// A delegate changed its take.
		TakeChanged {
			/// The delegate.
			hotkey: T::AccountId,
			/// Its new take.
			take: Perbill,
		},
		/// TAO was staked to a hotkey.
		StakeAdded {
			/// The coldkey whose TAO is now held.
			coldkey: T::AccountId,
			/// The hotkey staked to.
			hotkey: T::AccountId,
			/// How much was added.
			amount: BalanceOf<T>,
			/// The hotkey's total stake afterwards.
			hotkey_total: BalanceOf<T>,
		},
		/// Stake was removed and the TAO released to its coldkey.
		StakeRemoved {
			/// The coldkey whose TAO was released.
			coldkey: T::AccountId,
			/// The hotkey unstaked from.
			hotkey: T::AccountId,
			/// How much was removed.
			amount: BalanceOf<T>,
			/// The hotkey's total stake afterwards.
			hotkey_total: BalanceOf<T>,
		},
		/// TAO was swapped into alpha and staked to a hotkey on a subnet.
		AlphaStakeAdded {
			/// The coldkey that paid.
			coldkey: T::AccountId,
			/// The hotkey staked to.
			hotkey: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// TAO paid, fee included.
			tao: BalanceOf<T>,
			/// Alpha received.
			alpha: BalanceOf<T>,
			/// TAO the pool kept as fee.
			fee: BalanceOf<T>,
		},
		/// Alpha stake was swapped back into TAO, released to its coldkey.
		AlphaStakeRemoved {
			/// The coldkey paid.
			coldkey: T::AccountId,
			/// The hotkey unstaked from.
			hotkey: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// Alpha sold.
			alpha: BalanceOf<T>,
			/// TAO received.
			tao: BalanceOf<T>,
			/// TAO the pool kept as fee.
			fee: BalanceOf<T>,
		},
		/// Stake moved between hotkeys or subnets.
		StakeMoved {
			/// The coldkey of both positions.
			coldkey: T::AccountId,
			/// The hotkey moved from.
			from_hotkey: T::AccountId,
			/// The subnet moved from.
			from_netuid: NetUid,
			/// The hotkey moved to.
			to_hotkey: T::AccountId,
			/// The subnet moved to.
			to_netuid: NetUid,
			/// Stake taken from the first position (alpha, or TAO on root).
			amount: BalanceOf<T>,
			/// Stake added to the second position (alpha, or TAO on root).
			received: BalanceOf<T>,
		},
		/// A subnet's pool opened.
		PoolOpened {
			/// The subnet.
			netuid: NetUid,
			/// Its TAO, and as much alpha.
			tao: BalanceOf<T>,
		},
		/// A subnet's pool closed: its owner was paid the pool's own share, and its positions
		/// will be paid over the next blocks.
		PoolClosing {
			/// The subnet.
			netuid: NetUid,
			/// TAO paid to the owner now.
			to_owner: BalanceOf<T>,
			/// TAO the positions will share.
			to_stakers: BalanceOf<T>,
		},
		/// Every position of a closed pool was paid, and what was left went to the owner.
		PoolClosed {
			/// The subnet.
			netuid: NetUid,
			/// TAO paid to stakers.
			to_stakers: BalanceOf<T>,
			/// TAO paid to the owner at the end (rounding and payments that could not be made).
			to_owner: BalanceOf<T>,
		},
		/// A root position was paid the dividends it was owed.
		RootDividendsPaid {
			/// The coldkey paid.
			coldkey: T::AccountId,
			/// The hotkey it stakes on.
			hotkey: T::AccountId,
			/// TAO paid.
			amount: BalanceOf<T>,
		},
		/// Governance set the swap fee.
		SwapFeeSet {
			/// The new fee.
			fee: Perbill,
		},
		/// Governance set the TAO weight.
		TaoWeightSet {
			/// The new weight.
			weight: Perbill,
		},
		/// Governance set the minimum stake.
		MinStakeSet {
			/// The new minimum.
			amount: BalanceOf<T>,
		},
		/// Governance set the maximum delegate take.
		MaxDelegateTakeSet {
			/// The new maximum.
			take: Perbill,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The hotkey is already registered.
		HotkeyAlreadyRegistered,
		/// The hotkey is not registered.
		HotkeyNotRegistered,
		/// The signer is not the coldkey that owns the hotkey.
		NotHotkeyOwner,
		/// The hotkey is already a delegate.
		AlreadyDelegate,
		/// The hotkey is not a delegate.
		NotDelegate,
		/// The take is above the maximum delegate take.
		TakeTooHigh,
		/// The amount is zero.
		ZeroAmount,
		/// The position would be opened or left below the minimum stake.
		StakeBelowMinimum,
		/// The coldkey has less stake on this hotkey than it asked to remove.
		NotEnoughStake,
		/// The coldkey cannot afford the stake (free balance, keeping the existential deposit).
		InsufficientBalance,
		/// The subnet has no pool.
		SubnetNotFound,
		/// The subnet already has a pool.
		PoolExists,
		/// The swap's average price is worse than the limit.
		PriceLimitExceeded,
		/// The swap is too small to buy anything.
		SwapTooSmall,
		/// The pool cannot pay this much and stay open.
		InsufficientLiquidity,
		/// The fee is above the maximum.
		FeeTooHigh,
		/// A move to the same hotkey on the same subnet.
		SamePosition,
		/// The subnet's pool is closing: its positions are being paid out.
		PoolClosing,
		/// The parameter is outside its allowed range.
		ParameterOutOfRange,
		/// Root stake added less than [`Config::RootStakeCooldown`] blocks ago cannot be removed
		/// or moved yet.
		StakeCoolingDown,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Pays out up to [`Config::MaxPoolPayoutsPerBlock`] positions of a closing pool.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			match ClosingPools::<T>::iter().next() {
				Some((netuid, pool)) => {
					let paid = Self::pay_out_closing_pool(netuid, pool);
					T::WeightInfo::pay_out_closing_pool(paid)
				}
				None => T::DbWeight::get().reads(1),
			}
		}

		fn integrity_test() {
			assert!(T::MaxPoolPayoutsPerBlock::get() > 0, "a closing pool must make progress");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register `hotkey` as owned by the signing coldkey.
		///
		/// Origin: signed (the coldkey). Emits [`Event::HotkeyRegistered`].
		/// Complexity: O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_hotkey())]
		pub fn register_hotkey(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_register_hotkey(&coldkey, &hotkey)
		}

		/// Make `hotkey` a delegate with `take` (default [`Config::DefaultTake`], capped by
		/// [`MaxDelegateTake`]).
		///
		/// Origin: signed by the hotkey's coldkey. Emits [`Event::DelegateAdded`].
		/// Complexity: O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::become_delegate())]
		pub fn become_delegate(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			take: Option<Perbill>,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let take =
				take.unwrap_or_else(|| T::DefaultTake::get().min(MaxDelegateTake::<T>::get()));
			Self::do_become_delegate(&coldkey, &hotkey, take)
		}

		/// Change a delegate's take, within [`MaxDelegateTake`].
		///
		/// Origin: signed by the hotkey's coldkey. Emits [`Event::TakeChanged`].
		/// Complexity: O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_take())]
		pub fn set_take(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			take: Perbill,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::ensure_owner(&coldkey, &hotkey)?;
			ensure!(Delegates::<T>::contains_key(&hotkey), Error::<T>::NotDelegate);
			ensure!(take <= MaxDelegateTake::<T>::get(), Error::<T>::TakeTooHigh);
			Delegates::<T>::insert(&hotkey, take);
			Self::deposit_event(Event::TakeChanged { hotkey, take });
			Ok(())
		}

		/// Stake `amount` TAO of the signer's to `hotkey` on subnet `netuid`.
		///
		/// On root (`netuid` 0) the TAO is held, not moved. On a subnet it is sold to the pool
		/// for alpha, staked to `hotkey`.
		///
		/// Origin: signed (any coldkey). Emits [`Event::StakeAdded`] on root and
		/// [`Event::AlphaStakeAdded`] on a subnet. Complexity: O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::add_stake_weight())]
		pub fn add_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let (_, observed) = Self::do_stake(&coldkey, &hotkey, netuid, amount, None)?;
			Ok(Some(Self::stake_weight_used(netuid, true, observed)).into())
		}

		/// Remove `amount` of the signer's stake on `hotkey` on subnet `netuid`: TAO on root,
		/// released; alpha on a subnet, sold to the pool for TAO.
		///
		/// Origin: signed (the coldkey of the position). Emits [`Event::StakeRemoved`] on root
		/// and [`Event::AlphaStakeRemoved`] on a subnet. Complexity: O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(
			Pallet::<T>::remove_stake_weight()
		)]
		pub fn remove_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let (_, observed) = Self::do_unstake(&coldkey, &hotkey, netuid, amount, None)?;
			Ok(Some(Self::stake_weight_used(netuid, false, observed)).into())
		}

		/// Set the minimum stake of a position, at most [`Config::MaxMinStake`].
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::MinStakeSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_min_stake())]
		pub fn set_min_stake(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(amount <= T::MaxMinStake::get(), Error::<T>::ParameterOutOfRange);
			MinStake::<T>::put(amount);
			Self::deposit_event(Event::MinStakeSet { amount });
			Ok(())
		}

		/// Set the maximum delegate take, at most [`Config::DefaultTake`]. Existing takes above
		/// it are left as they are until their delegates change them.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::MaxDelegateTakeSet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_max_delegate_take())]
		pub fn set_max_delegate_take(origin: OriginFor<T>, take: Perbill) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(take <= T::DefaultTake::get(), Error::<T>::ParameterOutOfRange);
			MaxDelegateTake::<T>::put(take);
			Self::deposit_event(Event::MaxDelegateTakeSet { take });
			Ok(())
		}

		/// Like [`Pallet::add_stake`] on a subnet, but refuse unless the average price paid,
		/// in rao per alpha, is at most `limit_price`.
		///
		/// Origin: signed. Emits [`Event::AlphaStakeAdded`]. Complexity: O(1).
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::add_stake_weight())]
		pub fn add_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount: BalanceOf<T>,
			limit_price: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let (_, observed) =
				Self::do_stake(&coldkey, &hotkey, netuid, amount, Some(limit_price))?;
			Ok(Some(Self::stake_weight_used(netuid, true, observed)).into())
		}

		/// Like [`Pallet::remove_stake`] on a subnet, but refuse unless the average price
		/// received, in rao per alpha, is at least `limit_price`.
		///
		/// Origin: signed. Emits [`Event::AlphaStakeRemoved`]. Complexity: O(1).
		#[pallet::call_index(8)]
		#[pallet::weight(
			Pallet::<T>::remove_stake_weight()
		)]
		pub fn remove_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount: BalanceOf<T>,
			limit_price: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let (_, observed) =
				Self::do_unstake(&coldkey, &hotkey, netuid, amount, Some(limit_price))?;
			Ok(Some(Self::stake_weight_used(netuid, false, observed)).into())
		}

		/// Move `amount` of the signer's stake from `from_hotkey` on `from_netuid` to
		/// `to_hotkey` on `to_netuid`. On one subnet the alpha moves as it is; between subnets
		/// it is sold on the first pool and the TAO bought into the second.
		///
		/// Origin: signed (the coldkey of the position). Emits [`Event::StakeMoved`].
		/// Complexity: O(1).
		#[pallet::call_index(9)]
		#[pallet::weight(
			T::WeightInfo::move_stake()
				.max(T::WeightInfo::add_root_stake().saturating_add(T::WeightInfo::remove_stake()))
				.max(T::WeightInfo::remove_root_stake().saturating_add(T::WeightInfo::add_stake()))
				.saturating_add(T::StakeObserver::max_weight().saturating_mul(2))
		)]
		pub fn move_stake(
			origin: OriginFor<T>,
			from_hotkey: T::AccountId,
			to_hotkey: T::AccountId,
			from_netuid: NetUid,
			to_netuid: NetUid,
			amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let observed = Self::do_move_stake(
				&coldkey,
				&from_hotkey,
				&to_hotkey,
				from_netuid,
				to_netuid,
				amount,
			)?;
			let legs = if from_netuid == ROOT_NETUID || to_netuid == ROOT_NETUID {
				T::WeightInfo::move_stake()
					.max(
						T::WeightInfo::add_root_stake()
							.saturating_add(T::WeightInfo::remove_stake()),
					)
					.max(
						T::WeightInfo::remove_root_stake()
							.saturating_add(T::WeightInfo::add_stake()),
					)
			} else {
				T::WeightInfo::move_stake()
			};
			Ok(Some(legs.saturating_add(observed)).into())
		}

		/// Set the share of each swap the pool keeps, at most [`Config::MaxSwapFee`].
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::SwapFeeSet`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_swap_fee())]
		pub fn set_swap_fee(origin: OriginFor<T>, fee: Perbill) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(fee <= T::MaxSwapFee::get(), Error::<T>::FeeTooHigh);
			SwapFee::<T>::put(fee);
			Self::deposit_event(Event::SwapFeeSet { fee });
			Ok(())
		}

		/// Set how much of root stake counts in stake weight on subnets.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::TaoWeightSet`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_tao_weight())]
		pub fn set_tao_weight(origin: OriginFor<T>, weight: Perbill) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			TaoWeight::<T>::put(weight);
			Self::deposit_event(Event::TaoWeightSet { weight });
			Ok(())
		}

		/// Pay the signer the root dividends its stake on `hotkey` is owed.
		///
		/// Origin: signed (the coldkey of the root position). Emits
		/// [`Event::RootDividendsPaid`] when something was owed. Complexity: O(1).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::claim_root_dividends())]
		pub fn claim_root_dividends(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let stake = Stake::<T>::get(&hotkey, &coldkey);
			ensure!(!stake.is_zero(), Error::<T>::NotEnoughStake);
			Self::settle_root_dividends(&hotkey, &coldkey, stake);
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// What `add_stake` charges before it runs: the heavier of its root and subnet paths,
		/// and the most the stake observer may use.
		pub fn add_stake_weight() -> Weight {
			T::WeightInfo::add_stake()
				.max(T::WeightInfo::add_root_stake())
				.saturating_add(T::StakeObserver::max_weight())
		}

		/// What `remove_stake` charges before it runs, as [`Pallet::add_stake_weight`].
		pub fn remove_stake_weight() -> Weight {
			T::WeightInfo::remove_stake()
				.max(T::WeightInfo::remove_root_stake())
				.saturating_add(T::StakeObserver::max_weight())
		}

		/// What a stake call on `netuid` used: its path's weight and the observer's.
		fn stake_weight_used(netuid: NetUid, add: bool, observed: Weight) -> Weight {
			let path = match (netuid == ROOT_NETUID, add) {
				(true, true) => T::WeightInfo::add_root_stake(),
				(true, false) => T::WeightInfo::remove_root_stake(),
				(false, true) => T::WeightInfo::add_stake(),
				(false, false) => T::WeightInfo::remove_stake(),
			};
			path.saturating_add(observed)
		}

		/// The coldkey that owns `hotkey`, if it is registered.
		pub fn owner_of(hotkey: &T::AccountId) -> Option<T::AccountId> {
			Owner::<T>::get(hotkey)
		}

		/// Whether `hotkey` is a delegate.
		pub fn is_delegate(hotkey: &T::AccountId) -> bool {
			Delegates::<T>::contains_key(hotkey)
		}

		/// Total stake on `hotkey`.
		pub fn hotkey_stake(hotkey: &T::AccountId) -> BalanceOf<T> {
			TotalHotkeyStake::<T>::get(hotkey)
		}

		/// Total stake in the network.
		pub fn total_stake() -> BalanceOf<T> {
			TotalStake::<T>::get()
		}

		fn ensure_owner(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
			let owner = Owner::<T>::get(hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
			ensure!(&owner == coldkey, Error::<T>::NotHotkeyOwner);
			Ok(())
		}

		/// Register `hotkey` for `coldkey`.
		pub fn do_register_hotkey(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
			ensure!(!Owner::<T>::contains_key(hotkey), Error::<T>::HotkeyAlreadyRegistered);
			Owner::<T>::insert(hotkey, coldkey);
			Self::deposit_event(Event::HotkeyRegistered {
				coldkey: coldkey.clone(),
				hotkey: hotkey.clone(),
			});
			Ok(())
		}

		/// Make `hotkey`, owned by `coldkey`, a delegate with `take`.
		pub fn do_become_delegate(
			coldkey: &T::AccountId,
			hotkey: &T::AccountId,
			take: Perbill,
		) -> DispatchResult {
			Self::ensure_owner(coldkey, hotkey)?;
			ensure!(!Delegates::<T>::contains_key(hotkey), Error::<T>::AlreadyDelegate);
			ensure!(take <= MaxDelegateTake::<T>::get(), Error::<T>::TakeTooHigh);
			Delegates::<T>::insert(hotkey, take);
			Self::deposit_event(Event::DelegateAdded { hotkey: hotkey.clone(), take });
			Ok(())
		}

		/// Hold `amount` of `coldkey`'s TAO as stake on `hotkey`, paying the position's root
		/// dividends first. Returns the weight [`Config::StakeObserver`] used.
		pub fn do_add_stake(
			coldkey: &T::AccountId,
			hotkey: &T::AccountId,
			amount: BalanceOf<T>,
		) -> Result<Weight, DispatchError> {
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			ensure!(Owner::<T>::contains_key(hotkey), Error::<T>::HotkeyNotRegistered);
			let held = Stake::<T>::get(hotkey, coldkey);
			let position = held.saturating_add(amount);
			ensure!(position >= MinStake::<T>::get(), Error::<T>::StakeBelowMinimum);
			T::Currency::hold(&HoldReason::Staked.into(), coldkey, amount)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			Self::settle_root_dividends(hotkey, coldkey, held);

			Stake::<T>::insert(hotkey, coldkey, position);
			RootStakeAddedAt::<T>::insert(
				hotkey,
				coldkey,
				frame_system::Pallet::<T>::block_number(),
			);
			let before = TotalHotkeyStake::<T>::get(hotkey);
			let hotkey_total = before.saturating_add(amount);
			TotalHotkeyStake::<T>::insert(hotkey, hotkey_total);
			TotalColdkeyStake::<T>::mutate(coldkey, |t| *t = t.saturating_add(amount));
			let total_before = TotalStake::<T>::get();
			let total_after = total_before.saturating_add(amount);
			TotalStake::<T>::put(total_after);
			Self::deposit_event(Event::StakeAdded {
				coldkey: coldkey.clone(),
				hotkey: hotkey.clone(),
				amount,
				hotkey_total,
			});
			Ok(T::StakeObserver::on_stake_changed(StakeChange {
				hotkey,
				before,
				after: hotkey_total,
				total_before,
				total_after,
			}))
		}

		/// Release `amount` of `coldkey`'s stake on `hotkey`, paying the position's root
		/// dividends first. Returns the weight [`Config::StakeObserver`] used.
		pub fn do_remove_stake(
			coldkey: &T::AccountId,
			hotkey: &T::AccountId,
			amount: BalanceOf<T>,
		) -> Result<Weight, DispatchError> {
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let position = Stake::<T>::get(hotkey, coldkey);
			ensure!(position >= amount, Error::<T>::NotEnoughStake);
			let left = position.saturating_sub(amount);
			ensure!(left.is_zero() || left >= MinStake::<T>::get(), Error::<T>::StakeBelowMinimum);
			if let Some(added) = RootStakeAddedAt::<T>::get(hotkey, coldkey) {
				ensure!(
					frame_system::Pallet::<T>::block_number()
						>= added.saturating_add(T::RootStakeCooldown::get()),
					Error::<T>::StakeCoolingDown
				);
			}

			T::Currency::release(&HoldReason::Staked.into(), coldkey, amount, Precision::Exact)?;
			Self::settle_root_dividends(hotkey, coldkey, position);

			if left.is_zero() {
				Stake::<T>::remove(hotkey, coldkey);
				RootDividendSettled::<T>::remove(hotkey, coldkey);
				RootStakeAddedAt::<T>::remove(hotkey, coldkey);
			} else {
				Stake::<T>::insert(hotkey, coldkey, left);
			}
			let before = TotalHotkeyStake::<T>::get(hotkey);
			let hotkey_total = before.saturating_sub(amount);
			if hotkey_total.is_zero() {
				TotalHotkeyStake::<T>::remove(hotkey);
			} else {
				TotalHotkeyStake::<T>::insert(hotkey, hotkey_total);
			}
			TotalColdkeyStake::<T>::mutate_exists(coldkey, |t| {
				let new = t.unwrap_or_default().saturating_sub(amount);
				*t = if new.is_zero() { None } else { Some(new) };
			});
			let total_before = TotalStake::<T>::get();
			let total_after = total_before.saturating_sub(amount);
			TotalStake::<T>::put(total_after);
			Self::deposit_event(Event::StakeRemoved {
				coldkey: coldkey.clone(),
				hotkey: hotkey.clone(),
				amount,
				hotkey_total,
			});
			Ok(T::StakeObserver::on_stake_changed(StakeChange {
				hotkey,
				before,
				after: hotkey_total,
				total_before,
				total_after,
			}))
		}

		/// The pallet's invariants:
		///
		/// * every position is on a registered hotkey and is at least the minimum stake
		///   (positions opened before the minimum was raised are exempt from the second);
		/// * the positions on a hotkey add up to its [`TotalHotkeyStake`];
		/// * the positions of a coldkey add up to its [`TotalColdkeyStake`], which equals the
		///   balance held from it under [`HoldReason::Staked`];
		/// * [`TotalStake`] is the sum of all positions;
		/// * every delegate is a registered hotkey;
		/// * every settled root dividend index and every time root stake was added belongs to a
		///   position; each settled index is at most its hotkey's index, and the root dividend
		///   account holds what every position is owed;
		/// * the minimum stake is within its bound;
		/// * and the pools' invariants ([`Pallet::do_try_state_pools`]).
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			let mut per_hotkey: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			let mut per_coldkey: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			let mut total: BalanceOf<T> = Zero::zero();
			for (hotkey, coldkey, amount) in Stake::<T>::iter() {
				ensure!(Owner::<T>::contains_key(&hotkey), "stake on an unregistered hotkey");
				ensure!(!amount.is_zero(), "empty position stored");
				let h = per_hotkey.entry(hotkey).or_default();
				*h = h.saturating_add(amount);
				let c = per_coldkey.entry(coldkey).or_default();
				*c = c.saturating_add(amount);
				total = total.saturating_add(amount);
			}
			for (hotkey, amount) in TotalHotkeyStake::<T>::iter() {
				ensure!(
					per_hotkey.get(&hotkey).copied().unwrap_or_default() == amount,
					"TotalHotkeyStake differs from the sum of its positions"
				);
			}
			ensure!(
				per_hotkey.len() == TotalHotkeyStake::<T>::iter().count(),
				"a staked hotkey has no TotalHotkeyStake"
			);
			for (coldkey, amount) in TotalColdkeyStake::<T>::iter() {
				ensure!(
					per_coldkey.get(&coldkey).copied().unwrap_or_default() == amount,
					"TotalColdkeyStake differs from the sum of its positions"
				);
				ensure!(
					T::Currency::balance_on_hold(&HoldReason::Staked.into(), &coldkey) == amount,
					"held balance differs from the coldkey's stake"
				);
			}
			ensure!(
				per_coldkey.len() == TotalColdkeyStake::<T>::iter().count(),
				"a staking coldkey has no TotalColdkeyStake"
			);
			ensure!(
				TotalStake::<T>::get() == total,
				"TotalStake differs from the sum of positions"
			);
			for hotkey in Delegates::<T>::iter_keys() {
				ensure!(Owner::<T>::contains_key(&hotkey), "a delegate is not a registered hotkey");
			}
			let mut owed: BalanceOf<T> = Zero::zero();
			ensure!(
				RootStakeAddedAt::<T>::iter_keys().all(|(h, c)| Stake::<T>::contains_key(&h, &c)),
				"a root stake time without a position"
			);
			for (hotkey, coldkey, settled) in RootDividendSettled::<T>::iter() {
				ensure!(
					Stake::<T>::contains_key(&hotkey, &coldkey),
					"a settled root dividend index without a position"
				);
				ensure!(
					settled <= RootDividendIndex::<T>::get(&hotkey),
					"a position settled past its hotkey's root dividend index"
				);
			}
			for (hotkey, coldkey, _) in Stake::<T>::iter() {
				owed = owed.saturating_add(Self::root_dividends_owed(&hotkey, &coldkey));
			}
			let account = Self::root_dividend_account();
			ensure!(
				T::Currency::balance(&account).saturating_sub(T::Currency::minimum_balance())
					>= owed,
				"the root dividend account holds less than the positions are owed"
			);
			ensure!(MinStake::<T>::get() <= T::MaxMinStake::get(), "minimum stake above its bound");
			Self::do_try_state_pools()
		}
	}
}
