//! Test runtime for the staking pallet.

use crate as pallet_dtao_staking;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU64, VariantCountOf},
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
	pub const DefaultTake: Perbill = Perbill::from_percent(18);
	pub const PoolsPalletId: PalletId = PalletId(*b"dtao/snt");
	pub const DefaultSwapFee: Perbill = Perbill::from_parts(500_000);
	pub const MaxSwapFee: Perbill = Perbill::from_percent(1);
	pub const DefaultTaoWeight: Perbill = Perbill::from_percent(18);
}

impl pallet_dtao_staking::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type DefaultTake = DefaultTake;
	type DefaultMinStake = ConstU64<TAO>;
	type PalletId = PoolsPalletId;
	type DefaultSwapFee = DefaultSwapFee;
	type MaxSwapFee = MaxSwapFee;
	type DefaultTaoWeight = DefaultTaoWeight;
	type WeightInfo = ();
}

/// Coldkeys 1..=4 hold 1,000 TAO each; hotkey 10 is owned by coldkey 1 and is a delegate.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=4).map(|who| (who, 1_000 * TAO)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_dtao_staking::GenesisConfig::<Test> {
		hotkeys: vec![crate::GenesisHotkey {
			hotkey: 10,
			coldkey: 1,
			delegate_take: Some(Perbill::from_percent(18)),
			stake: 0,
		}],
		min_stake: None,
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
		Staking::do_try_state().expect("staking invariants hold");
	});
}

/// The events of this pallet deposited so far.
pub fn staking_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Staking(e) => Some(e),
			_ => None,
		})
		.collect()
}
