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
	weights::Weight,
};
use sp_arithmetic::{
	helpers_128bit::multiply_by_rational_with_rounding, FixedPointNumber, FixedU128, Rounding,
};
use sp_runtime::{
	traits::{AccountIdConversion, Zero},
	DispatchError, DispatchResult, SaturatedConversion, Saturating,
};

/// Prices are in rao per alpha: the TAO paid for 10⁹ units of alpha.
const PRICE_UNIT: u128 = 1_000_000_000;

/// Shares a hotkey's first unit of alpha issues: fine enough that rounding a later credit or
/// debit to whole shares moves less than one unit of alpha.
const SHARES_PER_ALPHA: u128 = 1_000_000_000;

/// The scale of [`RootDividendIndex`]: an index of `ROOT_INDEX_UNIT` means one rao owed per
/// rao of root stake.
pub const ROOT_INDEX_UNIT: u128 = 1_000_000_000_000_000_000;

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

	/// The account holding the TAO owed to root stakers as dividends.
	pub fn root_dividend_account() -> T::AccountId {
		T::RootDividendsId::get().into_account_truncating()
	}

	/// The root dividends `coldkey`'s root stake on `hotkey` is owed now.
	pub fn root_dividends_owed(hotkey: &T::AccountId, coldkey: &T::AccountId) -> BalanceOf<T> {
		let stake = Stake::<T>::get(hotkey, coldkey);
		Self::owed_on(hotkey, coldkey, stake)
	}

	fn owed_on(hotkey: &T::AccountId, coldkey: &T::AccountId, stake: BalanceOf<T>) -> BalanceOf<T> {
		let growth = RootDividendIndex::<T>::get(hotkey)
			.saturating_sub(RootDividendSettled::<T>::get(hotkey, coldkey));
		if growth == 0 || stake.is_zero() {
			return Zero::zero();
		}
		multiply_by_rational_with_rounding(
			stake.saturated_into(),
			growth,
			ROOT_INDEX_UNIT,
			Rounding::Down,
		)
		.unwrap_or(0)
		.saturated_into()
	}

	/// Pays `coldkey` the root dividends its position of `stake` on `hotkey` is owed, and
	/// marks the position paid up to the hotkey's current index. Call before the position
	/// changes. A payment the account cannot receive (it would stay below the existential
	/// deposit) waits for the next settlement.
	pub(crate) fn settle_root_dividends(
		hotkey: &T::AccountId,
		coldkey: &T::AccountId,
		stake: BalanceOf<T>,
	) {
		let owed = Self::owed_on(hotkey, coldkey, stake);
		if !owed.is_zero() {
			let paid = T::Currency::transfer(
				&Self::root_dividend_account(),
				coldkey,
				owed,
				Preservation::Preserve,
			);
			if paid.is_err() {
				return;
			}
			Self::deposit_event(Event::RootDividendsPaid {
				coldkey: coldkey.clone(),
				hotkey: hotkey.clone(),
				amount: owed,
			});
		}
		RootDividendSettled::<T>::insert(hotkey, coldkey, RootDividendIndex::<T>::get(hotkey));
	}

	/// Sells `alpha` of `hotkey`'s reward on `netuid` to the pool for its root stakers: the TAO
	/// goes to the root dividend account and raises the hotkey's [`RootDividendIndex`].
	fn pay_root_stakers(
		netuid: NetUid,
		hotkey: &T::AccountId,
		alpha: BalanceOf<T>,
	) -> DispatchResult {
		let root: u128 = TotalHotkeyStake::<T>::get(hotkey).saturated_into();
		ensure!(root > 0, Error::<T>::NotEnoughStake);
		let swap = Self::quote_sell(netuid, alpha)?;
		T::Currency::transfer(
			&Self::pool_account(netuid),
			&Self::root_dividend_account(),
			swap.out,
			Preservation::Preserve,
		)?;
		SubnetTao::<T>::mutate(netuid, |t| *t = t.map(|t| t.saturating_sub(swap.out)));
		SubnetAlphaIn::<T>::mutate(netuid, |a| *a = a.saturating_add(alpha));
		let growth = multiply_by_rational_with_rounding(
			swap.out.saturated_into(),
			ROOT_INDEX_UNIT,
			root,
			Rounding::Down,
		)
		.unwrap_or(0);
		RootDividendIndex::<T>::mutate(hotkey, |i| *i = i.saturating_add(growth));
		Ok(())
	}

	/// Pays out up to [`Config::MaxPoolPayoutsPerBlock`] positions of the closing pool of
	/// `netuid`, each its share of what is left in proportion to its alpha; once none is
	/// left, drops the hotkeys' totals (as many per block) and pays the owner the rest.
	/// Returns the number of entries paid or removed.
	pub(crate) fn pay_out_closing_pool(
		netuid: NetUid,
		mut pool: ClosingPool<T::AccountId, BalanceOf<T>>,
	) -> u32 {
		let limit = T::MaxPoolPayoutsPerBlock::get();
		let account = Self::pool_account(netuid);
		let positions: alloc::vec::Vec<_> = AlphaShares::<T>::iter_prefix((netuid,))
			.take(limit as usize)
			.map(|((hotkey, coldkey), _)| {
				let alpha = Self::alpha_of(netuid, &hotkey, &coldkey);
				(hotkey, coldkey, alpha)
			})
			.collect();
		let done = positions.len() as u32;
		for (hotkey, coldkey, alpha) in positions {
			AlphaShares::<T>::remove((netuid, &hotkey, &coldkey));
			let share: BalanceOf<T> = multiply_by_rational_with_rounding(
				pool.tao.saturated_into(),
				alpha.saturated_into(),
				pool.alpha.saturated_into::<u128>().max(1),
				Rounding::Down,
			)
			.unwrap_or(0)
			.saturated_into::<BalanceOf<T>>()
			.min(pool.tao);
			pool.alpha = pool.alpha.saturating_sub(alpha);
			// A share the account cannot receive (below the existential deposit of an empty
			// account) stays in the pool and goes to the owner at the end.
			if !share.is_zero()
				&& T::Currency::transfer(&account, &coldkey, share, Preservation::Expendable)
					.is_ok()
			{
				pool.tao = pool.tao.saturating_sub(share);
				pool.paid = pool.paid.saturating_add(share);
			}
		}
		if done >= limit {
			ClosingPools::<T>::insert(netuid, pool);
			return done;
		}
		// Every position is paid: drop the hotkeys' totals, then pay the owner what is left.
		let left = limit - done;
		let cleared = TotalHotkeyShares::<T>::clear_prefix(netuid, left, None);
		let cleared_alpha = TotalHotkeyAlpha::<T>::clear_prefix(netuid, left, None);
		let removed = cleared.backend.max(cleared_alpha.backend);
		if cleared.maybe_cursor.is_some() || cleared_alpha.maybe_cursor.is_some() {
			ClosingPools::<T>::insert(netuid, pool);
			return done.saturating_add(removed);
		}
		let to_owner = T::Currency::balance(&account);
		let _ = T::Currency::transfer(&account, &pool.owner, to_owner, Preservation::Expendable);
		ClosingPools::<T>::remove(netuid);
		Self::deposit_event(Event::PoolClosed { netuid, to_stakers: pool.paid, to_owner });
		done.saturating_add(removed)
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
	) -> Result<(BalanceOf<T>, Weight), DispatchError> {
		if netuid == ROOT_NETUID {
			let observed = Self::do_add_stake(coldkey, hotkey, amount)?;
			return Ok((amount, observed));
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
		Ok((swap.out, Weight::zero()))
	}

	/// Unstakes `amount` of `coldkey`'s stake on `hotkey` on `netuid` (TAO on root, alpha on a
	/// subnet); returns the TAO released to `coldkey` and the weight the stake observer used.
	pub fn do_unstake(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		amount: BalanceOf<T>,
		limit_price: Option<BalanceOf<T>>,
	) -> Result<(BalanceOf<T>, Weight), DispatchError> {
		if netuid == ROOT_NETUID {
			let observed = Self::do_remove_stake(coldkey, hotkey, amount)?;
			return Ok((amount, observed));
		}
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(!ClosingPools::<T>::contains_key(netuid), Error::<T>::PoolClosing);
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
		Ok((swap.out, Weight::zero()))
	}

	/// Moves `amount` of `coldkey`'s stake from (`from_hotkey`, `from_netuid`) to
	/// (`to_hotkey`, `to_netuid`); returns the weight the stake observer used.
	pub fn do_move_stake(
		coldkey: &T::AccountId,
		from_hotkey: &T::AccountId,
		to_hotkey: &T::AccountId,
		from_netuid: NetUid,
		to_netuid: NetUid,
		amount: BalanceOf<T>,
	) -> Result<Weight, DispatchError> {
		ensure!(from_hotkey != to_hotkey || from_netuid != to_netuid, Error::<T>::SamePosition);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(Owner::<T>::contains_key(to_hotkey), Error::<T>::HotkeyNotRegistered);
		let (received, observed) = if from_netuid == to_netuid && from_netuid != ROOT_NETUID {
			ensure!(Self::pool_exists(from_netuid), Error::<T>::SubnetNotFound);
			ensure!(
				Self::alpha_of(from_netuid, from_hotkey, coldkey) >= amount,
				Error::<T>::NotEnoughStake
			);
			Self::debit_alpha(from_netuid, from_hotkey, coldkey, amount);
			Self::credit_alpha(to_netuid, to_hotkey, coldkey, amount);
			(amount, Weight::zero())
		} else {
			// Through free balance, in one transactional call: all or nothing.
			let (tao, unstaked) =
				Self::do_unstake(coldkey, from_hotkey, from_netuid, amount, None)?;
			let (received, staked) = Self::do_stake(coldkey, to_hotkey, to_netuid, tao, None)?;
			(received, unstaked.saturating_add(staked))
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
		Ok(observed)
	}

	/// Checks the pools' invariants:
	/// * each pool's account holds at least its TAO, and each closing pool's account at least
	///   what its positions are owed;
	/// * the alpha staked on a subnet is the sum of its hotkeys' alpha;
	/// * the shares of each hotkey's alpha add up to its total, and no shares exist without a
	///   pool (open or closing) or alpha without shares;
	/// * no subnet is both open and closing;
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
		for (netuid, pool) in ClosingPools::<T>::iter() {
			ensure!(!Self::pool_exists(netuid), "a subnet's pool is both open and closing");
			ensure!(
				T::Currency::balance(&Self::pool_account(netuid)) >= pool.tao,
				"a closing pool's account holds less than its positions are owed"
			);
		}
		for (netuid, hotkey, alpha) in TotalHotkeyAlpha::<T>::iter() {
			let closing = ClosingPools::<T>::contains_key(netuid);
			ensure!(Self::pool_exists(netuid) || closing, "alpha stake on a subnet without a pool");
			let hotkey_shares = shares.remove(&(netuid, hotkey.clone()));
			// A closing pool pays its positions before dropping the hotkeys' totals.
			ensure!(
				hotkey_shares == Some(TotalHotkeyShares::<T>::get(netuid, &hotkey))
					|| (closing && hotkey_shares.is_none()),
				"a hotkey's shares differ from the sum of its positions"
			);
			if closing {
				continue;
			}
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
		ensure!(!ClosingPools::<T>::contains_key(netuid), Error::<T>::PoolClosing);
		T::Currency::transfer(owner, &Self::pool_account(netuid), tao, Preservation::Preserve)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		SubnetTao::<T>::insert(netuid, tao);
		SubnetAlphaIn::<T>::insert(netuid, tao);
		SubnetAlphaOut::<T>::remove(netuid);
		Self::deposit_event(Event::PoolOpened { netuid, tao });
		Ok(())
	}

	fn close_pool(netuid: NetUid, owner: &T::AccountId) -> Result<BalanceOf<T>, DispatchError> {
		let tao = SubnetTao::<T>::take(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let alpha_in = SubnetAlphaIn::<T>::take(netuid);
		let alpha_out = SubnetAlphaOut::<T>::take(netuid);
		let claims = alpha_in.saturating_add(alpha_out);
		let account = Self::pool_account(netuid);
		if alpha_out.is_zero() {
			// Nobody stakes: everything is the owner's, now.
			let to_owner = T::Currency::balance(&account);
			// With no alpha staked there are no positions, nor hotkey totals, to pay or drop.
			T::Currency::transfer(&account, owner, to_owner, Preservation::Expendable)?;
			Self::deposit_event(Event::PoolClosed { netuid, to_stakers: Zero::zero(), to_owner });
			return Ok(to_owner);
		}
		// The pool's own alpha is the owner's claim, paid now.
		let to_owner: BalanceOf<T> = multiply_by_rational_with_rounding(
			tao.saturated_into(),
			alpha_in.saturated_into(),
			claims.saturated_into::<u128>().max(1),
			Rounding::Down,
		)
		.unwrap_or(0)
		.saturated_into();
		// Unless that would leave the account below the existential deposit: then the owner is
		// paid with the rest, once the positions are.
		let to_owner =
			if T::Currency::transfer(&account, owner, to_owner, Preservation::Preserve).is_ok() {
				to_owner
			} else {
				Zero::zero()
			};
		let to_stakers = tao.saturating_sub(to_owner);
		ClosingPools::<T>::insert(
			netuid,
			ClosingPool {
				owner: owner.clone(),
				tao: to_stakers,
				alpha: alpha_out,
				paid: Zero::zero(),
			},
		);
		Self::deposit_event(Event::PoolClosing { netuid, to_owner, to_stakers });
		Ok(to_owner)
	}

	fn is_closing(netuid: NetUid) -> bool {
		ClosingPools::<T>::contains_key(netuid)
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
		Self::do_stake(coldkey, hotkey, netuid, tao, None).map(|(staked, _)| staked)
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
		// A validator that is no delegate keeps the default take, within the governed maximum.
		let take = Delegates::<T>::get(hotkey)
			.unwrap_or_else(|| T::DefaultTake::get().min(MaxDelegateTake::<T>::get()))
			* alpha;
		let rest: u128 = alpha.saturating_sub(take).saturated_into();

		// Nominators share the rest by stake weight: the hotkey's alpha, and the TAO weight of
		// its root stake.
		let staked_alpha: u128 = TotalHotkeyAlpha::<T>::get(netuid, hotkey).saturated_into();
		let root: u128 =
			(TaoWeight::<T>::get() * TotalHotkeyStake::<T>::get(hotkey)).saturated_into();
		let total = staked_alpha.saturating_add(root);
		let share_of = |w: u128| {
			multiply_by_rational_with_rounding(rest, w, total.max(1), Rounding::Down).unwrap_or(0)
		};
		let to_alpha = share_of(staked_alpha);
		if to_alpha > 0 {
			// Every alpha staker's shares are now worth more: one write for all of them.
			TotalHotkeyAlpha::<T>::mutate(netuid, hotkey, |t| {
				*t = t.saturating_add(to_alpha.saturated_into())
			});
		}
		let mut issued = to_alpha;
		let to_root = share_of(root);
		let sold: BalanceOf<T> = if to_root > 0
			&& Self::pay_root_stakers(netuid, hotkey, to_root.saturated_into()).is_ok()
		{
			to_root.saturated_into()
		} else {
			Zero::zero()
		};
		issued = issued.saturating_add(sold.saturated_into());
		// The take, and whatever rounding or a sale too small to make left, go to the owner.
		let to_owner = alpha.saturating_sub(issued.saturated_into());
		Self::credit_alpha(netuid, hotkey, &owner, to_owner);
		// The root stakers' alpha was sold into the pool; the rest is staked.
		SubnetAlphaOut::<T>::mutate(netuid, |o| *o = o.saturating_add(alpha.saturating_sub(sold)));
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
