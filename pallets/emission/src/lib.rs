//! # dTAO emission pallet
//!
//! Mints the block emission into the subnets' pools and pays each subnet's accrued alpha at its
//! epoch, by Yuma consensus.
//!
//! ## Every block
//!
//! * The **block emission** is [`Config::InitialBlockEmission`] (1 TAO), halved each time the
//!   total issuance crosses half of what is left of [`Config::MaxSupply`]: at 10.5 M, 15.75 M,
//!   18.375 M, … of 21 M TAO ([`Pallet::block_emission`]).
//! * Each subnet's **moving price** follows its pool's spot price as an exponential moving
//!   average (governed [`PriceSmoothing`]), and the subnet gets the share of the block emission
//!   its moving price is of all subnets' moving prices.
//! * That TAO is minted into the subnet's pool together with alpha at the current price (at
//!   most the subnet's alpha emission), so the price holds; and the subnet's **alpha
//!   emission** (1 alpha per block, halving with its alpha issuance as TAO does) accrues: the
//!   governed [`SubnetOwnerCut`] (18 %) as [`PendingOwnerCut`], the rest as
//!   [`PendingEmission`].
//!
//! ## Every epoch
//!
//! Every `tempo + 1` blocks, staggered by netuid, a subnet runs its **epoch**: validator
//! permits go to the largest stake weights, [`yuma::epoch`] turns weights and stake into
//! incentive, dividends and bonds, and the pending alpha is paid as stake: the owner's cut to
//! the owner's hotkey, then half of the rest to miners by incentive and half to validators by
//! dividends, and on to their nominators after their take.
//! What nobody can be paid (no incentive, or no dividends) stays pending for the next epoch.
//!
//! All arithmetic is fixed-point or integer: the runtime has no floats.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;
pub mod yuma;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::dtao-emission";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use dtao_primitives::{top_k_permits, NetUid, OnSubnetDissolved, SubnetNeurons, SubnetPools};
	use frame_support::{pallet_prelude::*, traits::fungible::Inspect};
	use frame_system::pallet_prelude::*;
	use sp_arithmetic::{FixedPointNumber, FixedU128};
	use sp_runtime::{
		traits::{Saturating, Zero},
		PerThing, Perbill, SaturatedConversion,
	};
	use yuma::{EpochInput, Fixed};

	/// The balance type: TAO, and alpha in the same units.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// One epoch's per-uid fractions, as stored.
	pub type FractionsOf<T> = BoundedVec<Perbill, <T as Config>::MaxUids>;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// TAO: its total issuance sets the block emission.
		type Currency: Inspect<Self::AccountId>;
		/// The subnet registry: subnets, their hyperparameters and neurons.
		type Subnets: SubnetNeurons<Self::AccountId, BalanceOf<Self>>;
		/// The subnets' pools and the stake paid out.
		type Pools: SubnetPools<Self::AccountId, BalanceOf<Self>>;
		/// The origin of governed changes: the ratified origin.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The block emission before any halving (1 TAO).
		#[pallet::constant]
		type InitialBlockEmission: Get<BalanceOf<Self>>;
		/// The supply cap (21 M TAO), and the cap of each subnet's alpha.
		#[pallet::constant]
		type MaxSupply: Get<BalanceOf<Self>>;
		/// [`SubnetOwnerCut`] until governance changes it.
		#[pallet::constant]
		type DefaultOwnerCut: Get<Perbill>;
		/// [`PriceSmoothing`] until governance changes it.
		#[pallet::constant]
		type DefaultPriceSmoothing: Get<Perbill>;
		/// The lowest [`PriceSmoothing`] governance may set: a new subnet's emission share
		/// must grow within weeks.
		#[pallet::constant]
		type MinPriceSmoothing: Get<Perbill>;
		/// The highest [`PriceSmoothing`] governance may set: one swap must not set a block's
		/// emission split.
		#[pallet::constant]
		type MaxPriceSmoothing: Get<Perbill>;
		/// The most uids of a subnet.
		#[pallet::constant]
		type MaxUids: Get<u32>;
		/// The most subnets there can be.
		#[pallet::constant]
		type MaxSubnets: Get<u32>;
		/// The most epochs that run in one block; epochs due beyond them wait for the next
		/// blocks, oldest first ([`EpochQueue`]), so that no choice of tempos makes a block
		/// heavier than this many epochs.
		#[pallet::constant]
		type MaxEpochsPerBlock: Get<u32>;
		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
		/// Builds the subnets the benchmarks measure.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Builds the subnets the benchmarks measure.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper {
		/// A new subnet of `n` neurons whose first `v` are staked validators with permits,
		/// each weighing all `n`.
		fn subnet(n: u16, v: u16) -> NetUid;
	}

	/// The highest [`SubnetOwnerCut`]: the owner never earns more than the neurons.
	pub const MAX_OWNER_CUT: Perbill = Perbill::from_percent(50);

	/// Subnets whose epoch is due but has not run yet, in the order they fell due.
	#[pallet::storage]
	pub type EpochQueue<T: Config> = StorageValue<_, BoundedVec<NetUid, T::MaxSubnets>, ValueQuery>;

	/// The share of each epoch's alpha paid to the subnet's owner. Governed, at most
	/// [`MAX_OWNER_CUT`].
	#[pallet::storage]
	pub type SubnetOwnerCut<T: Config> = StorageValue<_, Perbill, ValueQuery, T::DefaultOwnerCut>;

	/// How far each block moves a subnet's moving price towards its spot price. Governed,
	/// [`Config::MinPriceSmoothing`] ..= [`Config::MaxPriceSmoothing`].
	#[pallet::storage]
	pub type PriceSmoothing<T: Config> =
		StorageValue<_, Perbill, ValueQuery, T::DefaultPriceSmoothing>;

	/// Each subnet's moving price, TAO per alpha.
	#[pallet::storage]
	pub type MovingPrice<T: Config> = StorageMap<_, Twox64Concat, NetUid, FixedU128, ValueQuery>;

	/// Alpha each subnet accrued for its neurons since its last epoch (and what earlier
	/// epochs could not pay), to be paid at the next.
	#[pallet::storage]
	pub type PendingEmission<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BalanceOf<T>, ValueQuery>;

	/// Alpha each subnet accrued for its owner since its last epoch.
	#[pallet::storage]
	pub type PendingOwnerCut<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BalanceOf<T>, ValueQuery>;

	/// The block of each subnet's last epoch.
	#[pallet::storage]
	pub type LastEpoch<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BlockNumberFor<T>, OptionQuery>;

	/// TAO this pallet has minted, over all time.
	#[pallet::storage]
	pub type TotalEmitted<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Each uid's consensus weight at the subnet's last epoch.
	#[pallet::storage]
	pub type Consensus<T: Config> = StorageMap<_, Twox64Concat, NetUid, FractionsOf<T>, ValueQuery>;

	/// Each uid's share of miner emission at the subnet's last epoch.
	#[pallet::storage]
	pub type Incentive<T: Config> = StorageMap<_, Twox64Concat, NetUid, FractionsOf<T>, ValueQuery>;

	/// Each uid's share of validator emission at the subnet's last epoch.
	#[pallet::storage]
	pub type Dividends<T: Config> = StorageMap<_, Twox64Concat, NetUid, FractionsOf<T>, ValueQuery>;

	/// Each uid's share of weight support surviving clipping at the last epoch.
	#[pallet::storage]
	pub type Trust<T: Config> = StorageMap<_, Twox64Concat, NetUid, FractionsOf<T>, ValueQuery>;

	/// Each validator's sum of clipped weights at the last epoch.
	#[pallet::storage]
	pub type ValidatorTrust<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, FractionsOf<T>, ValueQuery>;

	/// Each validator's bonds: (netuid, uid) → [(uid, bond)].
	#[pallet::storage]
	pub type Bonds<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		u16,
		BoundedVec<(u16, Perbill), T::MaxUids>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A subnet ran its epoch and paid its accrued alpha.
		EpochRun {
			/// The subnet.
			netuid: NetUid,
			/// Its neurons.
			neurons: u16,
			/// Alpha paid to the owner's hotkey.
			owner_cut: BalanceOf<T>,
			/// Alpha paid to miners.
			to_miners: BalanceOf<T>,
			/// Alpha paid to validators and their nominators.
			to_validators: BalanceOf<T>,
			/// Alpha nobody could be paid, pending until the next epoch.
			carried: BalanceOf<T>,
		},
		/// Governance set the owner's cut.
		SubnetOwnerCutSet {
			/// The new cut.
			cut: Perbill,
		},
		/// Governance set the price smoothing.
		PriceSmoothingSet {
			/// The new smoothing.
			smoothing: Perbill,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The value is outside the parameter's bounds.
		ParameterOutOfRange,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::run_block(now)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Set the share of each epoch's alpha paid to the subnet's owner.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::SubnetOwnerCutSet`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_subnet_owner_cut(origin: OriginFor<T>, cut: Perbill) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(cut <= MAX_OWNER_CUT, Error::<T>::ParameterOutOfRange);
			SubnetOwnerCut::<T>::put(cut);
			Self::deposit_event(Event::SubnetOwnerCutSet { cut });
			Ok(())
		}

		/// Set how far each block moves a moving price towards the spot price
		/// ([`Config::MinPriceSmoothing`] ..= [`Config::MaxPriceSmoothing`]).
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::PriceSmoothingSet`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_parameter())]
		pub fn set_price_smoothing(origin: OriginFor<T>, smoothing: Perbill) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				(T::MinPriceSmoothing::get()..=T::MaxPriceSmoothing::get()).contains(&smoothing),
				Error::<T>::ParameterOutOfRange
			);
			PriceSmoothing::<T>::put(smoothing);
			Self::deposit_event(Event::PriceSmoothingSet { smoothing });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// What the emission schedule pays per block once `issued` of the supply cap exists:
		/// the initial emission, halved once for each time the remainder fell to half of what
		/// it was (none once the cap is reached).
		pub fn emission_at(issued: BalanceOf<T>) -> BalanceOf<T> {
			let cap: u128 = T::MaxSupply::get().saturated_into();
			let issued: u128 = issued.saturated_into();
			if issued >= cap {
				return Zero::zero();
			}
			let left = cap - issued;
			let mut halvings = 0u32;
			while halvings < 64 && left.saturating_mul(2u128 << halvings) <= cap {
				halvings += 1;
			}
			let initial: u128 = T::InitialBlockEmission::get().saturated_into();
			(initial.checked_shr(halvings).unwrap_or(0)).min(left).saturated_into()
		}

		/// The TAO each block emits now.
		pub fn block_emission() -> BalanceOf<T> {
			Self::emission_at(T::Currency::total_issuance())
		}

		/// Blocks from `now` until `netuid`'s next epoch (zero: it runs in this block).
		pub fn blocks_until_epoch(netuid: NetUid, tempo: u16, now: BlockNumberFor<T>) -> u64 {
			let period = u64::from(tempo) + 1;
			let now: u64 = now.saturated_into();
			let phase = (now + u64::from(netuid) + 1) % period;
			if phase == 0 {
				0
			} else {
				period - phase
			}
		}

		/// One block: emission into every subnet, and the epochs due, at most
		/// [`Config::MaxEpochsPerBlock`] of them (the rest wait in [`EpochQueue`]). Returns the
		/// weight used.
		pub(crate) fn run_block(now: BlockNumberFor<T>) -> Weight {
			let (subnets, due) = Self::emit(now);
			let mut weight = T::WeightInfo::block_emission(subnets)
				.saturating_add(T::DbWeight::get().reads_writes(1, 1));
			let mut queue = EpochQueue::<T>::get();
			for netuid in due {
				if !queue.contains(&netuid) {
					// Each subnet is queued at most once, and there are at most `MaxSubnets`.
					let _ = queue.try_push(netuid);
				}
			}
			let run = (T::MaxEpochsPerBlock::get() as usize).min(queue.len());
			let now_running: Vec<NetUid> = queue.drain(..run).collect();
			EpochQueue::<T>::put(queue);
			for netuid in now_running {
				weight.saturating_accrue(Self::run_epoch(netuid, now));
			}
			weight
		}

		/// Mints this block's emission into every subnet's pool and accrues its alpha.
		/// Returns how many subnets there are and which run their epoch in this block.
		pub(crate) fn emit(now: BlockNumberFor<T>) -> (u32, Vec<NetUid>) {
			let subnets = T::Subnets::subnets();
			let count = subnets.len() as u32;
			let mut due = Vec::new();
			let emission = Self::block_emission();
			let smoothing = PriceSmoothing::<T>::get();
			let owner_cut = SubnetOwnerCut::<T>::get();

			// Move every moving price towards its spot price, then share the emission.
			let prices: Vec<(NetUid, FixedU128, FixedU128)> = subnets
				.iter()
				.map(|&netuid| {
					let spot = T::Pools::spot_price(netuid);
					let old = MovingPrice::<T>::get(netuid);
					let keep = Fixed::from(smoothing.left_from_one());
					let moving = old
						.saturating_mul(keep)
						.saturating_add(spot.saturating_mul(Fixed::from(smoothing)));
					MovingPrice::<T>::insert(netuid, moving);
					(netuid, spot, moving)
				})
				.collect();
			let total = prices.iter().fold(Fixed::zero(), |t, (_, _, m)| t.saturating_add(*m));

			for (netuid, spot, moving) in prices {
				let share = if total.is_zero() {
					Fixed::from_rational(1, u128::from(count.max(1)))
				} else {
					Fixed::checked_from_rational(moving.into_inner(), total.into_inner())
						.unwrap_or_default()
				};
				let tao_in: BalanceOf<T> = share.saturating_mul_int(emission);
				let alpha_emission = Self::emission_at(T::Pools::alpha_issuance(netuid));
				let alpha_in = if spot.is_zero() {
					alpha_emission
				} else {
					Fixed::saturating_from_integer(tao_in)
						.checked_div(&spot)
						.map(|a| a.saturating_mul_int(1u128))
						.unwrap_or(0)
						.saturated_into::<BalanceOf<T>>()
						.min(alpha_emission)
				};
				match T::Pools::inject(netuid, tao_in, alpha_in) {
					Ok(()) => TotalEmitted::<T>::mutate(|e| *e = e.saturating_add(tao_in)),
					Err(e) => {
						log::error!(target: LOG_TARGET, "subnet {netuid}: injection failed: {e:?}")
					}
				}
				let cut = owner_cut * alpha_emission;
				PendingOwnerCut::<T>::mutate(netuid, |p| *p = p.saturating_add(cut));
				PendingEmission::<T>::mutate(netuid, |p| {
					*p = p.saturating_add(alpha_emission.saturating_sub(cut))
				});

				let tempo = T::Subnets::epoch_params(netuid).map_or(0, |p| p.tempo);
				if Self::blocks_until_epoch(netuid, tempo, now) == 0 {
					due.push(netuid);
				}
			}
			(count, due)
		}

		/// Runs `netuid`'s epoch and pays its pending alpha. Returns the weight used.
		pub fn run_epoch(netuid: NetUid, now: BlockNumberFor<T>) -> Weight {
			let Some(params) = T::Subnets::epoch_params(netuid) else {
				return T::DbWeight::get().reads(1);
			};
			// The neurons, by uid, as the columns the epoch reads.
			let neurons = T::Subnets::neurons(netuid);
			let n = neurons.len();
			let (mut hotkeys, mut last_update, mut registered_at, mut weights) = (
				Vec::with_capacity(n),
				Vec::with_capacity(n),
				Vec::with_capacity(n),
				Vec::with_capacity(n),
			);
			for neuron in neurons {
				hotkeys.push(neuron.hotkey);
				last_update.push(neuron.last_update);
				registered_at.push(neuron.registered_at);
				weights.push(neuron.weights);
			}
			let stake: Vec<u128> =
				hotkeys.iter().map(|h| T::Pools::stake_weight(h, netuid)).collect();
			// Permits go to the largest stake weights, as the epoch starts.
			let permits = T::Subnets::set_validator_permits(
				netuid,
				top_k_permits(&stake, params.max_validators),
			);
			let now_u64: u64 = now.saturated_into();
			let active: Vec<bool> = last_update
				.iter()
				.map(|at| now_u64.saturating_sub(*at) <= u64::from(params.activity_cutoff))
				.collect();
			let bonds: Vec<Vec<(u16, Fixed)>> = (0..n as u16)
				.map(|uid| {
					Bonds::<T>::get(netuid, uid)
						.into_iter()
						.map(|(j, b)| (j, Fixed::from(b)))
						.collect()
				})
				.collect();
			let validators = permits.iter().filter(|p| **p).count() as u32;
			let bma = params.bonds_moving_average.min(1_000_000);
			let out = yuma::epoch(&EpochInput {
				stake: &stake,
				validator_permit: &permits,
				active: &active,
				last_update: &last_update,
				registered_at: &registered_at,
				weights: &weights,
				bonds: &bonds,
				kappa: yuma::u16_fraction(params.kappa),
				bonds_alpha: Fixed::from_rational(u128::from(1_000_000 - bma), 1_000_000),
			});

			// Pay the pending alpha: the owner's cut, then miners and validators.
			let rest = PendingEmission::<T>::take(netuid);
			let mut owner_cut = PendingOwnerCut::<T>::take(netuid);
			let mut carried: BalanceOf<T> = Zero::zero();
			let paid_owner = T::Subnets::owner_hotkey(netuid)
				.is_some_and(|h| T::Pools::pay_owner(netuid, &h, owner_cut).is_ok());
			if !paid_owner {
				// Stays the owner's, for the next epoch.
				PendingOwnerCut::<T>::insert(netuid, owner_cut);
				owner_cut = Zero::zero();
			}
			let miner_pool: BalanceOf<T> = rest / 2u32.into();
			let validator_pool = rest.saturating_sub(miner_pool);
			let mut emission: Vec<BalanceOf<T>> = alloc::vec![Zero::zero(); n];
			let (to_miners, miners_carried) =
				Self::pay(netuid, &hotkeys, &out.incentive, miner_pool, &mut emission, false);
			let (to_validators, validators_carried) =
				Self::pay(netuid, &hotkeys, &out.dividends, validator_pool, &mut emission, true);
			carried = carried.saturating_add(miners_carried).saturating_add(validators_carried);
			if !carried.is_zero() {
				PendingEmission::<T>::mutate(netuid, |p| *p = p.saturating_add(carried));
			}
			T::Subnets::record_emission(netuid, emission);

			let store = |v: &[Fixed]| -> FractionsOf<T> {
				BoundedVec::truncate_from(v.iter().map(|f| to_perbill(*f)).collect())
			};
			Consensus::<T>::insert(netuid, store(&out.consensus));
			Incentive::<T>::insert(netuid, store(&out.incentive));
			Dividends::<T>::insert(netuid, store(&out.dividends));
			Trust::<T>::insert(netuid, store(&out.trust));
			ValidatorTrust::<T>::insert(netuid, store(&out.validator_trust));
			let _ = Bonds::<T>::clear_prefix(netuid, u32::MAX, None);
			for (uid, row) in out.bonds.iter().enumerate() {
				if !row.is_empty() {
					let row = row.iter().map(|(j, b)| (*j, to_perbill(*b))).collect();
					Bonds::<T>::insert(netuid, uid as u16, BoundedVec::truncate_from(row));
				}
			}
			LastEpoch::<T>::insert(netuid, now);
			Self::deposit_event(Event::EpochRun {
				netuid,
				neurons: n as u16,
				owner_cut,
				to_miners,
				to_validators,
				carried,
			});
			T::WeightInfo::epoch(n as u32, validators)
		}

		/// Pays `pool` to the neurons (by hotkey, in uid order) by `shares`, as stake (validators' through their take and
		/// nominators); adds each payment to `emission`. Returns what was paid and what was
		/// not (nobody with a share, or a payment refused).
		fn pay(
			netuid: NetUid,
			hotkeys: &[T::AccountId],
			shares: &[Fixed],
			pool: BalanceOf<T>,
			emission: &mut [BalanceOf<T>],
			validators: bool,
		) -> (BalanceOf<T>, BalanceOf<T>) {
			let mut paid: BalanceOf<T> = Zero::zero();
			for (uid, (hotkey, share)) in hotkeys.iter().zip(shares).enumerate() {
				let amount: BalanceOf<T> = share.saturating_mul_int(pool);
				if amount.is_zero() {
					continue;
				}
				let result = if validators {
					T::Pools::pay_validator(netuid, hotkey, amount)
				} else {
					T::Pools::pay_owner(netuid, hotkey, amount)
				};
				if result.is_ok() {
					paid = paid.saturating_add(amount);
					emission[uid] = emission[uid].saturating_add(amount);
				}
			}
			(paid, pool.saturating_sub(paid))
		}

		/// The pallet's invariants:
		/// * everything it keeps per subnet belongs to an existing subnet;
		/// * every queued epoch is of an existing subnet, queued once;
		/// * the owner cut and the price smoothing are within their bounds;
		/// * it never minted more than the supply cap, nor more than the initial block emission
		///   per block so far;
		/// * incentive and dividends are shares: each sums to at most one (plus rounding);
		/// * bonds name uids of the subnet.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let subnets = T::Subnets::subnets();
			let known = |n: &NetUid| subnets.binary_search(n).is_ok();
			ensure!(
				MovingPrice::<T>::iter_keys().all(|n| known(&n))
					&& PendingEmission::<T>::iter_keys().all(|n| known(&n))
					&& PendingOwnerCut::<T>::iter_keys().all(|n| known(&n))
					&& LastEpoch::<T>::iter_keys().all(|n| known(&n))
					&& Incentive::<T>::iter_keys().all(|n| known(&n))
					&& Bonds::<T>::iter_keys().all(|(n, _)| known(&n)),
				"emission state of a subnet that does not exist"
			);
			let queue = EpochQueue::<T>::get();
			ensure!(queue.iter().all(known), "an epoch queued for a subnet that does not exist");
			let mut queued = queue.clone().into_inner();
			queued.sort_unstable();
			queued.dedup();
			ensure!(queued.len() == queue.len(), "a subnet queued twice for its epoch");
			ensure!(SubnetOwnerCut::<T>::get() <= MAX_OWNER_CUT, "owner cut above its bound");
			ensure!(
				(T::MinPriceSmoothing::get()..=T::MaxPriceSmoothing::get())
					.contains(&PriceSmoothing::<T>::get()),
				"price smoothing out of its bounds"
			);
			ensure!(TotalEmitted::<T>::get() <= T::MaxSupply::get(), "minted beyond the cap");
			// No block emits more than the initial block emission.
			let blocks: u128 = frame_system::Pallet::<T>::block_number().saturated_into();
			ensure!(
				TotalEmitted::<T>::get().saturated_into::<u128>()
					<= blocks.saturating_mul(T::InitialBlockEmission::get().saturated_into()),
				"minted more than the schedule allows"
			);
			for netuid in subnets {
				let n = T::Subnets::neurons(netuid).len();
				for shares in [Incentive::<T>::get(netuid), Dividends::<T>::get(netuid)] {
					let sum: u64 = shares.iter().map(|p| u64::from(p.deconstruct())).sum();
					ensure!(sum <= 1_000_000_000 + n as u64, "shares sum above one");
				}
				for (_, row) in Bonds::<T>::iter_prefix(netuid) {
					ensure!(row.iter().all(|(j, _)| usize::from(*j) < n), "a bond beyond n");
				}
			}
			Ok(())
		}
	}

	impl<T: Config> OnSubnetDissolved for Pallet<T> {
		fn on_dissolved(netuid: NetUid) {
			EpochQueue::<T>::mutate(|q| q.retain(|n| *n != netuid));
			MovingPrice::<T>::remove(netuid);
			PendingEmission::<T>::remove(netuid);
			PendingOwnerCut::<T>::remove(netuid);
			LastEpoch::<T>::remove(netuid);
			Consensus::<T>::remove(netuid);
			Incentive::<T>::remove(netuid);
			Dividends::<T>::remove(netuid);
			Trust::<T>::remove(netuid);
			ValidatorTrust::<T>::remove(netuid);
			let _ = Bonds::<T>::clear_prefix(netuid, u32::MAX, None);
		}
	}

	/// A fraction in `[0, 1]` as a [`Perbill`], rounding down.
	pub fn to_perbill(f: Fixed) -> Perbill {
		let parts = f.into_inner() / (Fixed::DIV / 1_000_000_000);
		Perbill::from_parts(parts.min(1_000_000_000) as u32)
	}
}
