//! # dTAO governance chain runtime
//!
//! A FRAME runtime in which no sudo key exists. A 3-seat Triumvirate proposes, a stake-elected
//! Senate ratifies, and a triumvir closes; public referenda carry the last stage. See
//! [`governance`] for how the bodies are wired and [`governance::origins`] for who may do what.
//!
//! The runtime builds to wasm (served by Chopsticks for tests and the walkthrough, or by any
//! Aura/GRANDPA node such as `polkadot-omni-node`) and natively for tests.

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

// The wasm binary, when built with `std`.
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

/// The same runtime with its `spec_version` raised by one: the code the upgrade tests and the
/// walkthrough authorize and apply.
#[cfg(feature = "std")]
pub mod upgrade_fixture {
	include!(concat!(env!("OUT_DIR"), "/dtao_runtime_upgrade"));
}

extern crate alloc;

mod apis;
pub use apis::RuntimeApi;
pub mod constants;
pub mod economy;
pub mod genesis_config_presets;
pub mod governance;
pub mod simulation;
pub mod weights;

use alloc::vec::Vec;
use constants::{currency::*, time::*};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU16, ConstU32, ConstU64, ConstU8, VariantCountOf},
	weights::{
		constants::{RocksDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		ConstantMultiplier, Weight,
	},
	PalletId,
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature, Perbill, SaturatedConversion,
};
use sp_version::RuntimeVersion;

pub use governance::{SenateInstance, TriumvirateInstance};

/// An index to a block.
pub type BlockNumber = u32;
/// A signature on the chain.
pub type Signature = MultiSignature;
/// An account on the chain: the public key behind a [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A balance, in rao (10⁻⁹ TAO).
pub type Balance = u64;
/// A transaction index.
pub type Nonce = u32;
/// A hash of some data.
pub type Hash = sp_core::H256;
/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// The block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// The block type.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The transaction extensions, in the order clients must sign them.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);
/// An extrinsic as it arrives from outside.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;
/// Dispatches calls to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The storage migrations the next runtime upgrade runs: none for the chain's code.
#[cfg(not(feature = "upgrade-fixture"))]
pub type Migrations = ();
/// The storage migrations the upgrade fixture runs: the governance pallet's version 1.
#[cfg(feature = "upgrade-fixture")]
pub type Migrations = (pallet_dtao_governance::migrations::v1::MigrateToV1<Runtime>,);

/// Opaque types for the node side, which knows nothing of the runtime's calls.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// The opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// The opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;

	impl_opaque_keys! {
		/// The session keys of a block author.
		pub struct SessionKeys {
			/// Aura block production.
			pub aura: super::Aura,
			/// GRANDPA finality.
			pub grandpa: super::Grandpa,
		}
	}
}

/// The runtime version.
#[cfg(not(feature = "upgrade-fixture"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("dtao"),
	impl_name: alloc::borrow::Cow::Borrowed("dtao"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The runtime version of the upgrade fixture: as above, one spec version higher.
#[cfg(feature = "upgrade-fixture")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("dtao"),
	impl_name: alloc::borrow::Cow::Borrowed("dtao"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Normal extrinsics may fill 75 % of a block; the rest is kept for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of compute per 12-second block, and 5 MiB of proof.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, 5 * 1024 * 1024),
		NORMAL_DISPATCH_RATIO,
	);
	/// 5 MiB blocks; room for a runtime upgrade in one extrinsic.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * *max
		})
		.build();
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type BaseCallFilter = governance::call_filter::GovernanceCallFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type DbWeight = RocksDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = ConstU16<42>;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU64<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

/// Fees for computation: 1 rao per 1,000 units of ref time, so a 1 ms call costs 0.001 TAO.
pub struct WeightToFee;

impl frame_support::weights::WeightToFee for WeightToFee {
	type Balance = Balance;

	fn weight_to_fee(weight: &Weight) -> Balance {
		(weight.ref_time() / 1_000).saturated_into()
	}
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::from_u32(1);
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type WeightToFee = WeightToFee;
	// 1,000 rao per byte: a 1 MiB runtime upgrade costs about 1 TAO.
	type LengthToFee = ConstantMultiplier<Balance, ConstU64<1_000>>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	pub const PreimageBaseDeposit: Balance = deposit(2, 64);
	pub const PreimageByteDeposit: Balance = deposit(0, 1);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = frame_system::EnsureRoot<AccountId>;
	type Consideration = frame_support::traits::fungible::HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		frame_support::traits::LinearStoragePrice<
			PreimageBaseDeposit,
			PreimageByteDeposit,
			Balance,
		>,
	>;
}

parameter_types! {
	pub const DefaultTake: Perbill = Perbill::from_percent(18);
}

parameter_types! {
	/// Derives the accounts of the subnets' pools.
	pub const PoolsPalletId: PalletId = PalletId(*b"dtao/snt");
	/// Derives the account that holds the TAO owed to root stakers as dividends.
	pub const RootDividendsId: PalletId = PalletId(*b"dtao/div");
	/// Bittensor's swap fee: 33 / 65,535 of each swap, about 0.05 %.
	pub const DefaultSwapFee: Perbill = Perbill::from_parts(503_548);
	pub const MaxSwapFee: Perbill = Perbill::from_percent(5);
	/// Bittensor's TAO weight: root stake counts 18 % in stake weight on subnets.
	pub const DefaultTaoWeight: Perbill = Perbill::from_percent(18);
}

impl pallet_dtao_staking::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = governance::origins::Ratified;
	type DefaultTake = DefaultTake;
	// 0.0005 TAO, Bittensor's minimum stake.
	type DefaultMinStake = ConstU64<500_000>;
	type PalletId = PoolsPalletId;
	type RootDividendsId = RootDividendsId;
	type DefaultSwapFee = DefaultSwapFee;
	type MaxSwapFee = MaxSwapFee;
	type DefaultTaoWeight = DefaultTaoWeight;
	// A minimum stake of at most 100 TAO keeps staking open to more than whales.
	type MaxMinStake = ConstU64<{ 100 * TAO }>;
	// Governance follows root stake to seat the Senate on lasting stake.
	type StakeObserver = Governance;
	type MaxPoolPayoutsPerBlock = ConstU32<64>;
	// One tempo: root stake stays as long as a validator's epoch cycle.
	type RootStakeCooldown = ConstU32<TEMPO>;
	type WeightInfo = pallet_dtao_staking::weights::SubstrateWeight<Runtime>;
}

/// The most subnets governance may allow: with all of them emitting, a block's emission stays
/// under a tenth of the block (see the README's figures).
pub const MAX_SUBNETS: u16 = 256;

parameter_types! {
	/// A new subnet's hyperparameters: Bittensor's initial values.
	pub DefaultHyperparams: pallet_dtao_subnets::Hyperparams<Balance> =
		pallet_dtao_subnets::Hyperparams::bittensor_initial(500_000, 100 * TAO);
	/// Bittensor's burn increase: ×1.26 per registration.
	pub const BurnIncrease: Perbill = Perbill::from_percent(26);
}

impl pallet_dtao_subnets::Config for Runtime {
	type Currency = Balances;
	type Pools = Staking;
	type Hotkeys = Staking;
	type OnDissolve = Emission;
	type GovernanceOrigin = governance::origins::Ratified;
	type DefaultHyperparams = DefaultHyperparams;
	type DefaultMinLock = ConstU64<{ 1_000 * TAO }>;
	// Two weeks of 12-second blocks.
	type DefaultLockReductionInterval = ConstU32<{ 14 * DAYS }>;
	type DefaultSubnetLimit = ConstU16<128>;
	type MaxSubnetLimit = ConstU16<MAX_SUBNETS>;
	type MaxAllowedUids = ConstU16<256>;
	type MinBurnUpperBound = ConstU64<TAO>;
	// Bittensor's initial minimum burn: any pool sells that much TAO for some alpha.
	type MinBurnLowerBound = ConstU64<500_000>;
	type MaxNetworkMinLock = ConstU64<{ 100_000 * TAO }>;
	// Four weeks of 12-second blocks: a lock cost that doubled decays within a month.
	type MaxLockReductionInterval = ConstU32<{ 28 * DAYS }>;
	type MaxBurnLowerBound = ConstU64<{ TAO / 10 }>;
	type MinActivityCutoff = ConstU16<360>;
	// 1 TAO, as subtensor's `init_new_network` sets.
	type InitialBurn = ConstU64<TAO>;
	type BurnIncrease = BurnIncrease;
	type BurnHalfLife = ConstU32<360>;
	type WeightInfo = pallet_dtao_subnets::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const SubnetOwnerCut: Perbill = Perbill::from_percent(18);
	/// A moving price closes on the spot price with a half-life of one day:
	/// 1 − 2^(−1/7,200) ≈ 9.627 · 10⁻⁵ per block.
	pub const PriceSmoothing: Perbill = Perbill::from_parts(96_270);
	/// Half-lives of ten days and of 2.4 hours bound what governance may set.
	pub const MinPriceSmoothing: Perbill = Perbill::from_parts(9_627);
	pub const MaxPriceSmoothing: Perbill = Perbill::from_parts(962_700);
}

impl pallet_dtao_emission::Config for Runtime {
	type Currency = Balances;
	type Subnets = Subnets;
	type Pools = Staking;
	type GovernanceOrigin = governance::origins::Ratified;
	type InitialBlockEmission = ConstU64<TAO>;
	type MaxSupply = ConstU64<MAX_SUPPLY>;
	type DefaultOwnerCut = SubnetOwnerCut;
	type DefaultPriceSmoothing = PriceSmoothing;
	type MinPriceSmoothing = MinPriceSmoothing;
	type MaxPriceSmoothing = MaxPriceSmoothing;
	type MaxUids = ConstU32<256>;
	type MaxSubnets = ConstU32<{ MAX_SUBNETS as u32 }>;
	// With 256 subnets emitting, two of the largest epochs fit in a third of a block.
	type MaxEpochsPerBlock = ConstU32<2>;
	type WeightInfo = pallet_dtao_emission::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = EmissionBenchmarks;
}

/// Builds the subnets the emission benchmarks measure.
#[cfg(feature = "runtime-benchmarks")]
pub struct EmissionBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_dtao_emission::BenchmarkHelper for EmissionBenchmarks {
	fn subnet(n: u16, v: u16) -> dtao_primitives::NetUid {
		Subnets::benchmark_subnet(n, v)
	}
}

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(7)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(8)]
	pub type Scheduler = pallet_scheduler;

	// Stake comes before governance: the Senate is seated from stake at genesis.
	#[runtime::pallet_index(10)]
	pub type Staking = pallet_dtao_staking;

	#[runtime::pallet_index(11)]
	pub type Subnets = pallet_dtao_subnets;

	#[runtime::pallet_index(12)]
	pub type Emission = pallet_dtao_emission;

	#[runtime::pallet_index(20)]
	pub type Triumvirate = pallet_collective<Instance1>;
	#[runtime::pallet_index(21)]
	pub type Senate = pallet_collective<Instance2>;
	// Governance before Democracy: in a referendum's last block, Governance's `on_initialize`
	// cancels it if its turnout is below the minimum, before Democracy counts it.
	#[runtime::pallet_index(22)]
	pub type Governance = pallet_dtao_governance;
	#[runtime::pallet_index(23)]
	pub type Democracy = pallet_democracy;
}

#[cfg(feature = "runtime-benchmarks")]
mod benches {
	frame_benchmarking::define_benchmarks!(
		[frame_system, SystemBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_collective, Senate]
		[pallet_dtao_staking, Staking]
		[pallet_dtao_subnets, Subnets]
		[pallet_dtao_emission, Emission]
		[pallet_dtao_governance, Governance]
	);
	pub use frame_system_benchmarking::Pallet as SystemBench;
}

/// Builds the storage of a genesis preset natively: the preset's patch merged over the
/// default genesis config, as the genesis-builder runtime API does. Without `:code`.
#[cfg(feature = "std")]
pub fn preset_storage(preset: &str) -> Result<sp_core::storage::Storage, String> {
	let id = sp_genesis_builder::PresetId::from(preset);
	let patch = genesis_config_presets::get_preset(&id).ok_or_else(|| {
		format!(
			"unknown genesis preset `{preset}`; known: {}",
			genesis_config_presets::preset_names()
				.iter()
				.map(|p| p.to_string())
				.collect::<Vec<_>>()
				.join(", ")
		)
	})?;
	let patch: serde_json::Value =
		serde_json::from_slice(&patch).map_err(|e| format!("preset `{preset}`: {e}"))?;
	genesis_storage(patch).map_err(|e| format!("preset `{preset}`: {e}"))
}

/// Builds the storage of a genesis config given as a JSON patch over the default one (a
/// preset's, changed for a test, say). Without `:code`.
#[cfg(feature = "std")]
pub fn genesis_storage(patch: serde_json::Value) -> Result<sp_core::storage::Storage, String> {
	use sp_runtime::BuildStorage;
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default())
		.map_err(|e| format!("default genesis config: {e}"))?;
	json_merge(&mut config, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).map_err(|e| e.to_string())?;
	config.build_storage()
}

/// Merges `patch` into `base`: objects key by key, anything else replaced.
#[cfg(feature = "std")]
fn json_merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				json_merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}
