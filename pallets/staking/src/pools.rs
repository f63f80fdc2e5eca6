//! Subnet pools, alpha stake and their payouts.

use crate::pallet::*;
use alloc::collections::btree_map::BTreeMap;
use dtao_primitives::{Hotkeys, NetUid, SubnetPools, ROOT_NETUID};
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::Preservation,
		Get,
	},
};
use sp_arithmetic::{FixedPointNumber, FixedU128};
use sp_runtime::{
	traits::{AccountIdConversion, Zero},
	DispatchError, DispatchResult, SaturatedConversion, Saturating,
};

/// Prices are in rao per alpha: the TAO paid for 10⁹ units of alpha.
const PRICE_UNIT: u128 = 1_000_000_000;

/// Shares a hotkey's first unit of alpha issues: fine enough that rounding a later credit or
/// debit to whole shares moves less than one unit of alpha.
const SHARES_PER_ALPHA: u128 = 1_000_000_000;

/// The outcome of a swap against a pool.
pub struct Swap<Balance> {
	/// What the pool pays out (alpha when buying, TAO when selling).
	pub out: Balance,
	/// TAO the pool keeps as fee.
	pub fee: Balance,
}

impl<T: Config> Pallet<T> {
	/// The account holding subnet `netuid`'s pool.
	pub fn pool_account(netuid: NetUid) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(netuid)
	}

	/// Whether subnet `netuid` has a pool.
	pub fn pool_exists(netuid: NetUid) -> bool {
		SubnetTao::<T>::contains_key(netuid)
	}

	/// What selling `tao` to `netuid`'s pool buys, after the fee.
	pub fn quote_buy(
		netuid: NetUid,
		tao: BalanceOf<T>,
	) -> Result<Swap<BalanceOf<T>>, DispatchError> {
		let reserve_tao: u128 =
			SubnetTao::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?.saturated_into();
		let reserve_alpha: u128 = SubnetAlphaIn::<T>::get(netuid).saturated_into();
		let fee = SwapFee::<T>::get() * tao;
		let net: u128 = tao.saturating_sub(fee).saturated_into();
		let out = reserve_alpha.saturating_mul(net) / reserve_tao.saturating_add(net).max(1);
		ensure!(out > 0, Error::<T>::SwapTooSmall);
		Ok(Swap { out: out.saturated_into(), fee })
	}

	/// What selling `alpha` to `netuid`'s pool pays, after the fee.
	pub fn quote_sell(
		netuid: NetUid,
		alpha: BalanceOf<T>,
	) -> Result<Swap<BalanceOf<T>>, DispatchError> {
		let reserve_tao: u128 =
			SubnetTao::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?.saturated_into();
		let reserve_alpha: u128 = SubnetAlphaIn::<T>::get(netuid).saturated_into();
		let sold: u128 = alpha.saturated_into();
		let gross: BalanceOf<T> = (reserve_tao.saturating_mul(sold)
			/ reserve_alpha.saturating_add(sold).max(1))
		.saturated_into();
		let fee = SwapFee::<T>::get() * gross;
		let out = gross.saturating_sub(fee);
		ensure!(!out.is_zero(), Error::<T>::SwapTooSmall);
		Ok(Swap { out, fee })
	}

	/// The alpha `coldkey` has staked on `hotkey` on `netuid`.
	pub fn alpha_of(netuid: NetUid, hotkey: &T::AccountId, coldkey: &T::AccountId) -> BalanceOf<T> {
		let shares = AlphaShares::<T>::get((netuid, hotkey, coldkey));
		if shares == 0 {
			return Zero::zero();
		}
		let total_shares = TotalHotkeyShares::<T>::get(netuid, hotkey).max(1);
		let total: u128 = TotalHotkeyAlpha::<T>::get(netuid, hotkey).saturated_into();
		(total.saturating_mul(shares) / total_shares).saturated_into()
	}

	/// Adds `alpha` to `coldkey`'s position on `hotkey` on `netuid`, issuing shares at the
	/// hotkey's current alpha per share. The caller accounts for [`SubnetAlphaOut`].
	pub(crate) fn credit_alpha(
		netuid: NetUid,
		hotkey: &T::AccountId,
		coldkey: &T::AccountId,
		alpha: BalanceOf<T>,
	) {
		if alpha.is_zero() {
			return;
		}
		let total: u128 = TotalHotkeyAlpha::<T>::get(netuid, hotkey).saturated_into();
		let total_shares = TotalHotkeyShares::<T>::get(netuid, hotkey);
		let amount: u128 = alpha.saturated_into();
		let shares = if total == 0 || total_shares == 0 {
			amount.saturating_mul(SHARES_PER_ALPHA)
		} else {
			amount.saturating_mul(total_shares) / total
		};
		AlphaShares::<T>::mutate((netuid, hotkey, coldkey), |s| *s = s.saturating_add(shares));
		TotalHotkeyShares::<T>::insert(netuid, hotkey, total_shares.saturating_add(shares));
		TotalHotkeyAlpha::<T>::mutate(netuid, hotkey, |t| *t = t.saturating_add(alpha));
	}

	/// Removes `alpha` from `coldkey`'s position on `hotkey` on `netuid`; the whole position
	/// when `alpha` is all of it, so no shares are left behind. The caller checks the position
	/// holds `alpha` and accounts for [`SubnetAlphaOut`].
	pub(crate) fn debit_alpha(
		netuid: NetUid,
		hotkey: &T::AccountId,
		coldkey: &T::AccountId,
		alpha: BalanceOf<T>,
	) {
		let key = (netuid, hotkey, coldkey);
		let held = Self::alpha_of(netuid, hotkey, coldkey);
		let shares = AlphaShares::<T>::get(key);
		let total_shares = TotalHotkeyShares::<T>::get(netuid, hotkey);
		let burned = if alpha >= held {
			AlphaShares::<T>::remove(key);
			shares
		} else {
			let total: u128 = TotalHotkeyAlpha::<T>::get(netuid, hotkey).saturated_into();
			let burned = (alpha.saturated_into::<u128>().saturating_mul(total_shares)
				/ total.max(1))
			.min(shares);
			AlphaShares::<T>::insert(key, shares - burned);
			burned
		};
		let left_shares = total_shares.saturating_sub(burned);
		let left_alpha = TotalHotkeyAlpha::<T>::get(netuid, hotkey).saturating_sub(alpha);
		if left_shares == 0 {
			// The last staker left: whatever rounding kept stays with the pool's stakers.
			TotalHotkeyShares::<T>::remove(netuid, hotkey);
			TotalHotkeyAlpha::<T>::remove(netuid, hotkey);
			SubnetAlphaOut::<T>::mutate(netuid, |o| *o = o.saturating_sub(left_alpha));
			SubnetAlphaIn::<T>::mutate(netuid, |i| *i = i.saturating_add(left_alpha));
		} else {
			TotalHotkeyShares::<T>::insert(netuid, hotkey, left_shares);
			TotalHotkeyAlpha::<T>::insert(netuid, hotkey, left_alpha);
		}
	}

	/// Stakes `amount` TAO of `coldkey` to `hotkey` on `netuid`; returns the stake added
	/// (TAO on root, alpha on a subnet).
	pub fn do_stake(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		amount: BalanceOf<T>,
		limit_price: Option<BalanceOf<T>>,
	) -> Result<BalanceOf<T>, DispatchError> {
		if netuid == ROOT_NETUID {
			Self::do_add_stake(coldkey, hotkey, amount)?;
			return Ok(amount);
		}
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(Owner::<T>::contains_key(hotkey), Error::<T>::HotkeyNotRegistered);
		ensure!(amount >= MinStake::<T>::get(), Error::<T>::StakeBelowMinimum);
		let swap = Self::quote_buy(netuid, amount)?;
		if let Some(limit) = limit_price {
			// Average price paid, rao per alpha: amount · unit / alpha ≤ limit.
			ensure!(
				amount.saturated_into::<u128>().saturating_mul(PRICE_UNIT)
					<= limit.saturated_into::<u128>().saturating_mul(swap.out.saturated_into()),
				Error::<T>::PriceLimitExceeded
			);
		}
		T::Currency::transfer(coldkey, &Self::pool_account(netuid), amount, Preservation::Preserve)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		SubnetTao::<T>::mutate(netuid, |t| *t = Some(t.unwrap_or_default().saturating_add(amount)));
		SubnetAlphaIn::<T>::mutate(netuid, |a| *a = a.saturating_sub(swap.out));
		SubnetAlphaOut::<T>::mutate(netuid, |a| *a = a.saturating_add(swap.out));
		Self::credit_alpha(netuid, hotkey, coldkey, swap.out);
		Self::deposit_event(Event::AlphaStakeAdded {
			coldkey: coldkey.clone(),
			hotkey: hotkey.clone(),
			netuid,
			tao: amount,
			alpha: swap.out,
			fee: swap.fee,
		});
		Ok(swap.out)
	}

	/// Unstakes `amount` of `coldkey`'s stake on `hotkey` on `netuid` (TAO on root, alpha on a
	/// subnet); returns the TAO released to `coldkey`.
	pub fn do_unstake(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		amount: BalanceOf<T>,
		limit_price: Option<BalanceOf<T>>,
	) -> Result<BalanceOf<T>, DispatchError> {
		if netuid == ROOT_NETUID {
			Self::do_remove_stake(coldkey, hotkey, amount)?;
			return Ok(amount);
		}
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(Self::pool_exists(netuid), Error::<T>::SubnetNotFound);
		ensure!(Self::alpha_of(netuid, hotkey, coldkey) >= amount, Error::<T>::NotEnoughStake);
		let swap = Self::quote_sell(netuid, amount)?;
		if let Some(limit) = limit_price {
			// Average price received, rao per alpha: tao · unit / amount ≥ limit.
			ensure!(
				swap.out.saturated_into::<u128>().saturating_mul(PRICE_UNIT)
					>= limit.saturated_into::<u128>().saturating_mul(amount.saturated_into()),
				Error::<T>::PriceLimitExceeded
			);
		}
		T::Currency::transfer(
			&Self::pool_account(netuid),
			coldkey,
			swap.out,
			Preservation::Preserve,
		)
		.map_err(|_| Error::<T>::InsufficientLiquidity)?;
		SubnetTao::<T>::mutate(netuid, |t| *t = t.map(|t| t.saturating_sub(swap.out)));
		SubnetAlphaIn::<T>::mutate(netuid, |a| *a = a.saturating_add(amount));
		SubnetAlphaOut::<T>::mutate(netuid, |a| *a = a.saturating_sub(amount));
		Self::debit_alpha(netuid, hotkey, coldkey, amount);
		Self::deposit_event(Event::AlphaStakeRemoved {
			coldkey: coldkey.clone(),
			hotkey: hotkey.clone(),
			netuid,
			alpha: amount,
			tao: swap.out,
			fee: swap.fee,
		});
		Ok(swap.out)
	}

	/// Moves `amount` of `coldkey`'s stake from (`from_hotkey`, `from_netuid`) to
	/// (`to_hotkey`, `to_netuid`).
	pub fn do_move_stake(
		coldkey: &T::AccountId,
		from_hotkey: &T::AccountId,
		to_hotkey: &T::AccountId,
		from_netuid: NetUid,
		to_netuid: NetUid,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(from_hotkey != to_hotkey || from_netuid != to_netuid, Error::<T>::SamePosition);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(Owner::<T>::contains_key(to_hotkey), Error::<T>::HotkeyNotRegistered);
		let received = if from_netuid == to_netuid && from_netuid != ROOT_NETUID {
			ensure!(Self::pool_exists(from_netuid), Error::<T>::SubnetNotFound);
			ensure!(
				Self::alpha_of(from_netuid, from_hotkey, coldkey) >= amount,
				Error::<T>::NotEnoughStake
			);
			Self::debit_alpha(from_netuid, from_hotkey, coldkey, amount);
			Self::credit_alpha(to_netuid, to_hotkey, coldkey, amount);
			amount
		} else {
			// Through free balance, in one transactional call: all or nothing.
			let tao = Self::do_unstake(coldkey, from_hotkey, from_netuid, amount, None)?;
			Self::do_stake(coldkey, to_hotkey, to_netuid, tao, None)?
		};
		Self::deposit_event(Event::StakeMoved {
			coldkey: coldkey.clone(),
			from_hotkey: from_hotkey.clone(),
			from_netuid,
			to_hotkey: to_hotkey.clone(),
			to_netuid,
			amount,
			received,
		});
		Ok(())
	}

	/// Checks the pools' invariants:
	/// * each pool's account holds at least its TAO;
	/// * the alpha staked on a subnet is the sum of its hotkeys' alpha;
	/// * the shares of each hotkey's alpha add up to its total, and no shares exist without a
	///   pool or alpha without shares;
	/// * the pool's fee is within its bound.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub(crate) fn do_try_state_pools() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut shares: BTreeMap<(NetUid, T::AccountId), u128> = BTreeMap::new();
		for ((netuid, hotkey, _coldkey), s) in AlphaShares::<T>::iter() {
			ensure!(s > 0, "empty alpha position stored");
			let e = shares.entry((netuid, hotkey)).or_default();
			*e = e.saturating_add(s);
		}
		let mut out: BTreeMap<NetUid, BalanceOf<T>> = BTreeMap::new();
		for (netuid, hotkey, alpha) in TotalHotkeyAlpha::<T>::iter() {
			ensure!(Self::pool_exists(netuid), "alpha stake on a subnet without a pool");
			ensure!(
				shares.remove(&(netuid, hotkey.clone()))
					== Some(TotalHotkeyShares::<T>::get(netuid, &hotkey)),
				"a hotkey's shares differ from the sum of its positions"
			);
			let e = out.entry(netuid).or_default();
			*e = e.saturating_add(alpha);
		}
		ensure!(shares.is_empty(), "alpha shares on a hotkey without alpha");
		for (netuid, tao) in SubnetTao::<T>::iter() {
			ensure!(
				T::Currency::balance(&Self::pool_account(netuid)) >= tao,
				"a pool's TAO exceeds its account's balance"
			);
			ensure!(
				SubnetAlphaOut::<T>::get(netuid) == out.remove(&netuid).unwrap_or_default(),
				"a subnet's staked alpha differs from the sum of its hotkeys' alpha"
			);
		}
		ensure!(out.is_empty(), "alpha staked on a subnet without a pool");
		ensure!(SwapFee::<T>::get() <= T::MaxSwapFee::get(), "swap fee above its maximum");
		Ok(())
	}
}

impl<T: Config> SubnetPools<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn open_pool(netuid: NetUid, owner: &T::AccountId, tao: BalanceOf<T>) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID && !Self::pool_exists(netuid), Error::<T>::PoolExists);
		T::Currency::transfer(owner, &Self::pool_account(netuid), tao, Preservation::Preserve)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		SubnetTao::<T>::insert(netuid, tao);
		SubnetAlphaIn::<T>::insert(netuid, tao);
		SubnetAlphaOut::<T>::remove(netuid);
		Self::deposit_event(Event::PoolOpened { netuid, tao });
		Ok(())
	}

	fn close_pool(netuid: NetUid, owner: &T::AccountId) -> Result<BalanceOf<T>, DispatchError> {
		let tao: u128 =
			SubnetTao::<T>::take(netuid).ok_or(Error::<T>::SubnetNotFound)?.saturated_into();
		let alpha_in: u128 = SubnetAlphaIn::<T>::take(netuid).saturated_into();
		let alpha_out: u128 = SubnetAlphaOut::<T>::take(netuid).saturated_into();
		let claims = alpha_in.saturating_add(alpha_out).max(1);
		let pool = Self::pool_account(netuid);
		let mut to_stakers: BalanceOf<T> = Zero::zero();
		let positions: alloc::vec::Vec<_> = AlphaShares::<T>::iter_prefix((netuid,))
			.map(|((hotkey, coldkey), _)| {
				let alpha = Self::alpha_of(netuid, &hotkey, &coldkey);
				(coldkey, alpha)
			})
			.collect();
		let _ = AlphaShares::<T>::clear_prefix((netuid,), u32::MAX, None);
		let _ = TotalHotkeyShares::<T>::clear_prefix(netuid, u32::MAX, None);
		let _ = TotalHotkeyAlpha::<T>::clear_prefix(netuid, u32::MAX, None);
		for (coldkey, alpha) in positions {
			let share: BalanceOf<T> =
				(tao.saturating_mul(alpha.saturated_into()) / claims).saturated_into();
			// A share below the existential deposit of an empty account stays with the owner.
			if !share.is_zero()
				&& T::Currency::transfer(&pool, &coldkey, share, Preservation::Expendable).is_ok()
			{
				to_stakers = to_stakers.saturating_add(share);
			}
		}
		let to_owner = T::Currency::balance(&pool);
		T::Currency::transfer(&pool, owner, to_owner, Preservation::Expendable)?;
		Self::deposit_event(Event::PoolClosed { netuid, to_stakers, to_owner });
		Ok(to_owner)
	}

	fn recycle(netuid: NetUid, payer: &T::AccountId, tao: BalanceOf<T>) -> DispatchResult {
		let swap = Self::quote_buy(netuid, tao)?;
		T::Currency::transfer(payer, &Self::pool_account(netuid), tao, Preservation::Preserve)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		SubnetTao::<T>::mutate(netuid, |t| *t = Some(t.unwrap_or_default().saturating_add(tao)));
		// The alpha bought leaves the pool and is never issued to anyone: it is burned.
		SubnetAlphaIn::<T>::mutate(netuid, |a| *a = a.saturating_sub(swap.out));
		Ok(())
	}

	fn stake(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		tao: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		Self::do_stake(coldkey, hotkey, netuid, tao, None)
	}

	fn spot_price(netuid: NetUid) -> FixedU128 {
		let tao: u128 = SubnetTao::<T>::get(netuid).unwrap_or_default().saturated_into();
		let alpha: u128 = SubnetAlphaIn::<T>::get(netuid).saturated_into();
		FixedU128::checked_from_rational(tao, alpha).unwrap_or_default()
	}

	fn inject(netuid: NetUid, tao: BalanceOf<T>, alpha: BalanceOf<T>) -> DispatchResult {
		ensure!(Self::pool_exists(netuid), Error::<T>::SubnetNotFound);
		if !tao.is_zero() {
			T::Currency::mint_into(&Self::pool_account(netuid), tao)?;
		}
		SubnetTao::<T>::mutate(netuid, |t| *t = Some(t.unwrap_or_default().saturating_add(tao)));
		SubnetAlphaIn::<T>::mutate(netuid, |a| *a = a.saturating_add(alpha));
		Ok(())
	}

	fn alpha_issuance(netuid: NetUid) -> BalanceOf<T> {
		SubnetAlphaIn::<T>::get(netuid).saturating_add(SubnetAlphaOut::<T>::get(netuid))
	}

	fn stake_weight(hotkey: &T::AccountId, netuid: NetUid) -> u128 {
		let alpha: u128 = TotalHotkeyAlpha::<T>::get(netuid, hotkey).saturated_into();
		let root = TaoWeight::<T>::get() * TotalHotkeyStake::<T>::get(hotkey);
		alpha.saturating_add(root.saturated_into())
	}

	fn pay_owner(netuid: NetUid, hotkey: &T::AccountId, alpha: BalanceOf<T>) -> DispatchResult {
		let owner = Owner::<T>::get(hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
		ensure!(Self::pool_exists(netuid), Error::<T>::SubnetNotFound);
		Self::credit_alpha(netuid, hotkey, &owner, alpha);
		SubnetAlphaOut::<T>::mutate(netuid, |o| *o = o.saturating_add(alpha));
		Ok(())
	}

	fn pay_validator(netuid: NetUid, hotkey: &T::AccountId, alpha: BalanceOf<T>) -> DispatchResult {
		let owner = Owner::<T>::get(hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
		ensure!(Self::pool_exists(netuid), Error::<T>::SubnetNotFound);
		let take = Delegates::<T>::get(hotkey).unwrap_or_else(T::DefaultTake::get) * alpha;
		let rest: u128 = alpha.saturating_sub(take).saturated_into();

		// Nominators share the rest by stake weight: the hotkey's alpha, and the TAO weight
		// of each root position on it.
		let staked_alpha: u128 = TotalHotkeyAlpha::<T>::get(netuid, hotkey).saturated_into();
		let tao_weight = TaoWeight::<T>::get();
		let root: alloc::vec::Vec<(T::AccountId, u128)> = Stake::<T>::iter_prefix(hotkey)
			.map(|(coldkey, stake)| (coldkey, (tao_weight * stake).saturated_into::<u128>()))
			.filter(|(_, w)| *w > 0)
			.collect();
		let total = root.iter().fold(staked_alpha, |t, (_, w)| t.saturating_add(*w));
		let share_of = |w: u128| rest.saturating_mul(w).checked_div(total).unwrap_or(0);
		let to_alpha = share_of(staked_alpha);
		if to_alpha > 0 {
			// Every alpha staker's shares are now worth more: one write for all of them.
			TotalHotkeyAlpha::<T>::mutate(netuid, hotkey, |t| {
				*t = t.saturating_add(to_alpha.saturated_into())
			});
		}
		let mut paid = to_alpha;
		for (coldkey, w) in root {
			let share = share_of(w);
			Self::credit_alpha(netuid, hotkey, &coldkey, share.saturated_into());
			paid = paid.saturating_add(share);
		}
		// The take, and whatever rounding or an unstaked hotkey left, go to the owner.
		let to_owner = alpha.saturating_sub(paid.saturated_into());
		Self::credit_alpha(netuid, hotkey, &owner, to_owner);
		SubnetAlphaOut::<T>::mutate(netuid, |o| *o = o.saturating_add(alpha));
		Ok(())
	}
}

impl<T: Config> Hotkeys<T::AccountId> for Pallet<T> {
	fn owner_of(hotkey: &T::AccountId) -> Option<T::AccountId> {
		Owner::<T>::get(hotkey)
	}

	fn claim(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
		match Owner::<T>::get(hotkey) {
			Some(owner) if &owner == coldkey => Ok(()),
			Some(_) => Err(Error::<T>::NotHotkeyOwner.into()),
			None => Self::do_register_hotkey(coldkey, hotkey),
		}
	}
}
