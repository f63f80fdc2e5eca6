//! Neurons: registration by burn, replacement, weights, and what epochs read and record.

use crate::{pallet::*, Hyperparams};
use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use dtao_primitives::{
	top_k_permits, EpochParams, Hotkeys, NetUid, NeuronRecord, SubnetNeurons, SubnetPools,
};
use frame_support::{ensure, traits::Get, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult, SaturatedConversion,
};

/// The state of one neuron.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct NeuronState<BlockNumber, Balance> {
	/// The block it registered at.
	pub registered_at: BlockNumber,
	/// The block it last set weights at (zero: never).
	pub last_update: BlockNumber,
	/// Whether it holds a validator permit, as of the last epoch.
	pub validator_permit: bool,
	/// The alpha it earned at the last epoch.
	pub emission: Balance,
}

/// The most uids of any subnet, as the bound of a weights row.
pub struct MaxUidsOf<T>(PhantomData<T>);
impl<T: Config> Get<u32> for MaxUidsOf<T> {
	fn get() -> u32 {
		T::MaxAllowedUids::get().into()
	}
}

impl<T: Config> Pallet<T> {
	/// What registering a neuron on `netuid` burns now: the burn of its last change, halving
	/// every [`Config::BurnHalfLife`] blocks (linearly in between), within the subnet's
	/// `min_burn ..= max_burn`. Zero if the subnet does not exist.
	pub fn burn(netuid: NetUid) -> BalanceOf<T> {
		let (Some((at, since)), Some(p)) = (BurnAt::<T>::get(netuid), Self::hyperparams(netuid))
		else {
			return Zero::zero();
		};
		let now = frame_system::Pallet::<T>::block_number();
		let elapsed: u128 = now.saturating_sub(since).saturated_into();
		let half_life = u128::from(T::BurnHalfLife::get().max(1));
		let halvings = (elapsed / half_life).min(127) as u32;
		let base = at.saturated_into::<u128>() >> halvings;
		let decayed =
			base.saturating_sub(base.saturating_mul(elapsed % half_life) / (2 * half_life));
		Self::clamp_burn(decayed.saturated_into(), &p)
	}

	fn clamp_burn(burn: BalanceOf<T>, p: &HyperparamsOf<T>) -> BalanceOf<T> {
		burn.max(p.min_burn).min(p.max_burn)
	}

	/// The uid of `hotkey` on `netuid`.
	pub fn uid_of(netuid: NetUid, hotkey: &T::AccountId) -> Option<u16> {
		Uids::<T>::get(netuid, hotkey)
	}

	/// Registers `hotkey` of `coldkey` on `netuid` by burn; returns its uid.
	pub fn do_burned_register(
		coldkey: &T::AccountId,
		netuid: NetUid,
		hotkey: &T::AccountId,
		max_burn: BalanceOf<T>,
	) -> Result<u16, DispatchError> {
		let p = Self::hyperparams(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		ensure!(p.registration_allowed, Error::<T>::RegistrationDisabled);
		ensure!(!Uids::<T>::contains_key(netuid, hotkey), Error::<T>::AlreadyRegistered);
		let burn = Self::burn(netuid);
		ensure!(burn <= max_burn, Error::<T>::BurnAboveLimit);
		T::Hotkeys::claim(coldkey, hotkey).map_err(|_| Error::<T>::NotHotkeyOwner)?;
		let replace = if SubnetworkN::<T>::get(netuid) < p.max_uids {
			None
		} else {
			Some(Self::neuron_to_prune(netuid, &p).ok_or(Error::<T>::NoNeuronToReplace)?)
		};
		T::Pools::recycle(netuid, coldkey, burn)?;

		let now = frame_system::Pallet::<T>::block_number();
		let (uid, replaced) = match replace {
			None => (Self::append_neuron(netuid, hotkey, now), None),
			Some(uid) => (uid, Self::replace_neuron(netuid, uid, hotkey, now)),
		};
		let raised = burn.saturating_add(T::BurnIncrease::get() * burn);
		BurnAt::<T>::insert(netuid, (Self::clamp_burn(raised, &p), now));
		Self::deposit_event(Event::NeuronRegistered {
			netuid,
			uid,
			hotkey: hotkey.clone(),
			burned: burn,
			replaced,
		});
		Ok(uid)
	}

	/// Gives `hotkey` the next uid of `netuid`.
	pub(crate) fn append_neuron(
		netuid: NetUid,
		hotkey: &T::AccountId,
		now: BlockNumberFor<T>,
	) -> u16 {
		let uid = SubnetworkN::<T>::get(netuid);
		Self::seat_neuron(netuid, uid, hotkey, now);
		SubnetworkN::<T>::insert(netuid, uid.saturating_add(1));
		uid
	}

	/// Gives `uid` of `netuid` to `hotkey`, registered `now`, with a fresh state.
	fn seat_neuron(netuid: NetUid, uid: u16, hotkey: &T::AccountId, now: BlockNumberFor<T>) {
		Keys::<T>::insert(netuid, uid, hotkey);
		Uids::<T>::insert(netuid, hotkey, uid);
		Neurons::<T>::insert(netuid, uid, NeuronState { registered_at: now, ..Default::default() });
	}

	/// Gives `uid` of `netuid` to `hotkey`; returns the hotkey it had.
	fn replace_neuron(
		netuid: NetUid,
		uid: u16,
		hotkey: &T::AccountId,
		now: BlockNumberFor<T>,
	) -> Option<T::AccountId> {
		let old = Keys::<T>::get(netuid, uid);
		if let Some(old) = &old {
			Uids::<T>::remove(netuid, old);
		}
		Self::seat_neuron(netuid, uid, hotkey, now);
		Weights::<T>::remove(netuid, uid);
		old
	}

	/// The neuron a registration on a full `netuid` replaces: among those past their immunity
	/// period, other than the owner's, the lowest emission, then the oldest, then the lowest
	/// uid.
	pub fn neuron_to_prune(netuid: NetUid, p: &HyperparamsOf<T>) -> Option<u16> {
		let now = frame_system::Pallet::<T>::block_number();
		let immunity: BlockNumberFor<T> = p.immunity_period.into();
		let owner_uid = SubnetOwnerHotkey::<T>::get(netuid).and_then(|h| Self::uid_of(netuid, &h));
		Neurons::<T>::iter_prefix(netuid)
			.filter(|(uid, n)| {
				Some(*uid) != owner_uid && now.saturating_sub(n.registered_at) >= immunity
			})
			.min_by_key(|(uid, n)| (n.emission, n.registered_at, *uid))
			.map(|(uid, _)| uid)
	}

	/// Sets `hotkey`'s weights on `netuid`, after every check of [`Pallet::set_weights`].
	pub fn do_set_weights(
		hotkey: &T::AccountId,
		netuid: NetUid,
		uids: Vec<u16>,
		weights: Vec<u16>,
	) -> DispatchResult {
		let p = Self::hyperparams(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let uid = Self::uid_of(netuid, hotkey).ok_or(Error::<T>::NotRegistered)?;
		ensure!(uids.len() == weights.len(), Error::<T>::WeightVecLengthMismatch);
		let mut state = Neurons::<T>::get(netuid, uid).ok_or(Error::<T>::NotRegistered)?;
		let self_only = uids.len() == 1 && uids[0] == uid;
		ensure!(self_only || state.validator_permit, Error::<T>::NoValidatorPermit);
		let now = frame_system::Pallet::<T>::block_number();
		let since: u64 = now.saturating_sub(state.last_update).saturated_into();
		ensure!(
			state.last_update.is_zero() || since >= p.weights_rate_limit,
			Error::<T>::SettingWeightsTooFast
		);
		let n = SubnetworkN::<T>::get(netuid);
		ensure!(uids.iter().all(|u| *u < n), Error::<T>::InvalidUid);
		let mut sorted = uids.clone();
		sorted.sort_unstable();
		ensure!(sorted.windows(2).all(|w| w[0] != w[1]), Error::<T>::DuplicateUids);
		if !self_only {
			ensure!(uids.len() >= p.min_allowed_weights.min(n).into(), Error::<T>::TooFewWeights);
			let max = u64::from(weights.iter().copied().max().unwrap_or(0));
			let sum: u64 = weights.iter().map(|w| u64::from(*w)).sum();
			ensure!(
				max.saturating_mul(u16::MAX.into())
					<= u64::from(p.max_weight_limit).saturating_mul(sum),
				Error::<T>::MaxWeightExceeded
			);
		}
		let row = Self::upscale(uids.into_iter().zip(weights).collect());
		Weights::<T>::insert(
			netuid,
			uid,
			BoundedVec::try_from(row).map_err(|_| Error::<T>::InvalidUid)?,
		);
		state.last_update = now;
		Neurons::<T>::insert(netuid, uid, state);
		Self::deposit_event(Event::WeightsSet { netuid, uid });
		Ok(())
	}

	/// Scales a row so its largest weight is `u16::MAX`, dropping zero weights.
	fn upscale(row: Vec<(u16, u16)>) -> Vec<(u16, u16)> {
		let max = u32::from(row.iter().map(|(_, w)| *w).max().unwrap_or(0));
		if max == 0 {
			return Vec::new();
		}
		row.into_iter()
			.filter(|(_, w)| *w > 0)
			.map(|(u, w)| (u, (u32::from(w) * u32::from(u16::MAX) / max) as u16))
			.collect()
	}

	/// Gives each neuron of `netuid` a permit if its stake weight is among the subnet's
	/// `max_validators` largest; the owner's neuron always holds one.
	pub(crate) fn refresh_permits(netuid: NetUid) {
		let Some(p) = Self::hyperparams(netuid) else { return };
		let n = SubnetworkN::<T>::get(netuid);
		let stake: Vec<u128> = (0..n)
			.map(|uid| {
				Keys::<T>::get(netuid, uid).map(|h| T::Pools::stake_weight(&h, netuid)).unwrap_or(0)
			})
			.collect();
		Self::set_permits(netuid, top_k_permits(&stake, p.max_validators));
	}

	/// The validator permits of `netuid`, by uid.
	pub fn validator_permits(netuid: NetUid) -> Vec<bool> {
		(0..SubnetworkN::<T>::get(netuid))
			.map(|uid| Neurons::<T>::get(netuid, uid).is_some_and(|n| n.validator_permit))
			.collect()
	}

	/// Stores `permits`, by uid, with the owner's neuron's forced on; returns them as stored.
	fn set_permits(netuid: NetUid, mut permits: Vec<bool>) -> Vec<bool> {
		if let Some(owner_uid) =
			SubnetOwnerHotkey::<T>::get(netuid).and_then(|h| Self::uid_of(netuid, &h))
		{
			if let Some(p) = permits.get_mut(usize::from(owner_uid)) {
				*p = true;
			}
		}
		for (uid, permit) in permits.iter().enumerate() {
			Neurons::<T>::mutate(netuid, uid as u16, |n| {
				if let Some(n) = n {
					n.validator_permit = *permit;
				}
			});
		}
		permits
	}

	/// Registers a genesis subnet with its neurons, their stake, permits and weights.
	pub(crate) fn build_genesis_subnet(
		s: &GenesisSubnet<T::AccountId, BalanceOf<T>>,
	) -> DispatchResult {
		let netuid = Self::do_register_network(&s.owner, &s.owner_hotkey, s.lock)?;
		if let Some(tempo) = s.tempo {
			Self::do_set_hyperparameter(netuid, crate::Hyperparameter::Tempo(tempo), true)?;
		}
		let now = frame_system::Pallet::<T>::block_number();
		for (coldkey, hotkey, stake) in &s.neurons {
			T::Hotkeys::claim(coldkey, hotkey)?;
			ensure!(!Uids::<T>::contains_key(netuid, hotkey), Error::<T>::AlreadyRegistered);
			Self::append_neuron(netuid, hotkey, now);
			if !stake.is_zero() {
				T::Pools::stake(coldkey, hotkey, netuid, *stake)?;
			}
		}
		Self::refresh_permits(netuid);
		for (uid, row) in &s.weights {
			let hotkey = Keys::<T>::get(netuid, uid).ok_or(Error::<T>::InvalidUid)?;
			let (uids, weights) = row.iter().copied().unzip();
			Self::do_set_weights(&hotkey, netuid, uids, weights)?;
		}
		Ok(())
	}

	/// The invariants of `netuid`'s neurons: uids `0..n` each have a hotkey, a reverse entry
	/// and a state, nothing else does, `n` is within `max_uids`, weights name existing uids,
	/// and the owner's hotkey is a neuron.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state_neurons(netuid: NetUid) -> Result<(), sp_runtime::TryRuntimeError> {
		let n = SubnetworkN::<T>::get(netuid);
		let p: Hyperparams<BalanceOf<T>> =
			Self::hyperparams(netuid).ok_or("a subnet without hyperparameters")?;
		ensure!(n <= p.max_uids, "more neurons than max_uids");
		for uid in 0..n {
			let hotkey = Keys::<T>::get(netuid, uid).ok_or("a uid below n without a hotkey")?;
			ensure!(Uids::<T>::get(netuid, &hotkey) == Some(uid), "Keys and Uids disagree");
			ensure!(Neurons::<T>::contains_key(netuid, uid), "a neuron without a state");
		}
		ensure!(
			Keys::<T>::iter_prefix(netuid).count() == usize::from(n)
				&& Uids::<T>::iter_prefix(netuid).count() == usize::from(n)
				&& Neurons::<T>::iter_prefix(netuid).count() == usize::from(n),
			"neuron records beyond n"
		);
		for (uid, row) in Weights::<T>::iter_prefix(netuid) {
			ensure!(uid < n && row.iter().all(|(u, _)| *u < n), "weights on a uid beyond n");
		}
		let owner_hotkey = SubnetOwnerHotkey::<T>::get(netuid).ok_or("no owner hotkey")?;
		ensure!(Uids::<T>::contains_key(netuid, owner_hotkey), "the owner's hotkey is no neuron");
		Ok(())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Fills `netuid` up to `n` neurons (the owner's is the first), each hotkey of a funded
	/// coldkey of its own; with `stake`, each coldkey stakes on its hotkey through the pool.
	pub fn benchmark_fill(netuid: NetUid, n: u16, stake: bool) {
		use frame_benchmarking::account;
		use frame_support::traits::fungible::Mutate;
		let now = frame_system::Pallet::<T>::block_number();
		for i in SubnetworkN::<T>::get(netuid)..n {
			let coldkey: T::AccountId = account("neuron-coldkey", i.into(), 0);
			let hotkey: T::AccountId = account("neuron-hotkey", i.into(), 0);
			T::Currency::set_balance(&coldkey, Self::lock_cost());
			T::Hotkeys::claim(&coldkey, &hotkey).expect("fresh hotkey");
			Self::append_neuron(netuid, &hotkey, now);
			if stake {
				let amount = Self::lock_cost() / 1_000u32.into();
				T::Pools::stake(&coldkey, &hotkey, netuid, amount).expect("funded");
				// Root stake too: a validator's payout then sells its root stakers' share.
				T::Pools::stake(&coldkey, &hotkey, dtao_primitives::ROOT_NETUID, amount)
					.expect("funded");
			}
		}
	}

	/// A new subnet of `n` neurons, the first `v` of them staked validators holding permits
	/// and each weighing all `n`: the worst epoch for its size.
	pub fn benchmark_subnet(n: u16, v: u16) -> NetUid {
		use frame_benchmarking::account;
		use frame_support::traits::fungible::Mutate;
		SubnetLimit::<T>::put(T::MaxSubnetLimit::get());
		// As if no subnet had registered before: the lock is the minimum.
		NetworkLastLock::<T>::put(NetworkMinLock::<T>::get());
		NetworkLastLockBlock::<T>::kill();
		let owner: T::AccountId = account("subnet-owner", 0, 0);
		let hotkey: T::AccountId =
			account("subnet-owner-hotkey", TotalNetworks::<T>::get().into(), 0);
		T::Currency::set_balance(&owner, Self::lock_cost().saturating_mul(4u32.into()));
		let netuid =
			Self::do_register_network(&owner, &hotkey, Self::lock_cost()).expect("room and funds");
		SubnetHyperparams::<T>::mutate(netuid, |p| {
			if let Some(p) = p {
				p.max_validators = v.max(1);
			}
		});
		Self::benchmark_fill(netuid, n, true);
		Self::refresh_permits(netuid);
		let row: Vec<(u16, u16)> = (0..n).map(|u| (u, u.saturating_add(1))).collect();
		for uid in 0..v.min(n) {
			Weights::<T>::insert(netuid, uid, BoundedVec::truncate_from(row.clone()));
			Neurons::<T>::mutate(netuid, uid, |s| {
				if let Some(s) = s {
					s.last_update = frame_system::Pallet::<T>::block_number();
				}
			});
		}
		netuid
	}
}

impl<T: Config> SubnetNeurons<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn subnets() -> Vec<NetUid> {
		let mut subnets: Vec<NetUid> = SubnetOwner::<T>::iter_keys().collect();
		subnets.sort_unstable();
		subnets
	}

	fn epoch_params(netuid: NetUid) -> Option<EpochParams> {
		Self::hyperparams(netuid).map(|p| EpochParams {
			tempo: p.tempo,
			kappa: p.kappa,
			bonds_moving_average: p.bonds_moving_average,
			max_validators: p.max_validators,
			activity_cutoff: p.activity_cutoff,
		})
	}

	fn owner_hotkey(netuid: NetUid) -> Option<T::AccountId> {
		SubnetOwnerHotkey::<T>::get(netuid)
	}

	fn neurons(netuid: NetUid) -> Vec<NeuronRecord<T::AccountId>> {
		(0..SubnetworkN::<T>::get(netuid))
			.filter_map(|uid| {
				let hotkey = Keys::<T>::get(netuid, uid)?;
				let state = Neurons::<T>::get(netuid, uid)?;
				Some(NeuronRecord {
					hotkey,
					registered_at: state.registered_at.saturated_into(),
					last_update: state.last_update.saturated_into(),
					weights: Weights::<T>::get(netuid, uid).into_inner(),
				})
			})
			.collect()
	}

	fn set_validator_permits(netuid: NetUid, permits: Vec<bool>) -> Vec<bool> {
		Pallet::<T>::set_permits(netuid, permits)
	}

	fn record_emission(netuid: NetUid, emission: Vec<BalanceOf<T>>) {
		for (uid, alpha) in emission.into_iter().enumerate() {
			Neurons::<T>::mutate(netuid, uid as u16, |n| {
				if let Some(n) = n {
					n.emission = alpha;
				}
			});
		}
	}
}
