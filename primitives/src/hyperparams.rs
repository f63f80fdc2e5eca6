//! Subnet hyperparameters: their values, and one change to one of them.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The hyperparameters of one subnet, with Bittensor's meaning and units.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Hyperparams<Balance> {
	/// Blocks between two epochs of the subnet.
	pub tempo: u16,
	/// The most neurons (UIDs) the subnet holds.
	pub max_uids: u16,
	/// How many neurons, the largest stakes first, hold a validator permit.
	pub max_validators: u16,
	/// Blocks after registration during which a neuron cannot be replaced.
	pub immunity_period: u16,
	/// The fewest weights a validator must set at once.
	pub min_allowed_weights: u16,
	/// The largest single weight, as a fraction of `u16::MAX`.
	pub max_weight_limit: u16,
	/// The consensus quantile of Yuma consensus, as a fraction of `u16::MAX`.
	pub kappa: u16,
	/// The bonds' exponential moving average, in millionths.
	pub bonds_moving_average: u64,
	/// Whether neurons may register by burn.
	pub registration_allowed: bool,
	/// The lowest registration burn.
	pub min_burn: Balance,
	/// The highest registration burn.
	pub max_burn: Balance,
	/// Blocks a validator waits between two `set_weights`.
	pub weights_rate_limit: u64,
	/// Blocks without weights after which a validator counts as inactive.
	pub activity_cutoff: u16,
}

impl<Balance> Hyperparams<Balance> {
	/// Bittensor's initial values for a new subnet, with its burn bounds in this chain's
	/// balance (0.0005 and 100 TAO there). One exception: a new subnet asks for at least one
	/// weight, as subtensor's `init_new_network` sets (its 1,024 default exceeds 256 UIDs).
	pub fn bittensor_initial(min_burn: Balance, max_burn: Balance) -> Self {
		Self {
			tempo: 360,
			max_uids: 256,
			max_validators: 64,
			immunity_period: 4096,
			min_allowed_weights: 1,
			max_weight_limit: u16::MAX,
			kappa: 32_767,
			bonds_moving_average: 900_000,
			registration_allowed: true,
			min_burn,
			max_burn,
			weights_rate_limit: 100,
			activity_cutoff: 5000,
		}
	}
}

/// A new value for one hyperparameter.
///
/// As with Bittensor's admin-utils, the subnet's owner may set some of them (within tighter
/// bounds for the bonds' moving average); the others only the ratified origin may set.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum Hyperparameter<Balance> {
	/// Governance only; 1 ..= [`MAX_TEMPO`].
	Tempo(u16),
	/// Owner settable; at least `max_validators` and `min_allowed_weights`.
	MaxUids(u16),
	/// Governance only; at most `max_uids`.
	MaxValidators(u16),
	/// Owner settable; at most [`MAX_IMMUNITY_PERIOD`].
	ImmunityPeriod(u16),
	/// Owner settable; at most `max_uids`.
	MinAllowedWeights(u16),
	/// Owner settable; high enough that weights over every neuron of the subnet can satisfy
	/// it: at least ⌈`u16::MAX` / neurons⌉.
	MaxWeightLimit(u16),
	/// Governance only; at most [`MAX_KAPPA`].
	Kappa(u16),
	/// Owner settable up to [`OWNER_MAX_BONDS_MOVING_AVERAGE`]; governance up to
	/// [`MAX_BONDS_MOVING_AVERAGE`].
	BondsMovingAverage(u64),
	/// Governance only.
	RegistrationAllowed(bool),
	/// Owner settable; at least the minimum burn's lower bound (so that a burn always buys
	/// some alpha), below `max_burn` and the minimum burn's upper bound.
	MinBurn(Balance),
	/// Owner settable; above `min_burn` and the maximum burn's lower bound.
	MaxBurn(Balance),
	/// Governance only; at most `activity_cutoff`, so that a validator can always set weights
	/// before it counts as inactive.
	WeightsRateLimit(u64),
	/// Owner settable; at least the minimum activity cutoff and `weights_rate_limit`.
	ActivityCutoff(u16),
}

/// The most a subnet owner may set the bonds' moving average to.
pub const OWNER_MAX_BONDS_MOVING_AVERAGE: u64 = 975_000;
/// The most governance may set the bonds' moving average to (it is in millionths): at
/// 1,000,000 new bonds would never form, and validators would never be paid.
pub const MAX_BONDS_MOVING_AVERAGE: u64 = 999_999;
/// The longest tempo: an epoch, and a refresh of validator permits, at least daily (in
/// 12-second blocks). However short tempos are, at most a few epochs run per block.
pub const MAX_TEMPO: u16 = 7_200;
/// The longest immunity period a subnet owner may set: a day of 12-second blocks, so that an
/// owner cannot close a full subnet to registration for long.
pub const MAX_IMMUNITY_PERIOD: u16 = 7_200;
/// The highest kappa (¾ of `u16::MAX`): near one, a single abstaining validator would zero a
/// miner's consensus.
pub const MAX_KAPPA: u16 = 49_151;

impl<Balance> Hyperparameter<Balance> {
	/// Whether the subnet's owner may set this one (the ratified origin may set all).
	pub fn owner_settable(&self) -> bool {
		!matches!(
			self,
			Self::Tempo(_)
				| Self::MaxValidators(_)
				| Self::Kappa(_)
				| Self::RegistrationAllowed(_)
				| Self::WeightsRateLimit(_)
		)
	}
}
