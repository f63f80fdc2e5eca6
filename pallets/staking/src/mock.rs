//! Test runtime for the staking pallet.

use crate as pallet_dtao_staking;
use core::cell::RefCell;
use dtao_primitives::{OnStakeChanged, StakeChange};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, VariantCountOf},
	weights::Weight,
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
	pub const RootDividendsId: frame_support::PalletId = frame_support::PalletId(*b"rootdivs");
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
	type RootDividendsId = RootDividendsId;
	type DefaultSwapFee = DefaultSwapFee;
	type MaxSwapFee = MaxSwapFee;
	type DefaultTaoWeight = DefaultTaoWeight;
	type MaxMinStake = ConstU64<{ 1_000 * TAO }>;
	type StakeObserver = RecordStakeChanges;
	type MaxPoolPayoutsPerBlock = ConstU32<2>;
	type RootStakeCooldown = frame_support::traits::ConstU64<5>;
	type WeightInfo = ();
}

thread_local! {
	/// Every root stake change told to the observer: (hotkey, before, after, total before,
	/// total after).
	pub static STAKE_CHANGES: RefCell<Vec<(AccountId, Balance, Balance, Balance, Balance)>> =
		const { RefCell::new(Vec::new()) };
}

/// Records what the staking pallet tells its observer.
pub struct RecordStakeChanges;

impl OnStakeChanged<AccountId, Balance> for RecordStakeChanges {
	fn on_stake_changed(c: StakeChange<'_, AccountId, Balance>) -> Weight {
		STAKE_CHANGES.with(|v| {
			v.borrow_mut().push((*c.hotkey, c.before, c.after, c.total_before, c.total_after))
		});
		Weight::from_parts(1, 0)
	}

	fn max_weight() -> Weight {
		Weight::from_parts(1, 0)
	}
}

/// The root stake changes the observer saw, emptying the record.
pub fn stake_changes() -> Vec<(AccountId, Balance, Balance, Balance, Balance)> {
	STAKE_CHANGES.with(|v| core::mem::take(&mut *v.borrow_mut()))
}

/// Runs `on_initialize` for the next block.
pub fn next_block() {
	use frame_support::traits::Hooks;
	let n = System::block_number() + 1;
	System::set_block_number(n);
	Staking::on_initialize(n);
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
