//! The legislature: Triumvirate, Senate, the governance pallet that joins them, and public
//! referenda (pallet-democracy) as the community stage.
//!
//! There is no sudo key. Root is reached only by enacting a passed referendum; everything
//! else privileged needs a ratified Senate motion (see [`origins`]). The call filter
//! ([`call_filter`]) closes the Senate collective's own door, so that every motion goes
//! through the governance pallet.
//!
//! ## Root needs real support
//!
//! Anyone may submit a public proposal with a deposit, and the Senate may put one to the
//! community (`external_propose*`), but no referendum reaches Root on a trivial turnout: one
//! whose conviction-weighted turnout (ayes and nays as Democracy counts them, so that balance
//! voted without conviction, which may be withdrawn in the very block the referendum is
//! counted, weighs a tenth) ends below the governed `MinTurnout` (5 % of the total issuance by
//! default, at most 50 %) is cancelled in its last block, before it is counted. The governance
//! pallet does this in its `on_initialize`, which runs before Democracy's (see the pallet order
//! in `lib.rs`), through [`DemocracyReferenda`]. We chose a turnout over letting only ratified
//! motions table public proposals because it keeps the community's own initiative: a public
//! proposal with real support passes without the Senate, one without it never does.

pub mod api;
pub mod call_filter;
pub mod origins;

use crate::{
	constants::{currency::*, time::*},
	AccountId, Balance, Balances, BlockNumber, Democracy, OriginCaller, Preimage, Runtime,
	RuntimeBlockWeights, RuntimeCall, RuntimeEvent, RuntimeOrigin, Scheduler, Senate, Staking,
};
use alloc::vec::Vec;
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
	// The Triumvirate changes only through a ratified `Governance::set_triumvirate`, which keeps
	// it at three members and without a prime.
	type SetMembersOrigin = EnsureNever<()>;
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
	// pallet-collective's benchmarks seat their members with `set_members` and disapprove
	// motions; the benchmark runtime (never deployed) lets Root do that.
	#[cfg(feature = "runtime-benchmarks")]
	type SetMembersOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	// Motions are dropped through `Governance::disapprove_motion`, which keeps the governance
	// pallet's record of them; not even Root drops one behind its back.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type DisapproveOrigin = EnsureNever<()>;
	#[cfg(not(feature = "runtime-benchmarks"))]
	type KillOrigin = EnsureNever<()>;
	#[cfg(feature = "runtime-benchmarks")]
	type DisapproveOrigin = frame_system::EnsureRoot<AccountId>;
	#[cfg(feature = "runtime-benchmarks")]
	type KillOrigin = frame_system::EnsureRoot<AccountId>;
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

/// Democracy's referenda, as the governance pallet checks their turnout.
pub struct DemocracyReferenda;

impl pallet_dtao_governance::Referenda<Balance, BlockNumber> for DemocracyReferenda {
	fn ending_at(n: BlockNumber) -> (Vec<(u32, Balance)>, u32) {
		use pallet_democracy::{LowestUnbaked, ReferendumCount, ReferendumInfo, ReferendumInfoOf};
		let (next, last) = (LowestUnbaked::<Runtime>::get(), ReferendumCount::<Runtime>::get());
		let ending = (next..last)
			.filter_map(|i| match ReferendumInfoOf::<Runtime>::get(i) {
				Some(ReferendumInfo::Ongoing(status)) if status.end == n => {
					// Ayes and nays after conviction: balance voted without a lock counts a tenth.
					Some((i, status.tally.ayes.saturating_add(status.tally.nays)))
				}
				_ => None,
			})
			.collect();
		(ending, last.saturating_sub(next))
	}

	fn cancel(index: u32) {
		Democracy::internal_cancel_referendum(index);
	}

	fn electorate() -> Balance {
		Balances::total_issuance()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn start_referenda(n: u32, end: BlockNumber) {
		use frame_support::traits::StorePreimage;
		use pallet_democracy::{
			ReferendumCount, ReferendumInfo, ReferendumInfoOf, ReferendumStatus, Tally,
			VoteThreshold,
		};
		for _ in 0..n {
			let index = ReferendumCount::<Runtime>::get();
			let call = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
			let status = ReferendumStatus {
				end,
				proposal: Preimage::bound(call).expect("a small call"),
				threshold: VoteThreshold::SuperMajorityApprove,
				delay: 1,
				tally: Tally { ayes: TAO, nays: 0, turnout: TAO },
			};
			ReferendumInfoOf::<Runtime>::insert(index, ReferendumInfo::Ongoing(status));
			ReferendumCount::<Runtime>::put(index + 1);
		}
	}
}

parameter_types! {
	/// Governance may not make motions shorter than ten blocks (the development chain's
	/// genesis uses 20) nor longer than two weeks.
	pub const MinMotionDuration: BlockNumber = 10;
	pub const MaxMotionDuration: BlockNumber = 14 * DAYS;
	/// Stake must be held at least an hour to count toward a seat, and seats are recomputed at
	/// least weekly.
	pub const MinRefreshInterval: BlockNumber = HOURS;
	pub const MaxRefreshInterval: BlockNumber = 7 * DAYS;
}

impl pallet_dtao_governance::Config for Runtime {
	type Proposal = RuntimeCall;
	type Senate = Senate;
	type Triumvirate = pallet_dtao_governance::CollectiveMembers<Runtime, TriumvirateInstance>;
	type TriumvirateSize = ConstU32<TRIUMVIRATE_SIZE>;
	type Balance = Balance;
	type Stake = StakeAdapter;
	type Referenda = DemocracyReferenda;
	type GovernanceOrigin = Ratified;
	type MaxSenateSize = ConstU32<MAX_SENATE_SIZE>;
	type MaxCandidates = ConstU32<64>;
	type MaxMotionsPerProposer = ConstU32<3>;
	type MinMotionDuration = MinMotionDuration;
	type MaxMotionDuration = MaxMotionDuration;
	type MinRefreshInterval = MinRefreshInterval;
	type MaxRefreshInterval = MaxRefreshInterval;
	type WeightInfo = pallet_dtao_governance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TriumvirateMotions;
}

/// Opens Triumvirate motions for the governance pallet's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct TriumvirateMotions;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_dtao_governance::BenchmarkHelper<AccountId> for TriumvirateMotions {
	fn open_triumvirate_motions(voter: &AccountId) {
		use codec::Encode;
		use frame_support::traits::Get;
		use sp_runtime::traits::Hash;
		type Triumvirate = pallet_collective::Pallet<Runtime, TriumvirateInstance>;
		let max = <Runtime as pallet_collective::Config<TriumvirateInstance>>::MaxProposals::get();
		for i in 0..max {
			let call = RuntimeCall::System(frame_system::Call::remark { remark: i.encode() });
			let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
			let index = pallet_collective::ProposalCount::<Runtime, TriumvirateInstance>::get();
			let origin = RuntimeOrigin::signed(voter.clone());
			Triumvirate::propose(
				origin.clone(),
				TRIUMVIRATE_SIZE,
				alloc::boxed::Box::new(call),
				100,
			)
			.expect("a triumvir proposes");
			Triumvirate::vote(origin, hash, index, true).expect("a triumvir votes");
		}
	}
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
	// ... anyone may propose with a deposit (a referendum still needs the minimum turnout) ...
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
