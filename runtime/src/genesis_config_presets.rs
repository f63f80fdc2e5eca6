//! Genesis presets.
//!
//! * `development`: one authority (Alice). The Triumvirate is Alice, Bob and Charlie. Dave,
//!   Eve and Ferdie (coldkeys) own the delegate hotkeys `//Dave//stash`, `//Eve//stash` and
//!   `//Ferdie//stash`, staked 30,000 / 20,000 / 10,000 TAO, which joined the Senate, so it is
//!   seated from the first block. Senate motions last 20 blocks, so a whole flow fits in a
//!   test. The economy has three subnets (see [`economy`]) with epochs every 10, 20 and 15
//!   blocks, so emission and epochs show within minutes.
//! * `local_testnet`: the same bodies and subnets with four authorities (Alice, Bob, Charlie,
//!   Dave: GRANDPA finalizes with one of them down, 3 of 4) and the reference periods: motions of 12 hours (3,600 blocks), seats refreshed and epochs every
//!   tempo (360 blocks).

use crate::{
	constants::currency::TAO, AccountId, Balance, BalancesConfig, GovernanceConfig,
	RuntimeGenesisConfig, StakingConfig, SubnetsConfig, TriumvirateConfig,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::Perbill;

/// What each endowed development account starts with.
pub const ENDOWMENT: Balance = 100_000 * TAO;

/// The genesis subnets, each with a 1,000 TAO lock:
///
/// | netuid | owner (and its hotkey) | validators (stake through the pool) | miners |
/// |---|---|---|---|
/// | 1 | `//One` | `//Alice//stash` 2,000 TAO, `//Bob//stash` 1,000 TAO | `//Charlie//stash`, `//Charlie` |
/// | 2 | `//Two` | `//Alice//stash` 500 TAO | `//Charlie//stash`, `//Charlie` |
/// | 3 | `//Eve` | `//Bob//stash` 3,000 TAO | `//Charlie//stash`, `//Charlie` |
///
/// Each validator's coldkey is the account without `//stash`; the miners are `//Charlie`'s.
/// On subnet 1 Alice's validator weighs the miners 3:1 and Bob's 1:1; on subnet 2 Alice's
/// weighs them 1:3; on subnet 3 Bob's weighs only `//Charlie//stash`. `tempos` are the
/// subnets' tempos (`None`: the default, 360).
pub fn economy(
	tempos: [Option<u16>; 3],
) -> Vec<pallet_dtao_subnets::GenesisSubnet<AccountId, Balance>> {
	use Sr25519Keyring::*;
	let miners = |c: u16, d: u16| vec![(3u16, c), (4u16, d)];
	let subnet = |owner: Sr25519Keyring,
	              tempo,
	              validators: Vec<(Sr25519Keyring, Sr25519Keyring, Balance)>,
	              weights: Vec<(u16, Vec<(u16, u16)>)>| {
		let mut neurons: Vec<(AccountId, AccountId, Balance)> = validators
			.into_iter()
			.map(|(coldkey, hotkey, stake)| {
				(coldkey.to_account_id(), hotkey.to_account_id(), stake)
			})
			.collect();
		neurons.push((Charlie.to_account_id(), CharlieStash.to_account_id(), 0));
		neurons.push((Charlie.to_account_id(), Charlie.to_account_id(), 0));
		pallet_dtao_subnets::GenesisSubnet {
			owner: owner.to_account_id(),
			owner_hotkey: owner.to_account_id(),
			lock: 1_000 * TAO,
			tempo,
			neurons,
			weights,
		}
	};
	vec![
		subnet(
			One,
			tempos[0],
			vec![(Alice, AliceStash, 2_000 * TAO), (Bob, BobStash, 1_000 * TAO)],
			vec![(1, miners(3, 1)), (2, miners(1, 1))],
		),
		subnet(
			Two,
			tempos[1],
			vec![(Alice, AliceStash, 500 * TAO)],
			vec![(1, vec![(2, 1), (3, 3)])],
		),
		subnet(Eve, tempos[2], vec![(Bob, BobStash, 3_000 * TAO)], vec![(1, vec![(2, 1)])]),
	]
}

/// The genesis senators: (coldkey, hotkey, stake).
fn senators() -> Vec<(AccountId, AccountId, Balance)> {
	vec![
		(
			Sr25519Keyring::Dave.to_account_id(),
			Sr25519Keyring::DaveStash.to_account_id(),
			30_000 * TAO,
		),
		(
			Sr25519Keyring::Eve.to_account_id(),
			Sr25519Keyring::EveStash.to_account_id(),
			20_000 * TAO,
		),
		(
			Sr25519Keyring::Ferdie.to_account_id(),
			Sr25519Keyring::FerdieStash.to_account_id(),
			10_000 * TAO,
		),
	]
}

fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	motion_duration: u32,
	refresh_interval: u32,
	tempos: [Option<u16>; 3],
) -> Value {
	let endowed: Vec<(AccountId, Balance)> =
		Sr25519Keyring::iter().map(|k| (k.to_account_id(), ENDOWMENT)).collect();
	let senators = senators();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities
				.iter()
				.map(|(_, grandpa)| (grandpa.clone(), 1))
				.collect::<Vec<_>>(),
		},
		triumvirate: TriumvirateConfig {
			members: vec![
				Sr25519Keyring::Alice.to_account_id(),
				Sr25519Keyring::Bob.to_account_id(),
				Sr25519Keyring::Charlie.to_account_id(),
			],
		},
		staking: StakingConfig {
			hotkeys: senators
				.iter()
				.map(|(coldkey, hotkey, stake)| pallet_dtao_staking::GenesisHotkey {
					hotkey: hotkey.clone(),
					coldkey: coldkey.clone(),
					delegate_take: Some(Perbill::from_percent(18)),
					stake: *stake,
				})
				.collect::<Vec<_>>(),
		},
		subnets: SubnetsConfig { subnets: economy(tempos) },
		governance: GovernanceConfig {
			senate_candidates: senators
				.iter()
				.map(|(_, hotkey, _)| hotkey.clone())
				.collect::<Vec<_>>(),
			senate_size: Some(12),
			motion_duration: Some(motion_duration),
			refresh_interval: Some(refresh_interval),
			min_turnout: None,
		},
	})
}

fn authority(key: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(key.public().into(), grandpa.public().into())
}

/// The `development` preset.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		20,
		360,
		[Some(10), Some(20), Some(15)],
	)
}

/// The `local_testnet` preset.
pub fn local_testnet_genesis() -> Value {
	genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			authority(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		3_600,
		360,
		[None; 3],
	)
}

/// The preset with `id`, as JSON bytes.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}
