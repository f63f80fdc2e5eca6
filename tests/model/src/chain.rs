//! The system under test: the real runtime, natively, on the development genesis without its
//! subnets. Runs each resolved step as the extrinsic(s) a user would send and reads back what
//! the model predicts.

use crate::model::{Acc, Call, Expect, Hot, Model, Plan, Proposal, TAO};
use codec::Encode;
use dtao_runtime::{
	AccountId, BlockNumber, Democracy, Emission, Governance, Runtime, RuntimeCall, RuntimeError,
	RuntimeEvent, RuntimeOrigin, Scheduler, Senate, Staking, System,
};
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{OnFinalize, OnInitialize, SortedMembers},
	BoundedVec,
};
use pallet_dtao_governance::Motions;
use sp_core::{storage::Storage, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{BlakeTwo256, Dispatchable, Hash},
	DispatchError, Perbill,
};
use std::collections::{BTreeMap, BTreeSet};

/// The account of each coldkey.
pub fn coldkey(a: Acc) -> AccountId {
	let k = match a {
		Acc::Alice => Sr25519Keyring::Alice,
		Acc::Bob => Sr25519Keyring::Bob,
		Acc::Charlie => Sr25519Keyring::Charlie,
		Acc::Dave => Sr25519Keyring::Dave,
		Acc::Eve => Sr25519Keyring::Eve,
		Acc::Ferdie => Sr25519Keyring::Ferdie,
		Acc::One => Sr25519Keyring::One,
		Acc::Two => Sr25519Keyring::Two,
	};
	k.to_account_id()
}

/// The account of each hotkey.
pub fn hotkey(h: Hot) -> AccountId {
	match h {
		Hot::DaveStash => Sr25519Keyring::DaveStash.to_account_id(),
		Hot::EveStash => Sr25519Keyring::EveStash.to_account_id(),
		Hot::FerdieStash => Sr25519Keyring::FerdieStash.to_account_id(),
		Hot::Whale1 => AccountId::new([0xa1; 32]),
		Hot::Whale2 => AccountId::new([0xa2; 32]),
		Hot::Newcomer => AccountId::new([0xb1; 32]),
		Hot::Dave2 => AccountId::new([0xd2; 32]),
		Hot::Triumvir => AccountId::new([0xe1; 32]),
	}
}

/// Every hotkey's account id, as the model orders them.
pub fn ids() -> BTreeMap<Hot, [u8; 32]> {
	Hot::ALL.iter().map(|h| (*h, hotkey(*h).into())).collect()
}

/// The development genesis without its subnets (whose emission the governance rules do not
/// touch), built once.
pub fn genesis() -> Storage {
	let mut patch = dtao_runtime::genesis_config_presets::development_config_genesis();
	patch["subnets"] = serde_json::json!({ "subnets": [] });
	dtao_runtime::genesis_storage(patch).expect("the development genesis builds")
}

/// The runtime call a proposal stands for.
pub fn proposal_call(p: &Proposal) -> RuntimeCall {
	use pallet_dtao_governance::Call as G;
	match p {
		Proposal::MinStake(t) => {
			RuntimeCall::Staking(pallet_dtao_staking::Call::set_min_stake { amount: t * TAO })
		}
		Proposal::MotionDuration(d) => {
			RuntimeCall::Governance(G::set_motion_duration { duration: *d })
		}
		Proposal::RefreshInterval(i) => {
			RuntimeCall::Governance(G::set_refresh_interval { interval: *i })
		}
		Proposal::SenateSize(s) => RuntimeCall::Governance(G::set_senate_size { size: *s }),
		Proposal::MinStakeShare(p) => {
			RuntimeCall::Governance(G::set_min_stake_share { share: Perbill::from_parts(*p) })
		}
		Proposal::Triumvirate(m) => RuntimeCall::Governance(G::set_triumvirate {
			members: BoundedVec::truncate_from(m.iter().map(|a| coldkey(*a)).collect()),
		}),
		Proposal::Upgrade(n) => {
			RuntimeCall::Governance(G::authorize_upgrade { code_hash: H256::repeat_byte(*n) })
		}
		Proposal::Disapprove(target) => RuntimeCall::Governance(G::disapprove_motion {
			proposal_hash: BlakeTwo256::hash_of(&proposal_call(target)),
		}),
	}
}

/// The runtime call of a step's call.
fn runtime_call(call: &Call) -> RuntimeCall {
	use pallet_dtao_governance::Call as G;
	use pallet_dtao_staking::Call as S;
	match call {
		Call::Propose(p) => {
			let proposal = proposal_call(p);
			let length_bound = proposal.encoded_size() as u32;
			RuntimeCall::Governance(G::propose { proposal: Box::new(proposal), length_bound })
		}
		Call::Vote { hotkey: h, proposal, index, aye } => RuntimeCall::Governance(G::vote {
			hotkey: hotkey(*h),
			proposal: BlakeTwo256::hash_of(&proposal_call(proposal)),
			index: *index,
			approve: *aye,
		}),
		Call::Close { proposal, index } => {
			let inner = proposal_call(proposal);
			RuntimeCall::Governance(G::close {
				proposal_hash: BlakeTwo256::hash_of(&inner),
				index: *index,
				proposal_weight_bound: inner.get_dispatch_info().call_weight,
				length_bound: inner.encoded_size() as u32,
			})
		}
		Call::Stake { hotkey: h, amount } => {
			RuntimeCall::Staking(S::add_stake { hotkey: hotkey(*h), netuid: 0, amount: *amount })
		}
		Call::Unstake { hotkey: h, amount } => {
			RuntimeCall::Staking(S::remove_stake { hotkey: hotkey(*h), netuid: 0, amount: *amount })
		}
		Call::Move { from, to, amount } => RuntimeCall::Staking(S::move_stake {
			from_hotkey: hotkey(*from),
			to_hotkey: hotkey(*to),
			from_netuid: 0,
			to_netuid: 0,
			amount: *amount,
		}),
		Call::Join(h) => RuntimeCall::Governance(G::join_senate { hotkey: hotkey(*h) }),
		Call::Leave(h) => RuntimeCall::Governance(G::leave_senate { hotkey: hotkey(*h) }),
	}
}

/// An error's name: the pallet error's variant, or the kind of dispatch error.
pub fn error_name(e: DispatchError) -> String {
	match e {
		DispatchError::Module(m) => match m.message {
			Some(message) => message.to_string(),
			None => {
				// Decoded from an event, the message is gone: ask the runtime's error enum.
				let debug = format!("{:?}", RuntimeError::from_dispatch_error(e));
				debug
					.rsplit('(')
					.next()
					.map(|s| s.trim_end_matches(')').to_string())
					.unwrap_or(debug)
			}
		},
		DispatchError::BadOrigin => "BadOrigin".into(),
		DispatchError::Other(s) => s.into(),
		other => format!("{other:?}"),
	}
}

/// The runtime, natively.
pub struct Chain {
	ext: sp_io::TestExternalities,
}

impl Chain {
	/// A chain at block 1 of `genesis`, with the model's fresh hotkeys registered as delegates
	/// of their coldkeys.
	pub fn new(genesis: &Storage) -> Self {
		let mut ext = sp_io::TestExternalities::new(genesis.clone());
		ext.execute_with(|| {
			System::set_block_number(1);
			for h in [Hot::Whale1, Hot::Whale2, Hot::Newcomer, Hot::Dave2, Hot::Triumvir] {
				let origin = RuntimeOrigin::signed(coldkey(h.owner()));
				Staking::register_hotkey(origin.clone(), hotkey(h)).expect("a fresh hotkey");
				Staking::become_delegate(origin, hotkey(h), None).expect("its owner");
			}
		});
		Chain { ext }
	}

	/// Runs the block hooks up to block `n`, in the runtime's pallet order.
	fn run_to_block(n: BlockNumber) {
		type Hooked = (System, Scheduler, Staking, Emission, Governance, Democracy);
		while System::block_number() < n {
			let now = System::block_number();
			<Hooked as OnFinalize<BlockNumber>>::on_finalize(now);
			System::set_block_number(now + 1);
			System::reset_events();
			<Hooked as OnInitialize<BlockNumber>>::on_initialize(now + 1);
		}
	}

	/// Runs `plan` and checks it did what `expect` says; then compares the state with `model`.
	pub fn check(&mut self, plan: &Plan, expect: &Expect, model: &Model) -> Result<(), String> {
		self.ext.execute_with(|| {
			System::reset_events();
			let outcome = match plan {
				Plan::AdvanceTo(n) => {
					Self::run_to_block(*n);
					Outcome::Ok
				}
				Plan::Call { by, call } => {
					let result = runtime_call(call)
						.dispatch(RuntimeOrigin::signed(coldkey(*by)))
						.map_err(|e| error_name(e.error));
					match (result, call) {
						(Ok(_), Call::Close { proposal, .. }) => Outcome::Closed(closed(proposal)),
						(Ok(_), _) => Outcome::Ok,
						(Err(e), _) => Outcome::Err(e),
					}
				}
				Plan::Batch { by, atomic, calls } => {
					let calls = calls.iter().map(runtime_call).collect();
					let batch = if *atomic {
						RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
					} else {
						RuntimeCall::Utility(pallet_utility::Call::batch { calls })
					};
					match batch.dispatch(RuntimeOrigin::signed(coldkey(*by))) {
						Err(e) => Outcome::Err(error_name(e.error)),
						Ok(_) if *atomic => Outcome::Ok,
						Ok(_) => Outcome::Interrupted(interrupted()),
					}
				}
			};
			outcome.matches(expect)?;
			compare(model)?;
			pallet_dtao_governance::Pallet::<Runtime>::do_try_state()
				.map_err(|e| format!("governance invariants: {e:?}"))?;
			pallet_dtao_staking::Pallet::<Runtime>::do_try_state()
				.map_err(|e| format!("staking invariants: {e:?}"))
		})
	}
}

/// What the runtime did.
#[derive(Debug)]
enum Outcome {
	Ok,
	Err(String),
	Interrupted(Option<(u32, String)>),
	Closed(Option<Result<(), String>>),
}

impl Outcome {
	fn matches(&self, expect: &Expect) -> Result<(), String> {
		let among = |name: &String, names: &[&'static str]| names.iter().any(|n| n == name);
		let ok = match (self, expect) {
			(Outcome::Ok, Expect::Ok) => true,
			(Outcome::Err(e), Expect::Err(names)) => among(e, names),
			(Outcome::Interrupted(None), Expect::Interrupted(None)) => true,
			(Outcome::Interrupted(Some((i, e))), Expect::Interrupted(Some((j, names)))) => {
				i == j && among(e, names)
			}
			(Outcome::Closed(None), Expect::Closed(None)) => true,
			(Outcome::Closed(Some(Ok(()))), Expect::Closed(Some(Ok(())))) => true,
			(Outcome::Closed(Some(Err(e))), Expect::Closed(Some(Err(names)))) => among(e, names),
			_ => false,
		};
		if ok {
			Ok(())
		} else {
			Err(format!("the runtime did {self:?}, the model expected {expect:?}"))
		}
	}
}

/// How the close of the motion carrying `proposal` ended, from the Senate's events.
fn closed(proposal: &Proposal) -> Option<Result<(), String>> {
	let hash = BlakeTwo256::hash_of(&proposal_call(proposal));
	System::events().into_iter().find_map(|r| match r.event {
		RuntimeEvent::Senate(pallet_collective::Event::Executed { proposal_hash, result })
			if proposal_hash == hash =>
		{
			Some(result.map_err(error_name))
		}
		_ => None,
	})
}

/// Where a non-atomic batch stopped, from Utility's events.
fn interrupted() -> Option<(u32, String)> {
	System::events().into_iter().find_map(|r| match r.event {
		RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted { index, error }) => {
			Some((index, error_name(error)))
		}
		_ => None,
	})
}

fn hot_of(account: &AccountId) -> Result<Hot, String> {
	Hot::ALL
		.iter()
		.copied()
		.find(|h| &hotkey(*h) == account)
		.ok_or_else(|| format!("an account the model does not know holds a seat: {account}"))
}

/// Compares the runtime's state with the model's: seats, candidates, every open motion, the
/// governed values, the Triumvirate, the authorized upgrade and every lasting stake.
fn compare(model: &Model) -> Result<(), String> {
	let differ = |what: &str, runtime: String, model: String| {
		Err(format!("{what}: the runtime has {runtime}, the model {model}"))
	};
	let seats = <Senate as Motions<_, _, _, _>>::members()
		.iter()
		.map(hot_of)
		.collect::<Result<BTreeSet<_>, _>>()?;
	if seats != model.seats {
		return differ("seats", format!("{seats:?}"), format!("{:?}", model.seats));
	}
	let candidates = pallet_dtao_governance::Candidates::<Runtime>::get()
		.iter()
		.map(hot_of)
		.collect::<Result<Vec<_>, _>>()?;
	if candidates != model.candidates {
		return differ("candidates", format!("{candidates:?}"), format!("{:?}", model.candidates));
	}
	let open = <Senate as Motions<_, _, _, _>>::proposals();
	if open.len() != model.motions.len() {
		return differ("open motions", open.len().to_string(), model.motions.len().to_string());
	}
	for m in &model.motions {
		let hash = BlakeTwo256::hash_of(&proposal_call(&m.proposal));
		let votes = <Senate as Motions<_, _, _, _>>::voting(&hash)
			.ok_or_else(|| format!("the motion carrying {:?} is not open", m.proposal))?;
		let set = |v: &[AccountId]| v.iter().map(hot_of).collect::<Result<BTreeSet<_>, _>>();
		let runtime =
			(votes.index, votes.threshold, set(&votes.ayes)?, set(&votes.nays)?, votes.end);
		let expected = (m.index, m.threshold, m.ayes.clone(), m.nays.clone(), m.end);
		if runtime != expected {
			return differ(
				&format!(
					"the motion carrying {:?} (index, threshold, ayes, nays, end)",
					m.proposal
				),
				format!("{runtime:?}"),
				format!("{expected:?}"),
			);
		}
		let voters = pallet_dtao_governance::OpenMotions::<Runtime>::get(hash)
			.map(|o| set(&o.voters))
			.transpose()?
			.unwrap_or_default();
		if voters != m.voters {
			return differ(
				&format!("the voters of {:?}", m.proposal),
				format!("{voters:?}"),
				format!("{:?}", m.voters),
			);
		}
	}
	let params = (
		pallet_dtao_governance::MotionDuration::<Runtime>::get(),
		pallet_dtao_governance::SenateRefreshInterval::<Runtime>::get(),
		pallet_dtao_governance::SenateSize::<Runtime>::get(),
		pallet_dtao_governance::SenateMinStakeShare::<Runtime>::get().deconstruct(),
		pallet_dtao_staking::MinStake::<Runtime>::get(),
	);
	let p = &model.params;
	let expected =
		(p.motion_duration, p.refresh_interval, p.senate_size, p.min_stake_share, p.min_stake);
	if params != expected {
		return differ(
			"governed values (duration, interval, size, share, min stake)",
			format!("{params:?}"),
			format!("{expected:?}"),
		);
	}
	let triumvirs: BTreeSet<AccountId> = pallet_dtao_governance::CollectiveMembers::<
		Runtime,
		dtao_runtime::TriumvirateInstance,
	>::sorted_members()
	.into_iter()
	.collect();
	let expected: BTreeSet<AccountId> = model.triumvirs.iter().map(|a| coldkey(*a)).collect();
	if triumvirs != expected {
		return differ("triumvirs", format!("{triumvirs:?}"), format!("{expected:?}"));
	}
	let upgrade = System::authorized_upgrade().map(|a| *a.code_hash());
	let expected = model.upgrade.map(H256::repeat_byte);
	if upgrade != expected {
		return differ("authorized upgrade", format!("{upgrade:?}"), format!("{expected:?}"));
	}
	for h in Hot::ALL {
		let lasting = Governance::lasting_stake(&hotkey(h));
		if lasting != model.lasting(h) {
			return differ(
				&format!("lasting stake of {h:?}"),
				lasting.to_string(),
				model.lasting(h).to_string(),
			);
		}
	}
	Ok(())
}
