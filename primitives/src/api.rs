//! The runtime APIs clients read the economy and the legislature through, instead of raw
//! storage.

use crate::{Hyperparams, NetUid};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_arithmetic::{FixedU128, Perbill};

/// One subnet: its owner, pool, emission and hyperparameters.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct SubnetInfo<AccountId, Balance> {
	/// The subnet.
	pub netuid: NetUid,
	/// The coldkey owning it.
	pub owner: AccountId,
	/// The hotkey receiving the owner's cut.
	pub owner_hotkey: AccountId,
	/// The TAO its owner locked to register it.
	pub locked: Balance,
	/// TAO in its pool.
	pub tao_in: Balance,
	/// Alpha in its pool.
	pub alpha_in: Balance,
	/// Alpha staked on it.
	pub alpha_out: Balance,
	/// The pool's spot price, TAO per alpha.
	pub price: FixedU128,
	/// The moving average of its price, which its share of block emission follows.
	pub moving_price: FixedU128,
	/// Alpha accrued since its last epoch, paid at the next.
	pub pending_emission: Balance,
	/// Neurons registered.
	pub neurons: u16,
	/// What registering a neuron burns now.
	pub burn: Balance,
	/// Blocks until its next epoch.
	pub blocks_until_epoch: u64,
	/// Its hyperparameters.
	pub hyperparams: Hyperparams<Balance>,
}

/// One neuron of a subnet's metagraph, with its last epoch's outcome.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct NeuronInfo<AccountId, Balance> {
	/// Its uid on the subnet.
	pub uid: u16,
	/// Its hotkey.
	pub hotkey: AccountId,
	/// The coldkey owning the hotkey.
	pub coldkey: AccountId,
	/// Alpha staked on the hotkey on this subnet.
	pub alpha_stake: Balance,
	/// TAO staked on the hotkey on the root network.
	pub root_stake: Balance,
	/// Its stake weight: alpha stake plus the governed share of root stake.
	pub stake_weight: u128,
	/// Its share of the subnet's miner emission.
	pub incentive: Perbill,
	/// Its share of the subnet's validator emission.
	pub dividends: Perbill,
	/// The consensus weight on it.
	pub consensus: Perbill,
	/// The share of its weight support that survived clipping.
	pub trust: Perbill,
	/// The sum of its clipped weights, as a validator.
	pub validator_trust: Perbill,
	/// Whether it holds a validator permit.
	pub validator_permit: bool,
	/// The alpha it earned at the last epoch.
	pub emission: Balance,
	/// The block it registered at.
	pub registered_at: u64,
	/// The block it last set weights at (0: never).
	pub last_update: u64,
}

/// One stake position of a coldkey.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct StakeInfo<AccountId, Balance> {
	/// The hotkey staked on.
	pub hotkey: AccountId,
	/// The subnet (0: root, where stake is TAO).
	pub netuid: NetUid,
	/// The stake: alpha on a subnet, TAO on root.
	pub stake: Balance,
	/// What selling it at the spot price would give, before slippage and fees, in TAO.
	pub tao_value: Balance,
}

/// One Senate candidate (or seat).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct CandidateInfo<AccountId, Balance> {
	/// Its hotkey.
	pub hotkey: AccountId,
	/// The coldkey owning the hotkey.
	pub coldkey: Option<AccountId>,
	/// Its root stake now.
	pub stake: Balance,
	/// The stake that counts toward a seat: the least it held since the previous refresh
	/// period began.
	pub lasting_stake: Balance,
	/// Whether it may hold a seat now (a delegate, no triumvir, lasting stake at the bar).
	pub eligible: bool,
	/// Whether it holds a seat.
	pub seated: bool,
}

/// The Senate and the Triumvirate as they stand.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct SenateInfo<AccountId, Balance, BlockNumber> {
	/// How many seats there are.
	pub size: u32,
	/// The lasting stake a seat needs: the governed share of the lasting total stake.
	pub min_stake: Balance,
	/// The network's lasting total stake.
	pub lasting_total_stake: Balance,
	/// The refresh periods begun so far.
	pub refresh_period: u32,
	/// The block at which the next refresh period begins and the seats are recomputed.
	pub next_refresh: BlockNumber,
	/// The candidates, seated or not, the largest lasting stake first.
	pub candidates: Vec<CandidateInfo<AccountId, Balance>>,
	/// The triumvirs, sorted.
	pub triumvirate: Vec<AccountId>,
}

sp_api::decl_runtime_apis! {
	/// The legislature, as clients read it.
	pub trait GovernanceApi<AccountId, Balance, BlockNumber> where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// The Senate's seats and candidates with their lasting stake, and the Triumvirate.
		fn senate() -> SenateInfo<AccountId, Balance, BlockNumber>;
	}

	/// Dry runs for clients that simulate governance on a copy of the chain's state with the
	/// chain's own code (`dtao-gov proposal simulate`).
	///
	/// Like every runtime API, its effects are never committed: a node calls it only for
	/// `state_call`, whose changes it throws away, and block building and import use only the
	/// `BlockBuilder` and `Core` APIs. It is the governance counterpart of the `DryRunApi`
	/// other chains expose, narrower: it dispatches only with a signed origin.
	pub trait SimulationApi<AccountId, Call> where
		AccountId: codec::Codec,
		Call: codec::Codec,
	{
		/// Applies `call` as an extrinsic signed by `who` at its next nonce, exactly as
		/// `BlockBuilder::apply_extrinsic` applies a signed extrinsic once its signature is
		/// checked: the transaction extensions run (nonce, weight, fee), the call is
		/// dispatched, and the extrinsic's events are deposited.
		fn apply_as(who: AccountId, call: Call) -> sp_runtime::ApplyExtrinsicResult;
	}

	/// Subnets, metagraphs and stake, as clients read them.
	pub trait DtaoApi<AccountId, Balance> where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// Every subnet.
		fn subnets() -> Vec<SubnetInfo<AccountId, Balance>>;
		/// One subnet.
		fn subnet(netuid: NetUid) -> Option<SubnetInfo<AccountId, Balance>>;
		/// The neurons of one subnet, by uid.
		fn metagraph(netuid: NetUid) -> Option<Vec<NeuronInfo<AccountId, Balance>>>;
		/// Every stake position of `coldkey`, root included.
		fn stake_of(coldkey: AccountId) -> Vec<StakeInfo<AccountId, Balance>>;
		/// The TAO each block emits now.
		fn block_emission() -> Balance;
	}
}
