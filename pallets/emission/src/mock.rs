//! Test runtime for the emission pallet: the real staking and subnets pallets around it.

use crate as pallet_dtao_emission;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU16, ConstU32, ConstU64, Hooks, VariantCountOf},
	PalletId,
};
use frame_system::EnsureRoot;
use pallet_dtao_subnets::{GenesisSubnet, Hyperparams};
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
		Emission: pallet_dtao_emission,
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
	pub const DefaultPriceSmoothing: Perbill = Perbill::from_percent(10);
	pub const MinPriceSmoothing: Perbill = Perbill::from_percent(1);
}

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
	type OnDissolve = Emission;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type DefaultHyperparams = DefaultHyperparams;
	type DefaultMinLock = ConstU64<{ 1_000 * TAO }>;
	type DefaultLockReductionInterval = ConstU64<100>;
	type DefaultSubnetLimit = ConstU16<8>;
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

impl pallet_dtao_emission::Config for Test {
	type Currency = Balances;
	type Subnets = Subnets;
	type Pools = Staking;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type InitialBlockEmission = ConstU64<TAO>;
	type MaxSupply = ConstU64<{ 21_000_000 * TAO }>;
	type DefaultOwnerCut = DefaultTake;
	type DefaultPriceSmoothing = DefaultPriceSmoothing;
	type MinPriceSmoothing = MinPriceSmoothing;
	type MaxPriceSmoothing = DefaultPriceSmoothing;
	type MaxUids = ConstU32<256>;
	type MaxSubnets = ConstU32<1024>;
	type MaxEpochsPerBlock = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SubnetsHelper;
}

/// Builds benchmark subnets with the subnets pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct SubnetsHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for SubnetsHelper {
	fn subnet(n: u16, v: u16) -> dtao_primitives::NetUid {
		Subnets::benchmark_subnet(n, v)
	}
}

/// A subnet of `owner` (hotkey `owner + 100`) with tempo 9, a validator (coldkey 2, hotkey
/// 20, 100 TAO staked) weighting two miners (hotkeys 30 and 40) 3:1.
pub fn subnet(owner: AccountId, lock: Balance) -> GenesisSubnet<AccountId, Balance> {
	GenesisSubnet {
		owner,
		owner_hotkey: owner + 100,
		lock,
		tempo: Some(9),
		neurons: vec![(2, 20, 100 * TAO), (3, 30, 0), (4, 40, 0)],
		weights: vec![(1, vec![(2, 3), (3, 1)])],
	}
}

/// Coldkeys 1..=4 hold 100,000 TAO each; `subnets` exist at genesis.
pub fn new_test_ext(subnets: Vec<GenesisSubnet<AccountId, Balance>>) -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=4).map(|who| (who, 100_000 * TAO)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_dtao_subnets::GenesisConfig::<Test> { subnets }.assimilate_storage(&mut t).unwrap();
	sp_io::TestExternalities::new(t)
}

/// Runs `test` over the given genesis subnets, then checks every pallet's invariants and that
/// issuance is all in accounts.
pub fn build_and_execute(subnets: Vec<GenesisSubnet<AccountId, Balance>>, test: impl FnOnce()) {
	new_test_ext(subnets).execute_with(|| {
		test();
		Emission::do_try_state().expect("emission invariants hold");
		Staking::do_try_state().expect("staking invariants hold");
		Subnets::do_try_state().expect("subnets invariants hold");
		let accounts: Balance =
			frame_system::Account::<Test>::iter().map(|(_, a)| a.data.free + a.data.reserved).sum();
		assert_eq!(accounts, pallet_balances::TotalIssuance::<Test>::get());
	});
}

/// Runs blocks up to and including `n`, with the emission hook.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Emission::on_initialize(next);
	}
}

/// The events of this pallet deposited so far.
pub fn emission_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Emission(e) => Some(e),
			_ => None,
		})
		.collect()
}
