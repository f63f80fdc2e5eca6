//! What the [`DtaoApi`](dtao_primitives::api::DtaoApi) returns: subnets, metagraphs and stake,
//! gathered from the staking, subnets and emission pallets.

use crate::{AccountId, Balance, Emission, Runtime, Staking, Subnets, System};
use alloc::vec::Vec;
use dtao_primitives::{
	api::{NeuronInfo, StakeInfo, SubnetInfo},
	NetUid, SubnetNeurons, SubnetPools, ROOT_NETUID,
};
use sp_runtime::{FixedPointNumber, Perbill};

/// One subnet.
pub fn subnet(netuid: NetUid) -> Option<SubnetInfo<AccountId, Balance>> {
	let hyperparams = Subnets::hyperparams(netuid)?;
	let now = System::block_number();
	Some(SubnetInfo {
		netuid,
		owner: Subnets::owner(netuid)?,
		owner_hotkey: pallet_dtao_subnets::SubnetOwnerHotkey::<Runtime>::get(netuid)?,
		locked: pallet_dtao_subnets::SubnetLocked::<Runtime>::get(netuid),
		tao_in: pallet_dtao_staking::SubnetTao::<Runtime>::get(netuid).unwrap_or_default(),
		alpha_in: pallet_dtao_staking::SubnetAlphaIn::<Runtime>::get(netuid),
		alpha_out: pallet_dtao_staking::SubnetAlphaOut::<Runtime>::get(netuid),
		price: <Staking as SubnetPools<_, _>>::spot_price(netuid),
		moving_price: pallet_dtao_emission::MovingPrice::<Runtime>::get(netuid),
		pending_emission: pallet_dtao_emission::PendingEmission::<Runtime>::get(netuid)
			.saturating_add(pallet_dtao_emission::PendingOwnerCut::<Runtime>::get(netuid)),
		neurons: pallet_dtao_subnets::SubnetworkN::<Runtime>::get(netuid),
		burn: Subnets::burn(netuid),
		blocks_until_epoch: Emission::blocks_until_epoch(netuid, hyperparams.tempo, now),
		hyperparams,
	})
}

/// Every subnet.
pub fn subnets() -> Vec<SubnetInfo<AccountId, Balance>> {
	<Subnets as SubnetNeurons<_, _>>::subnets().into_iter().filter_map(subnet).collect()
}

/// The metagraph of one subnet.
pub fn metagraph(netuid: NetUid) -> Option<Vec<NeuronInfo<AccountId, Balance>>> {
	if !Subnets::exists(netuid) {
		return None;
	}
	let at = |v: &[Perbill], uid: u16| v.get(usize::from(uid)).copied().unwrap_or_default();
	let incentive = pallet_dtao_emission::Incentive::<Runtime>::get(netuid);
	let dividends = pallet_dtao_emission::Dividends::<Runtime>::get(netuid);
	let consensus = pallet_dtao_emission::Consensus::<Runtime>::get(netuid);
	let trust = pallet_dtao_emission::Trust::<Runtime>::get(netuid);
	let validator_trust = pallet_dtao_emission::ValidatorTrust::<Runtime>::get(netuid);
	let n = pallet_dtao_subnets::SubnetworkN::<Runtime>::get(netuid);
	Some(
		(0..n)
			.filter_map(|uid| {
				let hotkey = pallet_dtao_subnets::Keys::<Runtime>::get(netuid, uid)?;
				let state = pallet_dtao_subnets::Neurons::<Runtime>::get(netuid, uid)?;
				Some(NeuronInfo {
					uid,
					coldkey: Staking::owner_of(&hotkey)?,
					alpha_stake: pallet_dtao_staking::TotalHotkeyAlpha::<Runtime>::get(
						netuid, &hotkey,
					),
					root_stake: Staking::hotkey_stake(&hotkey),
					stake_weight: <Staking as SubnetPools<_, _>>::stake_weight(&hotkey, netuid),
					incentive: at(&incentive, uid),
					dividends: at(&dividends, uid),
					consensus: at(&consensus, uid),
					trust: at(&trust, uid),
					validator_trust: at(&validator_trust, uid),
					validator_permit: state.validator_permit,
					emission: state.emission,
					registered_at: state.registered_at.into(),
					last_update: state.last_update.into(),
					hotkey,
				})
			})
			.collect(),
	)
}

/// Every stake position of `coldkey`: root, then each subnet's.
pub fn stake_of(coldkey: AccountId) -> Vec<StakeInfo<AccountId, Balance>> {
	let mut out: Vec<StakeInfo<AccountId, Balance>> = pallet_dtao_staking::Stake::<Runtime>::iter()
		.filter(|(_, c, _)| *c == coldkey)
		.map(|(hotkey, _, stake)| StakeInfo {
			hotkey,
			netuid: ROOT_NETUID,
			stake,
			tao_value: stake,
		})
		.collect();
	for ((netuid, hotkey, c), _) in pallet_dtao_staking::AlphaShares::<Runtime>::iter() {
		if c != coldkey {
			continue;
		}
		let stake = Staking::alpha_of(netuid, &hotkey, &coldkey);
		let price = <Staking as SubnetPools<_, _>>::spot_price(netuid);
		out.push(StakeInfo { hotkey, netuid, stake, tao_value: price.saturating_mul_int(stake) });
	}
	out.sort_by_key(|s| s.netuid);
	out
}
