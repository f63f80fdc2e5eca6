//! Test runtime for the subnets pallet.

use crate as pallet_dtao_subnets;
use crate::Hyperparams;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU16, ConstU32, ConstU64, VariantCountOf},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

/// One TAO in rao.
pub const TAO: Balance = 1_000_000_000;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Staking: pallet_dtao_staking,
		Subnets: pallet_dtao_subnets,
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
	pub const RootDividendsId: frame_support::PalletId = frame_support::PalletId(*b"rootdivs");
	pub const PoolsPalletId: PalletId = PalletId(*b"dtao/snt");
	pub const DefaultTake: Perbill = Perbill::from_percent(18);
	pub const SwapFee: Perbill = Perbill::from_parts(500_000);
	pub const MaxSwapFee: Perbill = Perbill::from_percent(1);
	pub const BurnIncrease: Perbill = Perbill::from_percent(26);
	pub DefaultHyperparams: Hyperparams<Balance> =
		Hyperparams::bittensor_initial(500_000, 100 * TAO);
}

/// The real staking pallet: subnet pools and hotkeys are its.
impl pallet_dtao_staking::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type DefaultTake = DefaultTake;
	type DefaultMinStake = ConstU64<500_000>;
	type PalletId = PoolsPalletId;
	type RootDividendsId = RootDividendsId;
	type DefaultSwapFee = SwapFee;
	type MaxSwapFee = MaxSwapFee;
	type DefaultTaoWeight = DefaultTake;
	type MaxMinStake = frame_support::traits::ConstU64<{ 1_000 * TAO }>;
	type StakeObserver = ();
	type MaxPoolPayoutsPerBlock = frame_support::traits::ConstU32<64>;
	type RootStakeCooldown = frame_support::traits::ConstU64<5>;
	type WeightInfo = ();
}

impl pallet_dtao_subnets::Config for Test {
	type Currency = Balances;
	type Pools = Staking;
	type Hotkeys = Staking;
	type OnDissolve = ();
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type DefaultHyperparams = DefaultHyperparams;
	type DefaultMinLock = ConstU64<{ 1_000 * TAO }>;
	type DefaultLockReductionInterval = ConstU64<100>;
	type DefaultSubnetLimit = ConstU16<3>;
	type MaxSubnetLimit = ConstU16<1024>;
	type MaxAllowedUids = ConstU16<256>;
	type MinBurnUpperBound = ConstU64<TAO>;
	type MinBurnLowerBound = ConstU64<500_000>;
	type MaxNetworkMinLock = ConstU64<{ 100_000 * TAO }>;
	type MaxLockReductionInterval = frame_support::traits::ConstU64<201_600>;
	type MaxBurnLowerBound = ConstU64<{ TAO / 10 }>;
	type MinActivityCutoff = ConstU16<360>;
	type InitialBurn = ConstU64<TAO>;
	type BurnIncrease = BurnIncrease;
	type BurnHalfLife = ConstU32<360>;
	type WeightInfo = ();
}

/// Coldkeys 1..=4 hold 10,000 TAO each; coldkey 5 holds 10 TAO.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=4).map(|who| (who, 10_000 * TAO)).chain([(5, 10 * TAO)]).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` and then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Subnets::do_try_state().expect("subnets invariants hold");
		Staking::do_try_state().expect("staking invariants hold");
	});
}

/// The events of this pallet deposited so far.
pub fn subnet_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Subnets(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// Runs blocks until every closing pool has paid out its positions.
pub fn finish_closing_pools() {
	use frame_support::traits::Hooks;
	while pallet_dtao_staking::ClosingPools::<Test>::iter().next().is_some() {
		let n = System::block_number() + 1;
		System::set_block_number(n);
		Staking::on_initialize(n);
	}
}
