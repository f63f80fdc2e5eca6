//! The legislature: Triumvirate, Senate, the governance pallet that joins them, and public
//! referenda (pallet-democracy) as the community stage.
//!
//! There is no sudo key. Root is reached only by enacting a passed referendum; everything
//! else privileged needs a ratified Senate motion (see [`origins`]).

pub mod origins;

use crate::{
	constants::{currency::*, time::*},
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Runtime,
	RuntimeBlockWeights, RuntimeCall, RuntimeEvent, RuntimeOrigin, Scheduler, Senate, Staking,
};
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, EqualPrivilegeOnly},
	weights::Weight,
};
use frame_system::{EnsureNever, EnsureRoot, EnsureSigned};
use origins::*;
use sp_runtime::Perbill;

/// The Triumvirate collective instance.
pub type TriumvirateInstance = pallet_collective::Instance1;
/// The Senate collective instance.
pub type SenateInstance = pallet_collective::Instance2;

/// Seats of the Triumvirate.
pub const TRIUMVIRATE_SIZE: u32 = 3;
/// Most seats of the Senate.
pub const MAX_SENATE_SIZE: u32 = 12;

parameter_types! {
	/// A motion may use at most half of a block's weight.
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<TriumvirateInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = pallet_dtao_governance::MotionDurationOf<Runtime>;
	type MaxProposals = ConstU32<10>;
	type MaxMembers = ConstU32<TRIUMVIRATE_SIZE>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	// The Triumvirate changes only through a ratified proposal.
	type SetMembersOrigin = Ratified;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = Ratified;
	type KillOrigin = Ratified;
	type Consideration = ();
}

impl pallet_collective::Config<SenateInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = pallet_dtao_governance::MotionDurationOf<Runtime>;
	type MaxProposals = ConstU32<10>;
	type MaxMembers = ConstU32<MAX_SENATE_SIZE>;
	// Abstentions count as nays once the motion expires (there is never a prime).
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective_senate::WeightInfo<Runtime>;
	// Seats come from stake, through the governance pallet only.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type SetMembersOrigin = EnsureNever<()>;
	// pallet-collective's benchmarks seat their members with `set_members`; the benchmark
	// runtime (never deployed) lets Root do that.
	#[cfg(feature = "runtime-benchmarks")]
	type SetMembersOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = Ratified;
	type KillOrigin = Ratified;
	type Consideration = ();
}

/// Stake as the Senate election sees it, read from the staking pallet.
pub struct StakeAdapter;

impl pallet_dtao_governance::StakeInfo<AccountId, Balance> for StakeAdapter {
	fn owner_of(hotkey: &AccountId) -> Option<AccountId> {
		Staking::owner_of(hotkey)
	}

	fn is_delegate(hotkey: &AccountId) -> bool {
		Staking::is_delegate(hotkey)
	}

	fn stake_of(hotkey: &AccountId) -> Balance {
		Staking::hotkey_stake(hotkey)
	}

	fn total_stake() -> Balance {
		Staking::total_stake()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_delegate(coldkey: &AccountId, hotkey: &AccountId, stake: Balance) {
		use frame_support::traits::fungible::Mutate;
		let _ = Balances::mint_into(coldkey, stake.saturating_mul(2).saturating_add(TAO));
		Staking::do_register_hotkey(coldkey, hotkey).expect("fresh hotkey");
		Staking::do_become_delegate(coldkey, hotkey, Perbill::zero()).expect("owned hotkey");
		Staking::do_add_stake(coldkey, hotkey, stake).expect("funded coldkey");
	}
}

impl pallet_dtao_governance::Config for Runtime {
	type Proposal = RuntimeCall;
	type Senate = Senate;
	type Triumvirate = pallet_dtao_governance::CollectiveMembers<Runtime, TriumvirateInstance>;
	type Balance = Balance;
	type Stake = StakeAdapter;
	type GovernanceOrigin = Ratified;
	type MaxSenateSize = ConstU32<MAX_SENATE_SIZE>;
	type MaxCandidates = ConstU32<64>;
	type WeightInfo = pallet_dtao_governance::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const LaunchPeriod: BlockNumber = 7 * DAYS;
	pub const VotingPeriod: BlockNumber = 7 * DAYS;
	pub const FastTrackVotingPeriod: BlockNumber = 3 * HOURS;
	pub const EnactmentPeriod: BlockNumber = DAYS;
	pub const CooloffPeriod: BlockNumber = 7 * DAYS;
	pub const VoteLockingPeriod: BlockNumber = 7 * DAYS;
	pub const MinimumDeposit: Balance = 100 * TAO;
}

impl pallet_democracy::Config for Runtime {
	type WeightInfo = pallet_democracy::weights::SubstrateWeight<Runtime>;
	type RuntimeEvent = RuntimeEvent;
	type Scheduler = Scheduler;
	type Preimages = Preimage;
	type Currency = Balances;
	type EnactmentPeriod = EnactmentPeriod;
	type LaunchPeriod = LaunchPeriod;
	type VotingPeriod = VotingPeriod;
	type VoteLockingPeriod = VoteLockingPeriod;
	type MinimumDeposit = MinimumDeposit;
	type InstantAllowed = ConstBool<false>;
	type FastTrackVotingPeriod = FastTrackVotingPeriod;
	type CooloffPeriod = CooloffPeriod;
	type MaxVotes = ConstU32<100>;
	type MaxProposals = ConstU32<100>;
	type MaxDeposits = ConstU32<100>;
	type MaxBlacklisted = ConstU32<100>;
	// The Senate (ratified) puts proposals to the community ...
	type ExternalOrigin = Ratified;
	type ExternalMajorityOrigin = Ratified;
	type ExternalDefaultOrigin = Ratified;
	// ... anyone may propose with a deposit ...
	type SubmitOrigin = EnsureSigned<AccountId>;
	// ... the Triumvirate fast-tracks, cancels and vetoes.
	type FastTrackOrigin = TriumvirateTwoThirds;
	type InstantOrigin = TriumvirateUnanimous;
	type CancellationOrigin = TriumvirateUnanimous;
	type CancelProposalOrigin = TriumvirateUnanimous;
	type BlacklistOrigin = Ratified;
	type VetoOrigin = OneTriumvir;
	type PalletsOrigin = OriginCaller;
	type Slash = ();
}

parameter_types! {
	pub MaximumSchedulerWeight: Weight = Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = frame_system::Pallet<Runtime>;
}
