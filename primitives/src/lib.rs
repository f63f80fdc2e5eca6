//! # dTAO primitives
//!
//! What the dTAO pallets share, so that none of them depends on another:
//!
//! * [`NetUid`], the id of a subnet, with [`ROOT_NETUID`], and its [`Hyperparams`];
//! * [`SubnetPools`]: the pools and alpha stake of the staking pallet, as the subnet registry
//!   and the emission pallet use them;
//! * [`SubnetNeurons`]: the neurons of the subnet registry, as the emission pallet reads them
//!   and records its epochs;
//! * [`OnStakeChanged`]: how the staking pallet tells governance that root stake moved, so that
//!   Senate seats follow lasting stake;
//! * [`api::DtaoApi`]: the runtime API clients read subnets, metagraphs and stake through.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod api;
mod hyperparams;

pub use hyperparams::*;

use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_arithmetic::FixedU128;
use sp_runtime::{DispatchError, DispatchResult, Weight};

/// A subnet's id.
pub type NetUid = u16;

/// The root network: stake there is TAO, held 1:1, and it has no pool or neurons.
pub const ROOT_NETUID: NetUid = 0;

/// Subnet pools and the alpha stake bought through them.
///
/// Each subnet has a constant-product pool of TAO and alpha. Alpha is issued into the pool
/// (`alpha_in`) and to stakers (`alpha_out`); TAO enters the pool from stakers, registration
/// burns and block emission.
pub trait SubnetPools<AccountId, Balance> {
	/// Opens `netuid`'s pool with `tao` taken from `owner`, at a price of one TAO per alpha.
	fn open_pool(netuid: NetUid, owner: &AccountId, tao: Balance) -> DispatchResult;

	/// Closes `netuid`'s pool: what the pool's own alpha would claim goes to `owner` now, and
	/// every alpha position is paid its share of the rest, as free balance of its coldkey, a
	/// bounded number of positions per block (the rounding left at the end goes to `owner`).
	/// Until then `netuid` stays taken ([`SubnetPools::is_closing`]). Returns what `owner`
	/// received now.
	fn close_pool(netuid: NetUid, owner: &AccountId) -> Result<Balance, DispatchError>;

	/// Whether `netuid`'s pool is closed but its positions are still being paid out; a new
	/// subnet may not take the netuid until they are.
	fn is_closing(netuid: NetUid) -> bool;

	/// Moves `tao` from `payer` into `netuid`'s pool and burns the alpha it buys: a neuron's
	/// registration burn.
	fn recycle(netuid: NetUid, payer: &AccountId, tao: Balance) -> DispatchResult;

	/// Stakes `tao` of `coldkey` to `hotkey` on `netuid` through the pool; returns the alpha
	/// bought.
	fn stake(
		coldkey: &AccountId,
		hotkey: &AccountId,
		netuid: NetUid,
		tao: Balance,
	) -> Result<Balance, DispatchError>;

	/// The pool's spot price, TAO per alpha; zero without a pool.
	fn spot_price(netuid: NetUid) -> FixedU128;

	/// Mints `tao` into `netuid`'s pool and issues `alpha` into its alpha reserve.
	fn inject(netuid: NetUid, tao: Balance, alpha: Balance) -> DispatchResult;

	/// The alpha issued on `netuid`: in the pool and staked.
	fn alpha_issuance(netuid: NetUid) -> Balance;

	/// The stake weight of `hotkey` on `netuid`: its alpha stake there plus the governed
	/// share of its root stake.
	fn stake_weight(hotkey: &AccountId, netuid: NetUid) -> u128;

	/// Issues `alpha` as stake of `hotkey`'s own coldkey on `hotkey`: a miner's incentive or
	/// the owner's cut. Fails if `hotkey` has no owner.
	fn pay_owner(netuid: NetUid, hotkey: &AccountId, alpha: Balance) -> DispatchResult;

	/// Issues `alpha` to validator `hotkey`: its take to its own coldkey, the rest to everyone
	/// staked on it, in proportion to their stake weight. The alpha stakers' part raises their
	/// shares' value; the root stakers' part is sold to the pool and the TAO owed to them is
	/// recorded per unit of root stake, to be claimed. O(1) whatever the number of stakers.
	/// Fails if `hotkey` has no owner.
	fn pay_validator(netuid: NetUid, hotkey: &AccountId, alpha: Balance) -> DispatchResult;
}

/// Hotkey ownership, as the subnet registry checks it.
pub trait Hotkeys<AccountId> {
	/// The coldkey owning `hotkey`.
	fn owner_of(hotkey: &AccountId) -> Option<AccountId>;

	/// Makes sure `coldkey` owns `hotkey`, registering it for `coldkey` if it is new.
	fn claim(coldkey: &AccountId, hotkey: &AccountId) -> DispatchResult;
}

/// The hyperparameters an epoch runs with.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct EpochParams {
	/// Blocks between two epochs.
	pub tempo: u16,
	/// The consensus quantile, a fraction of `u16::MAX`.
	pub kappa: u16,
	/// The bonds' moving average, in millionths.
	pub bonds_moving_average: u64,
	/// How many neurons hold validator permits.
	pub max_validators: u16,
	/// Blocks without weights after which a validator is inactive.
	pub activity_cutoff: u16,
}

/// One neuron, as an epoch reads it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NeuronRecord<AccountId> {
	/// Its hotkey.
	pub hotkey: AccountId,
	/// The block it registered at.
	pub registered_at: u64,
	/// The block it last set weights at (0: never).
	pub last_update: u64,
	/// Its weights: (uid, weight).
	pub weights: Vec<(u16, u16)>,
}

/// The subnet registry, as the emission pallet reads it.
pub trait SubnetNeurons<AccountId, Balance> {
	/// Every subnet, in netuid order.
	fn subnets() -> Vec<NetUid>;

	/// The hyperparameters `netuid`'s epoch runs with.
	fn epoch_params(netuid: NetUid) -> Option<EpochParams>;

	/// The hotkey that receives `netuid`'s owner cut.
	fn owner_hotkey(netuid: NetUid) -> Option<AccountId>;

	/// The neurons of `netuid`, by uid.
	fn neurons(netuid: NetUid) -> Vec<NeuronRecord<AccountId>>;

	/// Stores `netuid`'s validator permits, by uid, as an epoch starts; returns them as stored
	/// (the owner's neuron always holds one).
	fn set_validator_permits(netuid: NetUid, permits: Vec<bool>) -> Vec<bool>;

	/// Records each uid's emission at an epoch, by uid.
	fn record_emission(netuid: NetUid, emission: Vec<Balance>);
}

/// Told when a subnet is dissolved, to drop what a pallet keeps about it.
pub trait OnSubnetDissolved {
	/// `netuid` no longer exists.
	fn on_dissolved(netuid: NetUid);
}

impl OnSubnetDissolved for () {
	fn on_dissolved(_: NetUid) {}
}

/// A change of one hotkey's root stake, and of the network's total root stake with it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct StakeChange<'a, AccountId, Balance> {
	/// The hotkey whose stake changed.
	pub hotkey: &'a AccountId,
	/// Its root stake before the change.
	pub before: Balance,
	/// Its root stake after the change.
	pub after: Balance,
	/// The total root stake before the change.
	pub total_before: Balance,
	/// The total root stake after the change.
	pub total_after: Balance,
}

/// Told after every change of root stake (not at genesis), so that a pallet can follow how
/// long stake has been held: the governance pallet seats the Senate on lasting stake and drops
/// a seat at once when its stake falls below the bar.
pub trait OnStakeChanged<AccountId, Balance> {
	/// Root stake changed as `change` says; returns the weight used.
	fn on_stake_changed(change: StakeChange<'_, AccountId, Balance>) -> Weight;

	/// The most weight one call of [`OnStakeChanged::on_stake_changed`] may use: what a call
	/// that changes root stake charges before it runs.
	fn max_weight() -> Weight;
}

impl<AccountId, Balance> OnStakeChanged<AccountId, Balance> for () {
	fn on_stake_changed(_: StakeChange<'_, AccountId, Balance>) -> Weight {
		Weight::zero()
	}

	fn max_weight() -> Weight {
		Weight::zero()
	}
}

/// Validator permits: `true` for the `k` largest nonzero stakes, ties to the lower uid.
pub fn top_k_permits(stake: &[u128], k: u16) -> Vec<bool> {
	let mut order: Vec<usize> = (0..stake.len()).filter(|&i| stake[i] > 0).collect();
	order.sort_by(|&a, &b| stake[b].cmp(&stake[a]).then(a.cmp(&b)));
	let mut permits = alloc::vec![false; stake.len()];
	for &i in order.iter().take(k as usize) {
		permits[i] = true;
	}
	permits
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn permits_go_to_the_largest_nonzero_stakes() {
		// 9 first, then the tie between uids 0 and 3 goes to uid 0.
		assert_eq!(top_k_permits(&[5, 0, 9, 5, 1], 2), [true, false, true, false, false]);
		assert_eq!(top_k_permits(&[0, 0], 2), [false, false]);
		assert_eq!(top_k_permits(&[3, 2], 5), [true, true]);
		assert!(top_k_permits(&[], 3).is_empty());
	}
}
