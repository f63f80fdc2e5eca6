//! Test runtime for the governance pallet: the Triumvirate and the Senate as two stock
//! `pallet-collective` instances, stake from `pallet-dtao-staking`.

use crate as pallet_dtao_governance;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, VariantCountOf},
	weights::Weight,
};
use frame_system::{EnsureNever, EnsureRoot};
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;
pub type TriumvirateInstance = pallet_collective::Instance1;
pub type SenateInstance = pallet_collective::Instance2;

/// One TAO in rao.
pub const TAO: Balance = 1_000_000_000;
/// Triumvirs.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// Coldkeys of the genesis senators, and their hotkeys (coldkey + 100).
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
pub const FERDIE: AccountId = 6;
pub const DAVE_HOT: AccountId = 104;
pub const EVE_HOT: AccountId = 105;
pub const FERDIE_HOT: AccountId = 106;
/// A funded account with no role.
pub const GRACE: AccountId = 7;
pub const GRACE_HOT: AccountId = 107;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Triumvirate: pallet_collective::<Instance1>,
		Senate: pallet_collective::<Instance2>,
		Staking: pallet_dtao_staking,
		Governance: pallet_dtao_governance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

parameter_types! {
	pub MaxProposalWeight: Weight = Weight::from_parts(1_000_000_000_000, u64::MAX);
	pub const DefaultTake: Perbill = Perbill::from_percent(18);
}

/// The ratified origin, as the runtime defines it.
pub type Ratified = crate::EnsureRatified<Test, SenateInstance>;

impl pallet_collective::Config<TriumvirateInstance> for Test {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = ConstU64<10>;
	type MaxProposals = ConstU32<10>;
	type MaxMembers = ConstU32<3>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = ();
	// Replaced only through `Governance::set_triumvirate`.
	type SetMembersOrigin = EnsureNever<()>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

impl pallet_collective::Config<SenateInstance> for Test {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = pallet_dtao_governance::MotionDurationOf<Test>;
	type MaxProposals = ConstU32<10>;
	type MaxMembers = ConstU32<12>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = ();
	type SetMembersOrigin = EnsureNever<()>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

impl pallet_dtao_staking::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = Ratified;
	type DefaultTake = DefaultTake;
	type DefaultMinStake = ConstU64<TAO>;
	type PalletId = PoolsPalletId;
	type RootDividendsId = RootDividendsId;
	type DefaultSwapFee = SwapFee;
	type MaxSwapFee = SwapFee;
	type DefaultTaoWeight = DefaultTake;
	type MaxMinStake = ConstU64<{ 1_000 * TAO }>;
	type StakeObserver = Governance;
	type MaxPoolPayoutsPerBlock = ConstU32<64>;
	type RootStakeCooldown = frame_support::traits::ConstU64<5>;
	type WeightInfo = ();
}

frame_support::parameter_types! {
	pub const RootDividendsId: frame_support::PalletId = frame_support::PalletId(*b"rootdivs");
	pub const PoolsPalletId: frame_support::PalletId = frame_support::PalletId(*b"dtao/snt");
	pub const SwapFee: sp_runtime::Perbill = sp_runtime::Perbill::from_parts(500_000);
}

/// Stake as the Senate election sees it, read from the staking pallet.
pub struct StakeAdapter;
impl crate::StakeInfo<AccountId, Balance> for StakeAdapter {
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
		let _ = Balances::mint_into(coldkey, stake.saturating_mul(2));
		Staking::do_register_hotkey(coldkey, hotkey).unwrap();
		Staking::do_become_delegate(coldkey, hotkey, Perbill::zero()).unwrap();
		Staking::do_add_stake(coldkey, hotkey, stake).unwrap();
	}
}

impl pallet_dtao_governance::Config for Test {
	type Proposal = RuntimeCall;
	type Senate = Senate;
	type Triumvirate = crate::CollectiveMembers<Test, TriumvirateInstance>;
	type TriumvirateSize = ConstU32<3>;
	type Balance = Balance;
	type Stake = StakeAdapter;
	type Referenda = ();
	type GovernanceOrigin = Ratified;
	type MaxSenateSize = ConstU32<12>;
	type MaxCandidates = ConstU32<64>;
	type MaxMotionsPerProposer = ConstU32<3>;
	type MinMotionDuration = ConstU64<5>;
	type MaxMotionDuration = ConstU64<1_000>;
	type MinRefreshInterval = ConstU64<5>;
	type MaxRefreshInterval = ConstU64<1_000>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TriumvirateMotions;
}

/// Opens Triumvirate motions for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct TriumvirateMotions;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for TriumvirateMotions {
	fn open_triumvirate_motions(voter: &AccountId) {
		use codec::Encode;
		use frame_support::traits::Get;
		use sp_runtime::traits::Hash;
		let max = <Test as pallet_collective::Config<TriumvirateInstance>>::MaxProposals::get();
		for i in 0..max {
			let call = RuntimeCall::System(frame_system::Call::remark { remark: i.encode() });
			let hash = <Test as frame_system::Config>::Hashing::hash_of(&call);
			let index = pallet_collective::ProposalCount::<Test, TriumvirateInstance>::get();
			Triumvirate::propose(RuntimeOrigin::signed(*voter), 3, Box::new(call), 100).unwrap();
			Triumvirate::vote(RuntimeOrigin::signed(*voter), hash, index, true).unwrap();
		}
	}
}

fn hotkey(
	coldkey: AccountId,
	stake: Balance,
) -> pallet_dtao_staking::GenesisHotkey<AccountId, Balance> {
	pallet_dtao_staking::GenesisHotkey {
		hotkey: coldkey + 100,
		coldkey,
		delegate_take: Some(Perbill::from_percent(18)),
		stake,
	}
}

/// Triumvirate {Alice, Bob, Charlie}; senators Dave (300 TAO), Eve (200), Ferdie (100) by
/// their hotkeys; Grace has a delegate hotkey with 50 TAO that has not joined. Motions last
/// 10 blocks; seats are refreshed every 20 blocks.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: (1..=8).map(|who| (who, 1_000 * TAO)).collect(),
			..Default::default()
		},
		triumvirate: pallet_collective::GenesisConfig {
			members: vec![ALICE, BOB, CHARLIE],
			phantom: Default::default(),
		},
		senate: Default::default(),
		staking: pallet_dtao_staking::GenesisConfig {
			hotkeys: vec![
				hotkey(DAVE, 300 * TAO),
				hotkey(EVE, 200 * TAO),
				hotkey(FERDIE, 100 * TAO),
				hotkey(GRACE, 50 * TAO),
			],
			min_stake: None,
		},
		governance: pallet_dtao_governance::GenesisConfig {
			senate_candidates: vec![DAVE_HOT, EVE_HOT, FERDIE_HOT],
			senate_size: Some(12),
			min_stake_share: None,
			refresh_interval: Some(20),
			motion_duration: Some(10),
			min_turnout: None,
		},
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test`, then checks the invariants of governance and staking.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Governance::do_try_state().expect("governance invariants hold");
		Staking::do_try_state().expect("staking invariants hold");
	});
}

/// Advances to block `n`, running the governance pallet's `on_initialize` on the way.
pub fn run_to_block(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Governance::on_initialize(next);
	}
}

/// Advances to the start of the next refresh period.
pub fn next_period() {
	let interval = crate::SenateRefreshInterval::<Test>::get();
	let now = System::block_number();
	run_to_block((now / interval + 1) * interval);
}

/// The events of the governance pallet so far.
pub fn governance_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Governance(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The events of the Senate collective so far.
pub fn senate_events() -> Vec<pallet_collective::Event<Test, SenateInstance>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Senate(e) => Some(e),
			_ => None,
		})
		.collect()
}
