//! The economy on the real runtime (natively), from the `development` genesis: emission,
//! epochs and their payouts over several tempos, and which origins may change each economic
//! parameter.

mod common;

use common::*;
use dtao_primitives::api::NeuronInfo;
use dtao_runtime::{
	constants::currency::TAO, economy, AccountId, Balance, Emission, Runtime, RuntimeCall,
	RuntimeOrigin, Staking, Subnets, System,
};
use frame_support::assert_ok;
use pallet_dtao_subnets::Hyperparameter;
use sp_keyring::Sr25519Keyring::*;
use sp_runtime::{traits::Dispatchable, DispatchError, Perbill};

fn alpha(
	netuid: u16,
	hotkey: sp_keyring::Sr25519Keyring,
	coldkey: sp_keyring::Sr25519Keyring,
) -> Balance {
	Staking::alpha_of(netuid, &id(hotkey), &id(coldkey))
}

fn neuron(netuid: u16, uid: u16) -> NeuronInfo<AccountId, Balance> {
	economy::metagraph(netuid).expect("subnet exists")[usize::from(uid)].clone()
}

#[test]
fn the_development_chain_ships_three_subnets_with_staked_validators_and_weights() {
	on_development_chain(|| {
		let subnets = economy::subnets();
		assert_eq!(subnets.iter().map(|s| s.netuid).collect::<Vec<_>>(), vec![1, 2, 3]);
		assert_eq!(
			subnets.iter().map(|s| s.hyperparams.tempo).collect::<Vec<_>>(),
			vec![10, 20, 15]
		);
		assert_eq!(subnets[0].owner, id(One));
		assert_eq!(subnets[0].neurons, 5);
		// Stake bought alpha, so the price rose above one TAO per alpha.
		assert!(subnets[0].price > sp_runtime::FixedU128::from_u32(1));
		let metagraph = economy::metagraph(1).unwrap();
		assert_eq!(metagraph[1].hotkey, id(AliceStash));
		assert_eq!(metagraph[1].coldkey, id(Alice));
		assert!(metagraph[1].validator_permit && metagraph[2].validator_permit);
		assert!(metagraph[1].alpha_stake > 0);
		let stake = economy::stake_of(id(Alice));
		assert_eq!(stake.iter().map(|s| s.netuid).collect::<Vec<_>>(), vec![1, 2]);
		// Valued at the spot price, which Bob's later stake raised above what Alice paid.
		assert!(stake[0].stake > 0 && stake[0].tao_value > 2_000 * TAO);
		assert_eq!(Emission::block_emission(), TAO);
	});
}

#[test]
fn emission_reaches_miners_in_proportion_to_consensus_weights_over_several_tempos() {
	on_development_chain(|| {
		let issuance = dtao_runtime::Balances::total_issuance();
		// Subnet 1 (tempo 10) runs its epochs at blocks 9, 20, 31, …: run five of them.
		run_to_block(53);
		assert_eq!(pallet_dtao_emission::LastEpoch::<Runtime>::get(1), Some(53));
		// Each block minted one TAO into the pools, less a few rao of rounding in the shares.
		let emitted = pallet_dtao_emission::TotalEmitted::<Runtime>::get();
		assert_eq!(dtao_runtime::Balances::total_issuance(), issuance + emitted);
		assert!(emitted <= 52 * TAO && 52 * TAO - emitted < 52 * 3, "{emitted}");

		// Alice's validator (stake share a) weighs the miners 3:1 and Bob's (b = 1 − a) 1:1.
		// With kappa one half the consensus is 3/4 and 1/4, Bob's 1/2 on uid 4 is clipped to
		// 1/4, and the ranks are 3a/4 + b/2 and 1/4: the miners' incentive is 3 − b to 1.
		let (sa, sb) = (neuron(1, 1).stake_weight as f64, neuron(1, 2).stake_weight as f64);
		let expected = 3.0 - sb / (sa + sb);
		let (m3, m4) = (neuron(1, 3), neuron(1, 4));
		let ratio = m3.incentive.deconstruct() as f64 / m4.incentive.deconstruct() as f64;
		assert!((ratio / expected - 1.0).abs() < 0.01, "{ratio} vs {expected}");
		assert!(m3.consensus.deconstruct().abs_diff(750_000_000) < 2_000_000);
		assert!(m4.consensus.deconstruct().abs_diff(250_000_000) < 2_000_000);
		// The miners' alpha on subnet 1 follows, epoch after epoch.
		let (a3, a4) = (alpha(1, CharlieStash, Charlie), alpha(1, Charlie, Charlie));
		assert!(a4 > 0);
		let ratio = a3 as f64 / a4 as f64;
		assert!((ratio / expected - 1.0).abs() < 0.02, "{ratio} vs {expected}");
		// The validators share the other half by dividends, Alice about two thirds.
		let (v1, v2) = (neuron(1, 1), neuron(1, 2));
		assert!(v1.dividends > v2.dividends && v1.dividends > Perbill::from_percent(60));
		// The owner's hotkey earned its 18 %: five epochs of 11 blocks less the first's two.
		assert!(alpha(1, One, One) > 0);
	});
}

#[test]
fn a_higher_priced_subnet_receives_more_tao() {
	on_development_chain(|| {
		let tao = |n| pallet_dtao_staking::SubnetTao::<Runtime>::get(n).unwrap();
		let before = (tao(2), tao(3));
		run_to_block(200);
		let (two, three) = (tao(2) - before.0, tao(3) - before.1);
		// Subnet 3's 3,000 TAO of stake priced its alpha far above subnet 2's 500.
		let info = economy::subnets();
		assert!(info[2].moving_price > info[1].moving_price);
		assert!(three > 3 * two, "subnet 2 got {two}, subnet 3 got {three}");
	});
}

#[test]
fn a_ratified_tempo_change_takes_effect_at_the_next_epoch() {
	on_development_chain(|| {
		run_to_block(9);
		assert_eq!(pallet_dtao_emission::LastEpoch::<Runtime>::get(1), Some(9));
		let m =
			ratify(RuntimeCall::Subnets(pallet_dtao_subnets::Call::set_hyperparameter_governed {
				netuid: 1,
				value: Hyperparameter::Tempo(4),
			}));
		assert_eq!(executed(&m), Some(Ok(())));
		// With tempo 4, netuid 1's epochs fall on blocks b with (b + 2) % 5 == 0: 13, not 20.
		run_to_block(12);
		assert_eq!(pallet_dtao_emission::LastEpoch::<Runtime>::get(1), Some(9));
		run_to_block(13);
		assert_eq!(pallet_dtao_emission::LastEpoch::<Runtime>::get(1), Some(13));
		// And kappa. At one half, uid 4's consensus is Alice's 1/4: Bob's 1/2 has only his
		// ~11 % of the stake behind it. At 5 %, that is enough.
		assert!(neuron(1, 4).consensus.deconstruct().abs_diff(250_000_000) < 2_000_000);
		let m =
			ratify(RuntimeCall::Subnets(pallet_dtao_subnets::Call::set_hyperparameter_governed {
				netuid: 1,
				value: Hyperparameter::Kappa(3_277),
			}));
		assert_eq!(executed(&m), Some(Ok(())));
		run_to_block(17);
		assert!(neuron(1, 4).consensus.deconstruct().abs_diff(250_000_000) < 2_000_000);
		run_to_block(18);
		assert!(neuron(1, 4).consensus.deconstruct().abs_diff(500_000_000) < 2_000_000);
		assert!(neuron(1, 3).consensus.deconstruct().abs_diff(750_000_000) < 2_000_000);
	});
}

/// Every economic parameter's setter, with a value within its bounds.
fn economic_setters() -> Vec<RuntimeCall> {
	use pallet_dtao_emission::Call as E;
	use pallet_dtao_staking::Call as St;
	use pallet_dtao_subnets::Call as Su;
	let governed =
		|value| RuntimeCall::Subnets(Su::set_hyperparameter_governed { netuid: 1, value });
	vec![
		RuntimeCall::Staking(St::set_min_stake { amount: TAO }),
		RuntimeCall::Staking(St::set_max_delegate_take { take: Perbill::from_percent(10) }),
		RuntimeCall::Staking(St::set_swap_fee { fee: Perbill::from_percent(1) }),
		RuntimeCall::Staking(St::set_tao_weight { weight: Perbill::from_percent(50) }),
		RuntimeCall::Subnets(Su::set_subnet_limit { limit: 64 }),
		RuntimeCall::Subnets(Su::set_network_min_lock { amount: 10 * TAO }),
		RuntimeCall::Subnets(Su::set_lock_reduction_interval { interval: 100 }),
		RuntimeCall::Subnets(Su::dissolve_network { netuid: 3 }),
		governed(Hyperparameter::Tempo(99)),
		governed(Hyperparameter::MaxValidators(8)),
		governed(Hyperparameter::Kappa(40_000)),
		governed(Hyperparameter::RegistrationAllowed(false)),
		governed(Hyperparameter::WeightsRateLimit(7)),
		governed(Hyperparameter::BondsMovingAverage(990_000)),
		RuntimeCall::Emission(E::set_subnet_owner_cut { cut: Perbill::from_percent(10) }),
		RuntimeCall::Emission(E::set_price_smoothing { smoothing: Perbill::from_parts(500_000) }),
	]
}

#[test]
fn economic_parameters_change_only_through_the_ratified_origin() {
	on_development_chain(|| {
		// Triumvirs, senators' coldkeys and hotkeys, a subnet owner, a validator, and no one.
		let others = [
			signed(Alice),
			signed(Dave),
			signed(DaveStash),
			signed(One),
			signed(AliceStash),
			RuntimeOrigin::none(),
		];
		for call in economic_setters() {
			for origin in others.clone() {
				let err = call.clone().dispatch(origin.clone()).unwrap_err().error;
				assert_eq!(err, DispatchError::BadOrigin, "{call:?} from {:?}", origin.caller);
			}
		}
		// The owner's own path refuses the governance-only hyperparameters.
		for value in [
			Hyperparameter::Tempo(99),
			Hyperparameter::MaxValidators(8),
			Hyperparameter::Kappa(40_000),
			Hyperparameter::RegistrationAllowed(false),
			Hyperparameter::WeightsRateLimit(7),
		] {
			assert_eq!(
				Subnets::set_hyperparameter(signed(One), 1, value).unwrap_err(),
				pallet_dtao_subnets::Error::<Runtime>::GovernanceOnly.into()
			);
		}
		// Ratified, every one applies.
		for call in economic_setters() {
			let m = ratify(call.clone());
			assert_eq!(executed(&m), Some(Ok(())), "{call:?}");
		}
		assert_eq!(pallet_dtao_staking::TaoWeight::<Runtime>::get(), Perbill::from_percent(50));
		assert_eq!(
			pallet_dtao_emission::SubnetOwnerCut::<Runtime>::get(),
			Perbill::from_percent(10)
		);
		assert_eq!(Subnets::hyperparams(1).unwrap().bonds_moving_average, 990_000);
		assert!(!Subnets::exists(3));
		assert_ok!(Subnets::set_hyperparameter(signed(One), 1, Hyperparameter::ImmunityPeriod(7)));
	});
}

#[test]
fn stake_moves_through_the_pools_and_a_neuron_registers_by_burn() {
	on_development_chain(|| {
		let ferdie = dtao_runtime::Balances::free_balance(id(Ferdie));
		assert_ok!(Staking::add_stake_limit(
			signed(Ferdie),
			id(AliceStash),
			1,
			10 * TAO,
			100 * TAO
		));
		let bought = alpha(1, AliceStash, Ferdie);
		assert!(bought > 0);
		assert_ok!(Staking::move_stake(signed(Ferdie), id(AliceStash), id(BobStash), 1, 3, bought));
		assert_eq!(alpha(1, AliceStash, Ferdie), 0);
		let on_three = alpha(3, BobStash, Ferdie);
		assert_ok!(Staking::remove_stake(signed(Ferdie), id(BobStash), 3, on_three));
		// Two swaps each way: fees and slippage, nothing else, are gone.
		let lost = ferdie - dtao_runtime::Balances::free_balance(id(Ferdie));
		assert!(lost > 0 && lost < TAO, "{lost}");

		let burn = Subnets::burn(1);
		assert_ok!(Subnets::burned_register(signed(Ferdie), 1, id(Ferdie), burn));
		assert_eq!(Subnets::uid_of(1, &id(Ferdie)), Some(5));
		assert!(Subnets::burn(1) > burn);
		let _: Option<AccountId> = Staking::owner_of(&id(Ferdie));
		assert!(System::block_number() > 0);
	});
}
