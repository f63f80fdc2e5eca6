//! What the runtime tests share: the development chain, blocks, and the governance flow.

#![allow(dead_code)]

use codec::Encode;
use dtao_runtime::{
	governance::SenateInstance, AccountId, Balance, BlockNumber, Democracy, Emission, Governance,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
};
use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	traits::{OnFinalize, OnInitialize},
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	DispatchError,
};

pub fn id(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

pub fn signed(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(id(k))
}

/// The `development` genesis, at block 1.
pub fn development_externalities() -> sp_io::TestExternalities {
	let storage = dtao_runtime::preset_storage("development").expect("development preset builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on the `development` genesis, at block 1; checks the pallets' invariants
/// afterwards.
pub fn on_development_chain(test: impl FnOnce()) {
	development_externalities().execute_with(|| {
		test();
		pallet_dtao_governance::Pallet::<Runtime>::do_try_state().expect("governance invariants");
		pallet_dtao_staking::Pallet::<Runtime>::do_try_state().expect("staking invariants");
		pallet_dtao_subnets::Pallet::<Runtime>::do_try_state().expect("subnets invariants");
		pallet_dtao_emission::Pallet::<Runtime>::do_try_state().expect("emission invariants");
		// All TAO is in accounts (free or held), the pools' accounts among them.
		let accounts: Balance = frame_system::Account::<Runtime>::iter()
			.map(|(_, a)| a.data.free + a.data.reserved)
			.sum();
		assert_eq!(accounts, pallet_balances::TotalIssuance::<Runtime>::get(), "issuance");
		// With try-runtime, every pallet's invariants (the collectives' among them).
		#[cfg(feature = "try-runtime")]
		{
			use frame_support::traits::{TryState, TryStateSelect};
			dtao_runtime::AllPalletsWithSystem::try_state(
				System::block_number(),
				TryStateSelect::All,
			)
			.expect("all pallets' invariants");
		}
	});
}

/// Runs the block hooks that matter here up to block `n`, in the runtime's pallet order.
pub fn run_to_block(n: BlockNumber) {
	type Hooked =
		(System, dtao_runtime::Scheduler, dtao_runtime::Staking, Emission, Governance, Democracy);
	while System::block_number() < n {
		let now = System::block_number();
		<Hooked as OnFinalize<BlockNumber>>::on_finalize(now);
		System::set_block_number(now + 1);
		System::reset_events();
		<Hooked as OnInitialize<BlockNumber>>::on_initialize(now + 1);
	}
}

pub fn min_stake() -> Balance {
	pallet_dtao_staking::MinStake::<Runtime>::get()
}

pub fn set_min_stake(amount: Balance) -> RuntimeCall {
	RuntimeCall::Staking(pallet_dtao_staking::Call::set_min_stake { amount })
}

/// A motion opened by a triumvir.
pub struct Motion {
	pub call: RuntimeCall,
	pub hash: H256,
	pub index: u32,
}

pub fn propose(by: Sr25519Keyring, call: RuntimeCall) -> Motion {
	let hash = BlakeTwo256::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, SenateInstance>::get();
	assert_ok!(Governance::propose(signed(by), Box::new(call.clone()), call.encoded_size() as u32));
	Motion { call, hash, index }
}

pub fn vote(coldkey: Sr25519Keyring, hotkey: Sr25519Keyring, m: &Motion, approve: bool) {
	assert_ok!(Governance::vote(signed(coldkey), id(hotkey), m.hash, m.index, approve));
}

pub fn close(
	by: Sr25519Keyring,
	m: &Motion,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Governance::close(
		signed(by),
		m.hash,
		m.index,
		m.call.get_dispatch_info().call_weight,
		m.call.encoded_size() as u32,
	)
}

/// Proposes `call`, has Dave and Eve approve it and Alice close it.
pub fn ratify(call: RuntimeCall) -> Motion {
	let m = propose(Alice, call);
	vote(Dave, DaveStash, &m, true);
	vote(Eve, EveStash, &m, true);
	assert_ok!(close(Alice, &m));
	m
}

pub fn senate_events() -> Vec<pallet_collective::Event<Runtime, SenateInstance>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Senate(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn executed(m: &Motion) -> Option<Result<(), DispatchError>> {
	senate_events().into_iter().find_map(|e| match e {
		pallet_collective::Event::Executed { proposal_hash, result } if proposal_hash == m.hash => {
			Some(result)
		}
		_ => None,
	})
}
