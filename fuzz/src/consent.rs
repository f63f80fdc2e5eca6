//! No privileged change without consent: the governed values of every pallet, the
//! Triumvirate, the authorized upgrade and `:code` may change only in a block where an approved
//! Senate motion was closed (and only as its call says) or a referendum was enacted.

use codec::Encode;
use dtao_runtime::{Runtime, RuntimeCall, RuntimeEvent, SenateInstance, System};
use sp_core::H256;
use std::collections::{BTreeMap, BTreeSet};

/// Governed values by name, SCALE-encoded.
pub type Snapshot = BTreeMap<String, Vec<u8>>;

/// What the fuzzer keeps to judge consent: the calls of every Senate motion it saw opened.
#[derive(Default)]
pub struct Consent {
	proposals: BTreeMap<H256, RuntimeCall>,
}

impl Consent {
	/// Every governed value now.
	pub fn snapshot(&self) -> Snapshot {
		let mut s = Snapshot::new();
		let mut put = |k: &str, v: Vec<u8>| {
			s.insert(k.to_string(), v);
		};
		use pallet_dtao_governance as g;
		put("Governance.SenateSize", g::SenateSize::<Runtime>::get().encode());
		put("Governance.SenateMinStakeShare", g::SenateMinStakeShare::<Runtime>::get().encode());
		put(
			"Governance.SenateRefreshInterval",
			g::SenateRefreshInterval::<Runtime>::get().encode(),
		);
		put("Governance.MotionDuration", g::MotionDuration::<Runtime>::get().encode());
		put("Governance.MinTurnout", g::MinTurnout::<Runtime>::get().encode());
		use pallet_dtao_staking as st;
		put("Staking.MinStake", st::MinStake::<Runtime>::get().encode());
		put("Staking.MaxDelegateTake", st::MaxDelegateTake::<Runtime>::get().encode());
		put("Staking.SwapFee", st::SwapFee::<Runtime>::get().encode());
		put("Staking.TaoWeight", st::TaoWeight::<Runtime>::get().encode());
		use pallet_dtao_subnets as su;
		put("Subnets.SubnetLimit", su::SubnetLimit::<Runtime>::get().encode());
		put("Subnets.NetworkMinLock", su::NetworkMinLock::<Runtime>::get().encode());
		put("Subnets.LockReductionInterval", su::LockReductionInterval::<Runtime>::get().encode());
		for (netuid, p) in su::SubnetHyperparams::<Runtime>::iter() {
			// The fields only governance may set, and the bonds' average beyond the owners' cap.
			put(&format!("Subnets.Exists[{netuid}]"), true.encode());
			put(&format!("Subnets.Tempo[{netuid}]"), p.tempo.encode());
			put(&format!("Subnets.MaxValidators[{netuid}]"), p.max_validators.encode());
			put(&format!("Subnets.Kappa[{netuid}]"), p.kappa.encode());
			put(&format!("Subnets.RegistrationAllowed[{netuid}]"), p.registration_allowed.encode());
			put(&format!("Subnets.WeightsRateLimit[{netuid}]"), p.weights_rate_limit.encode());
			let beyond_owner = p.bonds_moving_average > su::OWNER_MAX_BONDS_MOVING_AVERAGE;
			put(&format!("Subnets.BondsBeyondOwnerCap[{netuid}]"), beyond_owner.encode());
		}
		use pallet_dtao_emission as e;
		put("Emission.SubnetOwnerCut", e::SubnetOwnerCut::<Runtime>::get().encode());
		put("Emission.PriceSmoothing", e::PriceSmoothing::<Runtime>::get().encode());
		put(
			"Triumvirate.Members",
			pallet_collective::Members::<Runtime, dtao_runtime::TriumvirateInstance>::get()
				.encode(),
		);
		put(
			"Triumvirate.Prime",
			pallet_collective::Prime::<Runtime, dtao_runtime::TriumvirateInstance>::get().encode(),
		);
		if let Some(authorized) = System::authorized_upgrade() {
			put("System.AuthorizedUpgrade", authorized.code_hash().encode());
		}
		let code = sp_io::storage::get(sp_core::storage::well_known_keys::CODE)
			.map(|c| sp_io::hashing::blake2_256(&c))
			.unwrap_or_default();
		put(":code", code.encode());
		s
	}

	/// Notes the calls of the Senate's open motions (after each extrinsic, so that a motion
	/// opened and closed in one block is known).
	pub fn record_proposals(&mut self) {
		for hash in pallet_collective::Proposals::<Runtime, SenateInstance>::get() {
			if let Some(call) = pallet_collective::ProposalOf::<Runtime, SenateInstance>::get(hash)
			{
				self.proposals.insert(hash, call);
			}
		}
	}

	/// The governed values this block's events consent to change, with the value each may
	/// take when the call says it; `None` when a referendum was enacted (Root may change
	/// anything).
	pub fn consented(&self) -> Option<BTreeMap<String, BTreeSet<Option<Vec<u8>>>>> {
		let mut allowed: BTreeMap<String, BTreeSet<Option<Vec<u8>>>> = BTreeMap::new();
		for record in System::events() {
			match record.event {
				RuntimeEvent::Senate(pallet_collective::Event::Executed {
					proposal_hash,
					result: Ok(()),
				}) => {
					let Some(call) = self.proposals.get(&proposal_hash) else { continue };
					for (key, value) in touches(call) {
						allowed.entry(key).or_default().insert(value);
					}
				}
				RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched {
					result: Ok(()),
					..
				}) => return None,
				_ => {}
			}
		}
		Some(allowed)
	}
}

/// The governed values `call` changes, each with the value it sets when the call names one.
pub fn touches(call: &RuntimeCall) -> Vec<(String, Option<Vec<u8>>)> {
	use pallet_dtao_emission::Call as E;
	use pallet_dtao_governance::Call as G;
	use pallet_dtao_staking::Call as St;
	use pallet_dtao_subnets::{Call as Su, Hyperparameter as H};
	let one = |k: &str, v: Vec<u8>| vec![(k.to_string(), Some(v))];
	match call {
		RuntimeCall::Staking(St::set_min_stake { amount }) => {
			one("Staking.MinStake", amount.encode())
		}
		RuntimeCall::Staking(St::set_max_delegate_take { take }) => {
			one("Staking.MaxDelegateTake", take.encode())
		}
		RuntimeCall::Staking(St::set_swap_fee { fee }) => one("Staking.SwapFee", fee.encode()),
		RuntimeCall::Staking(St::set_tao_weight { weight }) => {
			one("Staking.TaoWeight", weight.encode())
		}
		RuntimeCall::Governance(G::set_senate_size { size }) => {
			one("Governance.SenateSize", size.encode())
		}
		RuntimeCall::Governance(G::set_min_stake_share { share }) => {
			one("Governance.SenateMinStakeShare", share.encode())
		}
		RuntimeCall::Governance(G::set_refresh_interval { interval }) => {
			one("Governance.SenateRefreshInterval", interval.encode())
		}
		RuntimeCall::Governance(G::set_motion_duration { duration }) => {
			one("Governance.MotionDuration", duration.encode())
		}
		RuntimeCall::Governance(G::set_min_turnout { turnout }) => {
			one("Governance.MinTurnout", turnout.encode())
		}
		RuntimeCall::Governance(G::set_triumvirate { members }) => {
			let mut sorted = members.clone().into_inner();
			sorted.sort();
			sorted.dedup();
			vec![("Triumvirate.Members".into(), Some(sorted.encode()))]
		}
		RuntimeCall::Governance(G::authorize_upgrade { code_hash }) => {
			one("System.AuthorizedUpgrade", code_hash.encode())
		}
		RuntimeCall::Subnets(Su::set_subnet_limit { limit }) => {
			one("Subnets.SubnetLimit", limit.encode())
		}
		RuntimeCall::Subnets(Su::set_network_min_lock { amount }) => {
			one("Subnets.NetworkMinLock", amount.encode())
		}
		RuntimeCall::Subnets(Su::set_lock_reduction_interval { interval }) => {
			one("Subnets.LockReductionInterval", interval.encode())
		}
		RuntimeCall::Subnets(Su::dissolve_network { netuid }) => {
			// Everything of the subnet goes.
			[
				"Exists",
				"Tempo",
				"MaxValidators",
				"Kappa",
				"RegistrationAllowed",
				"WeightsRateLimit",
				"BondsBeyondOwnerCap",
			]
			.iter()
			.map(|f| (format!("Subnets.{f}[{netuid}]"), None))
			.collect()
		}
		RuntimeCall::Subnets(Su::set_hyperparameter_governed { netuid, value }) => {
			let (field, v) = match value {
				H::Tempo(v) => ("Tempo", v.encode()),
				H::MaxValidators(v) => ("MaxValidators", v.encode()),
				H::Kappa(v) => ("Kappa", v.encode()),
				H::RegistrationAllowed(v) => ("RegistrationAllowed", v.encode()),
				H::WeightsRateLimit(v) => ("WeightsRateLimit", v.encode()),
				H::BondsMovingAverage(v) => (
					"BondsBeyondOwnerCap",
					(*v > pallet_dtao_subnets::OWNER_MAX_BONDS_MOVING_AVERAGE).encode(),
				),
				_ => return vec![],
			};
			one(&format!("Subnets.{field}[{netuid}]"), v)
		}
		RuntimeCall::Emission(E::set_subnet_owner_cut { cut }) => {
			one("Emission.SubnetOwnerCut", cut.encode())
		}
		RuntimeCall::Emission(E::set_price_smoothing { smoothing }) => {
			one("Emission.PriceSmoothing", smoothing.encode())
		}
		RuntimeCall::Utility(pallet_utility::Call::batch { calls })
		| RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
		| RuntimeCall::Utility(pallet_utility::Call::force_batch { calls }) => {
			calls.iter().flat_map(touches).collect()
		}
		_ => vec![],
	}
}
