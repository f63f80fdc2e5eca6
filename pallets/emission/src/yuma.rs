//! Yuma consensus: one epoch of a subnet's incentive mechanism, in fixed-point arithmetic.
//!
//! Validators rate the subnet's neurons by setting weights. Once per tempo an *epoch* turns those
//! weights and the validators' stake into each neuron's share of the subnet's emission:
//!
//! - **Consensus.** A neuron's consensus weight is the highest weight that validators holding at
//!   least a fraction `kappa` of the active stake give it, or more: a stake-weighted quantile of
//!   its column of the weight matrix.
//! - **Clipping.** Every weight above that consensus is cut down to it, so a stake minority
//!   cannot lift a neuron above what the majority supports.
//! - **Incentive.** A neuron's rank is the stake-weighted sum of the clipped weights it receives;
//!   incentive is rank normalized to sum to one. Miners earn incentive.
//! - **Bonds and dividends.** Each validator holds bonds in the neurons it weights: an
//!   exponential moving average of its share of each neuron's clipped, stake-weighted support.
//!   Dividends pay validators the incentive of the neurons they are bonded to, so validators that
//!   agree with consensus, and did so early, earn the most.
//!
//! This is the epoch of Bittensor's subtensor before Yuma 3: bonds are the moving average of a
//! column-normalized bonds delta with a single coefficient. Everything here is pure and
//! `no_std`: the caller reads storage, converts hyperparameters, calls [`epoch`] and writes the
//! results back. Fractions are [`FixedU128`]s. Arithmetic saturates or is checked, division by
//! zero yields zero and every index is in range by construction, so no input, however
//! inconsistent, makes [`epoch`] panic.
//!
//! Matrices are sparse: row `i` lists `(j, value)` entries, one per uid `j` that uid `i` weights
//! or is bonded to. An epoch costs `O(nnz log nnz)` for `nnz` weights and bonds.

use alloc::{vec, vec::Vec};
use sp_arithmetic::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Bounded, CheckedDiv, One, Saturating, Zero},
	FixedPointNumber, FixedU128, Rounding,
};

/// The fraction type of every epoch quantity: a [`FixedU128`], 18 decimals over a `u128`.
pub type Fixed = FixedU128;

/// One row of a sparse matrix: `(target uid, value)` entries. Inside [`epoch`] every target is
/// below the subnet size `n`.
type SparseRow = Vec<(u16, Fixed)>;

/// A subnet's inputs to one epoch, indexed by uid.
///
/// The subnet has `n = stake.len()` uids. Every other slice is read as if it had `n` entries:
/// entries past its end count as `false`, `0` or empty, and entries beyond `n` are ignored.
#[derive(Clone, Copy, Debug)]
pub struct EpochInput<'a> {
	/// Stake weight of each uid (alpha stake plus governed share of root stake), raw units.
	pub stake: &'a [u128],
	/// Whether each uid holds a validator permit (only permitted validators' weights count).
	pub validator_permit: &'a [bool],
	/// Whether each uid is active (set weights within the activity cutoff). Inactive validators'
	/// stake does not count.
	pub active: &'a [bool],
	/// Block at which each uid last set weights.
	pub last_update: &'a [u64],
	/// Block at which each uid registered.
	pub registered_at: &'a [u64],
	/// Each uid's weights row: (target uid, raw `u16` weight). May be unsorted, may contain
	/// self-weight, may name uids `>= n`. A target named twice gets the sum of its weights.
	pub weights: &'a [Vec<(u16, u16)>],
	/// Each uid's bonds from the previous epoch: (target uid, bond fraction). May be unsorted and
	/// may name uids `>= n`; a target named twice gets the sum of its bonds.
	pub bonds: &'a [Vec<(u16, Fixed)>],
	/// Consensus quantile kappa in [0, 1] (the subnet stores kappa as a `u16` fraction of
	/// `u16::MAX`; the caller converts, e.g. with [`u16_fraction`]). Values above one count as one.
	pub kappa: Fixed,
	/// EMA coefficient for new bonds, alpha in [0, 1] (`1 - bonds_moving_average / 1e6`; the
	/// caller converts). Values above one count as one.
	pub bonds_alpha: Fixed,
}

impl EpochInput<'_> {
	/// Whether `uid` holds a validator permit.
	fn has_permit(&self, uid: usize) -> bool {
		self.validator_permit.get(uid).copied().unwrap_or(false)
	}

	/// Whether `uid` set weights within the activity cutoff.
	fn is_active(&self, uid: usize) -> bool {
		self.active.get(uid).copied().unwrap_or(false)
	}

	/// Whether `target` registered no later than `uid` last set weights, so that `uid`'s weights
	/// and bonds toward `target` concern its current occupant rather than a deregistered one.
	fn is_current(&self, uid: usize, target: usize) -> bool {
		let registered_at = self.registered_at.get(target).copied().unwrap_or(0);
		registered_at <= self.last_update.get(uid).copied().unwrap_or(0)
	}
}

/// The results of one epoch, one entry per uid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpochOutput {
	/// Consensus weight of each uid: the stake-weighted `kappa` quantile of the weights it
	/// receives.
	pub consensus: Vec<Fixed>,
	/// Incentive of each uid: its rank over the sum of ranks. Sums to one, or is all zero.
	pub incentive: Vec<Fixed>,
	/// Dividends of each uid: its bonds times incentive, normalized. Sums to one, or is all zero.
	pub dividends: Vec<Fixed>,
	/// Trust of each uid: rank over pre-clip rank, the fraction of its support that survives
	/// clipping (zero when it has no support).
	pub trust: Vec<Fixed>,
	/// Validator trust of each uid: the sum of its clipped normalized weights, the share of its
	/// weight that consensus backs.
	pub validator_trust: Vec<Fixed>,
	/// Normalized stake of each uid that counts in this epoch (permitted and active).
	pub active_stake: Vec<Fixed>,
	/// New bonds of each uid, sorted by target uid, without zero entries; empty for uids without
	/// a validator permit.
	pub bonds: Vec<Vec<(u16, Fixed)>>,
}

/// Runs one Yuma consensus epoch over a subnet.
///
/// With `S` the active stake, `W` the weights, `C` the consensus, `W̄` the clipped weights, `B`
/// the bonds and `I` the incentive, the steps are:
///
/// 1. `S_i` is uid `i`'s stake if it holds a permit and is active, else zero; normalized.
/// 2. `W_ij` is permitted validator `i`'s weight on `j`, without self-weight, targets `j >= n`
///    and weights set before `j` registered; each row normalized.
/// 3. `C_j` is the largest `c` among the weights on `j` by validators with stake, or zero, such
///    that `Σ_{i: W_ij ≥ c} S_i ≥ kappa`.
/// 4. `W̄_ij = min(W_ij, C_j)`.
/// 5. Validator trust `VT_i = Σ_j W̄_ij`.
/// 6. Pre-rank `P_j = Σ_i S_i W_ij`, rank `R_j = Σ_i S_i W̄_ij`, trust `T_j = R_j / P_j`,
///    incentive `I_j = R_j / Σ_k R_k`.
/// 7. Bonds delta `ΔB_ij = S_i W̄_ij`, column-normalized; its column sums are the ranks, so
///    this is `S_i W̄_ij / R_j`.
/// 8. Previous bonds of permitted validators, without targets `j >= n` and bonds older than
///    `j`'s registration, are column-normalized; then `B_ij = α ΔB_ij + (1 − α) B_old_ij` for
///    permitted `i`, column-normalized. Uids without a permit hold no bonds.
/// 9. Dividends `D_i = Σ_j B_ij I_j`, normalized.
///
/// Normalizing divides by the sum and rounds down, so normalized vectors never sum above one; an
/// all-zero vector or column stays zero. Without any active stake everything but the bonds is
/// zero, and the bonds are the previous ones, column-normalized.
pub fn epoch(input: &EpochInput) -> EpochOutput {
	let n = input.stake.len();

	// 1. Active stake: only permitted, active validators' stake counts.
	let (counted_stake, total_stake) = counted_stake(input);
	let active_stake: Vec<Fixed> =
		counted_stake.iter().map(|&stake| fraction_of(stake, total_stake)).collect();

	// 2. Weights: permitted validators' rows, masked and normalized.
	let mut scratch = Vec::new();
	let mut weights: Vec<SparseRow> =
		(0..n).map(|uid| normalized_weights(input, uid, &mut scratch)).collect();

	// 3. Consensus: the stake-weighted kappa quantile of each column.
	let consensus = consensus(&weights, &counted_stake, total_stake, input.kappa, n);

	// 4.–6. Clip each weight at its column's consensus, in place, and accumulate validator
	// trust, pre-ranks (before clipping) and ranks (after clipping).
	let mut validator_trust = vec![Fixed::zero(); n];
	let mut pre_ranks = vec![Fixed::zero(); n];
	let mut ranks = vec![Fixed::zero(); n];
	for ((row, &stake), row_trust) in
		weights.iter_mut().zip(&active_stake).zip(&mut validator_trust)
	{
		for (target, weight) in row.iter_mut() {
			let j = usize::from(*target);
			pre_ranks[j].saturating_accrue(stake.saturating_mul(*weight));
			*weight = (*weight).min(consensus[j]);
			row_trust.saturating_accrue(*weight);
			ranks[j].saturating_accrue(stake.saturating_mul(*weight));
		}
	}
	let clipped_weights = weights;
	let trust: Vec<Fixed> =
		ranks.iter().zip(&pre_ranks).map(|(&rank, &pre_rank)| ratio(rank, pre_rank)).collect();
	let mut incentive = ranks.clone();
	normalize(&mut incentive);

	// 7.–8. Bonds: the moving average of the bonds delta and the previous bonds.
	let bonds = bonds(input, &clipped_weights, &active_stake, &ranks);

	// 9. Dividends: each validator's bonds, valued at the incentive of their targets.
	let mut dividends: Vec<Fixed> = bonds
		.iter()
		.map(|row| {
			row.iter().fold(Fixed::zero(), |dividend, &(target, bond)| {
				dividend.saturating_add(bond.saturating_mul(incentive[usize::from(target)]))
			})
		})
		.collect();
	normalize(&mut dividends);

	EpochOutput { consensus, incentive, dividends, trust, validator_trust, active_stake, bonds }
}

/// Scales `values` in place so that they sum to one.
///
/// Each value is divided by the saturating sum and rounded down, so the result never sums above
/// one. A vector summing to zero, including an empty one, is left unchanged.
pub fn normalize(values: &mut [Fixed]) {
	let total = values.iter().fold(Fixed::zero(), |total, &value| total.saturating_add(value));
	for value in values.iter_mut() {
		*value = ratio(*value, total);
	}
}

/// The fraction `part / whole`, rounded down.
///
/// Zero when `whole` is zero; saturates at the largest [`Fixed`] when the quotient does not fit.
pub fn fraction_of(part: u128, whole: u128) -> Fixed {
	if whole == 0 {
		return Fixed::zero();
	}
	Fixed::checked_from_rational(part, whole).unwrap_or_else(Fixed::max_value)
}

/// The fraction `x / u16::MAX`, the way subnets store fractions such as kappa in a `u16`.
pub fn u16_fraction(x: u16) -> Fixed {
	fraction_of(u128::from(x), u128::from(u16::MAX))
}

/// `numerator / denominator` rounded down, or zero when the denominator is zero.
fn ratio(numerator: Fixed, denominator: Fixed) -> Fixed {
	numerator.checked_div(&denominator).unwrap_or_else(Fixed::zero)
}

/// Sorts `row` by target uid and merges the entries naming the same target with `merge`.
fn sort_and_merge<T: Copy>(row: &mut Vec<(u16, T)>, merge: impl Fn(T, T) -> T) {
	row.sort_unstable_by_key(|&(target, _)| target);
	row.dedup_by(|later, kept| {
		let same_target = later.0 == kept.0;
		if same_target {
			kept.1 = merge(kept.1, later.1);
		}
		same_target
	});
}

/// Step 1: each uid's stake if it holds a permit and is active, else zero, together with the
/// total.
///
/// Should the total overflow a `u128`, every stake is shifted right by the bit length of `n`,
/// which makes the total fit and leaves the proportions intact to within `2^-(128 - log2 n)`.
fn counted_stake(input: &EpochInput) -> (Vec<u128>, u128) {
	let mut stake: Vec<u128> = input
		.stake
		.iter()
		.enumerate()
		.map(|(uid, &stake)| if input.has_permit(uid) && input.is_active(uid) { stake } else { 0 })
		.collect();
	let total = match stake.iter().try_fold(0u128, |total, &stake| total.checked_add(stake)) {
		Some(total) => total,
		None => {
			let shift = usize::BITS - stake.len().leading_zeros();
			for value in stake.iter_mut() {
				*value >>= shift;
			}
			stake.iter().fold(0, |total: u128, &value| total.saturating_add(value))
		}
	};
	(stake, total)
}

/// Step 2: the normalized weights row of `uid`.
///
/// Empty unless `uid` holds a permit. Drops zero weights, self-weight, targets `>= n` and
/// targets that registered after `uid` last set weights; sums the weights of a target named more
/// than once; sorts by target and divides each weight by the row's total. `scratch` is a reusable
/// buffer for the raw row.
fn normalized_weights(input: &EpochInput, uid: usize, scratch: &mut Vec<(u16, u64)>) -> SparseRow {
	let n = input.stake.len();
	let row = match input.weights.get(uid) {
		Some(row) if input.has_permit(uid) => row,
		_ => return Vec::new(),
	};

	scratch.clear();
	scratch.extend(
		row.iter()
			.filter(|&&(target, weight)| {
				let j = usize::from(target);
				weight != 0 && j != uid && j < n && input.is_current(uid, j)
			})
			.map(|&(target, weight)| (target, u64::from(weight))),
	);
	sort_and_merge(scratch, u64::saturating_add);

	let total = scratch.iter().fold(0, |total: u64, &(_, weight)| total.saturating_add(weight));
	scratch
		.iter()
		.map(|&(target, weight)| (target, fraction_of(weight.into(), total.into())))
		.collect()
}

/// Step 3: the consensus weight of each of the `n` uids.
///
/// `C_j` is the largest weight `c` on `j` such that validators giving `j` at least `c` hold at
/// least a fraction `kappa` of the counted stake, or zero if no weight qualifies. Validators
/// without counted stake cast no vote, so with `kappa = 0` the consensus is the highest weight a
/// staked validator gives.
///
/// The votes of all columns are sorted once, by column and then by weight from highest to
/// lowest; walking down a column, the support of the current weight is the stake seen so far,
/// and the first weight whose support reaches the threshold is the consensus. Stake is compared
/// in raw units against `ceil(kappa · total)`, which is exact.
fn consensus(
	weights: &[SparseRow],
	stake: &[u128],
	total_stake: u128,
	kappa: Fixed,
	n: usize,
) -> Vec<Fixed> {
	let mut votes: Vec<(u16, Fixed, u128)> = weights
		.iter()
		.zip(stake)
		.filter(|&(_, &stake)| stake > 0)
		.flat_map(|(row, &stake)| row.iter().map(move |&(target, weight)| (target, weight, stake)))
		.collect();
	votes.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));

	// With kappa at most one the threshold is at most the total stake, so it cannot overflow.
	let kappa = kappa.min(Fixed::one());
	let threshold = multiply_by_rational_with_rounding(
		total_stake,
		kappa.into_inner(),
		Fixed::DIV,
		Rounding::Up,
	)
	.unwrap_or(total_stake);

	let mut consensus = vec![Fixed::zero(); n];
	for column in votes.chunk_by(|a, b| a.0 == b.0) {
		let mut support = 0u128;
		for &(target, weight, stake) in column {
			support = support.saturating_add(stake);
			if support >= threshold {
				consensus[usize::from(target)] = weight;
				break;
			}
		}
	}
	consensus
}

/// Steps 7 and 8: the new bonds of each uid.
///
/// The bonds delta `S_i W̄_ij` has column sums `R_j` (the ranks), so the column-normalized delta
/// is `S_i W̄_ij / R_j`. The previous bonds of permitted validators are kept only toward targets
/// below `n` that registered no later than the validator last set weights, and column-normalized
/// so that each column weighs the same against the delta. The moving average mixes the two with
/// `alpha = bonds_alpha` (capped at one), and is column-normalized in turn.
fn bonds(
	input: &EpochInput,
	clipped_weights: &[SparseRow],
	active_stake: &[Fixed],
	ranks: &[Fixed],
) -> Vec<SparseRow> {
	let n = input.stake.len();
	let alpha = input.bonds_alpha.min(Fixed::one());
	let retained = Fixed::one().saturating_sub(alpha);

	let mut previous_column_sums = vec![Fixed::zero(); n];
	for (_, target, bond) in previous_bonds(input) {
		previous_column_sums[usize::from(target)].saturating_accrue(bond);
	}

	// Only permitted validators have weights, so only their rows get a delta.
	let mut bonds: Vec<SparseRow> = clipped_weights
		.iter()
		.zip(active_stake)
		.map(|(row, &stake)| {
			row.iter()
				.map(|&(target, weight)| {
					let delta = ratio(stake.saturating_mul(weight), ranks[usize::from(target)]);
					(target, alpha.saturating_mul(delta))
				})
				.collect()
		})
		.collect();
	for (uid, target, bond) in previous_bonds(input) {
		let bond = ratio(bond, previous_column_sums[usize::from(target)]);
		bonds[uid].push((target, retained.saturating_mul(bond)));
	}
	for row in bonds.iter_mut() {
		sort_and_merge(row, Fixed::saturating_add);
	}

	column_normalize(&mut bonds, n);
	bonds
}

/// The previous bonds that still count, as `(uid, target, bond)`: those of permitted validators
/// toward targets below `n` that registered no later than the validator last set weights.
fn previous_bonds<'a>(input: &'a EpochInput<'a>) -> impl Iterator<Item = (usize, u16, Fixed)> + 'a {
	let n = input.stake.len();
	input
		.bonds
		.iter()
		.take(n)
		.enumerate()
		.filter(|&(uid, _)| input.has_permit(uid))
		.flat_map(|(uid, row)| row.iter().map(move |&(target, bond)| (uid, target, bond)))
		.filter(move |&(uid, target, _)| {
			let j = usize::from(target);
			j < n && input.is_current(uid, j)
		})
}

/// Scales each column of `matrix` (targets below `n`) to sum to one, rounding down, and drops
/// the entries that end up zero. All-zero columns stay zero.
fn column_normalize(matrix: &mut [SparseRow], n: usize) {
	let mut column_sums = vec![Fixed::zero(); n];
	for &(target, value) in matrix.iter().flatten() {
		column_sums[usize::from(target)].saturating_accrue(value);
	}
	for row in matrix.iter_mut() {
		for (target, value) in row.iter_mut() {
			*value = ratio(*value, column_sums[usize::from(*target)]);
		}
		row.retain(|(_, value)| !value.is_zero());
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The largest difference tolerated between a result and its hand-computed value: 1e-9.
	const TOLERANCE: Fixed = Fixed::from_inner(1_000_000_000);

	/// The fraction `numerator / denominator`.
	fn frac(numerator: u128, denominator: u128) -> Fixed {
		Fixed::from_rational(numerator, denominator)
	}

	fn zeros(n: usize) -> Vec<Fixed> {
		vec![Fixed::zero(); n]
	}

	fn assert_close(actual: Fixed, expected: Fixed) {
		let difference = actual.max(expected).saturating_sub(actual.min(expected));
		assert!(difference <= TOLERANCE, "{actual:?} differs from {expected:?}");
	}

	fn assert_all_close(actual: &[Fixed], expected: &[Fixed]) {
		assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
		for (&a, &e) in actual.iter().zip(expected) {
			assert_close(a, e);
		}
	}

	fn assert_rows_close(actual: &[Vec<(u16, Fixed)>], expected: &[Vec<(u16, Fixed)>]) {
		assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
		for (actual_row, expected_row) in actual.iter().zip(expected) {
			assert_eq!(actual_row.len(), expected_row.len(), "{actual_row:?} vs {expected_row:?}");
			for (&(a_target, a), &(e_target, e)) in actual_row.iter().zip(expected_row) {
				assert_eq!(a_target, e_target, "{actual_row:?} vs {expected_row:?}");
				assert_close(a, e);
			}
		}
	}

	fn sum(values: &[Fixed]) -> Fixed {
		values.iter().fold(Fixed::zero(), |total, &value| total.saturating_add(value))
	}

	/// A subnet of `stake.len()` uids, all permitted, active, registered at block 0 and last
	/// updated at block 1, with kappa one half and bonds alpha 0.1.
	struct Subnet {
		stake: Vec<u128>,
		validator_permit: Vec<bool>,
		active: Vec<bool>,
		last_update: Vec<u64>,
		registered_at: Vec<u64>,
		weights: Vec<Vec<(u16, u16)>>,
		bonds: Vec<Vec<(u16, Fixed)>>,
		kappa: Fixed,
		bonds_alpha: Fixed,
	}

	impl Subnet {
		fn new(stake: &[u128], weights: Vec<Vec<(u16, u16)>>) -> Self {
			let n = stake.len();
			Self {
				stake: stake.to_vec(),
				validator_permit: vec![true; n],
				active: vec![true; n],
				last_update: vec![1; n],
				registered_at: vec![0; n],
				weights,
				bonds: Vec::new(),
				kappa: frac(1, 2),
				bonds_alpha: frac(1, 10),
			}
		}

		fn epoch(&self) -> EpochOutput {
			epoch(&EpochInput {
				stake: &self.stake,
				validator_permit: &self.validator_permit,
				active: &self.active,
				last_update: &self.last_update,
				registered_at: &self.registered_at,
				weights: &self.weights,
				bonds: &self.bonds,
				kappa: self.kappa,
				bonds_alpha: self.bonds_alpha,
			})
		}
	}

	#[test]
	fn u16_fraction_spans_zero_to_one() {
		assert_eq!(u16_fraction(0), Fixed::zero());
		assert_eq!(u16_fraction(u16::MAX), Fixed::one());
		// 32767 / 65535 = 0.499992370489051651...
		assert_eq!(u16_fraction(32_767), Fixed::from_inner(499_992_370_489_051_651));
	}

	#[test]
	fn fraction_of_handles_zero_and_overflow() {
		assert_eq!(fraction_of(3, 4), frac(3, 4));
		assert_eq!(fraction_of(5, 0), Fixed::zero());
		assert_eq!(fraction_of(0, 7), Fixed::zero());
		assert_eq!(fraction_of(u128::MAX, u128::MAX), Fixed::one());
		assert_eq!(fraction_of(u128::MAX, 1), Fixed::max_value());
		// 1/3 rounds down.
		assert_eq!(fraction_of(1, 3), Fixed::from_inner(333_333_333_333_333_333));
	}

	#[test]
	fn normalize_scales_to_one_and_keeps_zero_vectors() {
		let mut values = vec![frac(1, 1), frac(3, 1), Fixed::zero()];
		normalize(&mut values);
		assert_eq!(values, vec![frac(1, 4), frac(3, 4), Fixed::zero()]);

		let mut zero = zeros(3);
		normalize(&mut zero);
		assert_eq!(zero, zeros(3));

		let mut empty: Vec<Fixed> = Vec::new();
		normalize(&mut empty);
		assert!(empty.is_empty());

		// Rounding down never lets the sum exceed one.
		let mut thirds = vec![Fixed::one(); 3];
		normalize(&mut thirds);
		assert!(sum(&thirds) <= Fixed::one());
		assert_close(sum(&thirds), Fixed::one());
	}

	/// Validator 0 weights miners 1 and 2 at 3:1.
	#[test]
	fn single_validator_sets_consensus_incentive_and_dividends() {
		let subnet = Subnet::new(&[1_000, 0, 0], vec![vec![(1, 3), (2, 1)], vec![], vec![]]);
		let out = subnet.epoch();

		let (three_quarters, quarter) = (frac(3, 4), frac(1, 4));
		assert_eq!(out.active_stake, vec![Fixed::one(), Fixed::zero(), Fixed::zero()]);
		assert_eq!(out.consensus, vec![Fixed::zero(), three_quarters, quarter]);
		assert_eq!(out.incentive, vec![Fixed::zero(), three_quarters, quarter]);
		assert_eq!(out.trust, vec![Fixed::zero(), Fixed::one(), Fixed::one()]);
		assert_eq!(out.validator_trust, vec![Fixed::one(), Fixed::zero(), Fixed::zero()]);
		// ΔB = [0.75, 0.25] column-normalizes to [1, 1]; so do the bonds 0.1 · ΔB.
		assert_eq!(out.bonds, vec![vec![(1, Fixed::one()), (2, Fixed::one())], vec![], vec![]]);
		// D_0 = 1 · 0.75 + 1 · 0.25.
		assert_eq!(out.dividends, vec![Fixed::one(), Fixed::zero(), Fixed::zero()]);
	}

	/// Validators 0 (stake 0.6) and 1 (stake 0.4) both weight miners 2 and 3 at 3:1.
	#[test]
	fn agreeing_validators_earn_dividends_in_proportion_to_stake() {
		let row = vec![(2, 3), (3, 1)];
		let subnet = Subnet::new(&[600, 400, 0, 0], vec![row.clone(), row, vec![], vec![]]);
		let out = subnet.epoch();

		let (three_quarters, quarter) = (frac(3, 4), frac(1, 4));
		let (six_tenths, four_tenths) = (frac(6, 10), frac(4, 10));
		assert_all_close(
			&out.active_stake,
			&[six_tenths, four_tenths, Fixed::zero(), Fixed::zero()],
		);
		assert_all_close(&out.consensus, &[Fixed::zero(), Fixed::zero(), three_quarters, quarter]);
		assert_all_close(&out.incentive, &[Fixed::zero(), Fixed::zero(), three_quarters, quarter]);
		assert_all_close(&out.trust, &[Fixed::zero(), Fixed::zero(), Fixed::one(), Fixed::one()]);
		assert_all_close(
			&out.validator_trust,
			&[Fixed::one(), Fixed::one(), Fixed::zero(), Fixed::zero()],
		);
		// ΔB column 2 = [0.45, 0.30], column 3 = [0.15, 0.10]: both normalize to [0.6, 0.4].
		// Without previous bonds the EMA is 0.1 · ΔB, which normalizes back to ΔB.
		assert_rows_close(
			&out.bonds,
			&[
				vec![(2, six_tenths), (3, six_tenths)],
				vec![(2, four_tenths), (3, four_tenths)],
				vec![],
				vec![],
			],
		);
		// D_0 = 0.6 · 0.75 + 0.6 · 0.25 = 0.6, D_1 = 0.4.
		assert_all_close(&out.dividends, &[six_tenths, four_tenths, Fixed::zero(), Fixed::zero()]);
	}

	/// Validator A (uid 0, stake 0.7) weights miner 2; validator B (uid 1, stake 0.3) weights
	/// only its own miner 3. With kappa 0.5, miner 3's support 0.3 falls short.
	#[test]
	fn colluding_minority_is_clipped_to_nothing() {
		let subnet =
			Subnet::new(&[700, 300, 0, 0], vec![vec![(2, 1)], vec![(3, 1)], vec![], vec![]]);
		let out = subnet.epoch();

		assert_all_close(
			&out.consensus,
			&[Fixed::zero(), Fixed::zero(), Fixed::one(), Fixed::zero()],
		);
		assert_all_close(
			&out.incentive,
			&[Fixed::zero(), Fixed::zero(), Fixed::one(), Fixed::zero()],
		);
		// P_3 = 0.3 but R_3 = 0.
		assert_all_close(&out.trust, &[Fixed::zero(), Fixed::zero(), Fixed::one(), Fixed::zero()]);
		assert_all_close(
			&out.validator_trust,
			&[Fixed::one(), Fixed::zero(), Fixed::zero(), Fixed::zero()],
		);
		assert_rows_close(&out.bonds, &[vec![(2, Fixed::one())], vec![], vec![], vec![]]);
		assert_all_close(
			&out.dividends,
			&[Fixed::one(), Fixed::zero(), Fixed::zero(), Fixed::zero()],
		);
	}

	/// As above, but B splits 50/50 between miners 2 and 3.
	///
	/// C_2: at c = 1 the support is 0.7 ≥ 0.5, so C_2 = 1. C_3: at c = 0.5 the support is
	/// 0.3 < 0.5, so C_3 = 0. P_2 = R_2 = 0.7 + 0.3 · 0.5 = 0.85; P_3 = 0.15, R_3 = 0.
	/// ΔB column 2 = [0.7, 0.15] / 0.85 = [14/17, 3/17], which are also the dividends.
	#[test]
	fn colluding_minority_split_keeps_only_its_agreeing_half() {
		let subnet = Subnet::new(
			&[700, 300, 0, 0],
			vec![vec![(2, 1)], vec![(2, 1), (3, 1)], vec![], vec![]],
		);
		let out = subnet.epoch();

		let zero = Fixed::zero();
		assert_all_close(&out.consensus, &[zero, zero, Fixed::one(), zero]);
		assert_all_close(&out.incentive, &[zero, zero, Fixed::one(), zero]);
		assert_all_close(&out.trust, &[zero, zero, Fixed::one(), zero]);
		assert_all_close(&out.validator_trust, &[Fixed::one(), frac(1, 2), zero, zero]);
		assert_rows_close(
			&out.bonds,
			&[vec![(2, frac(14, 17))], vec![(2, frac(3, 17))], vec![], vec![]],
		);
		assert_all_close(&out.dividends, &[frac(14, 17), frac(3, 17), zero, zero]);
	}

	/// Validator 0 (stake 0.6) weights miner 2 fully; validator 1 (stake 0.4) weights miner 2
	/// fully and miner 3 fully. kappa sets the consensus quantile.
	#[test]
	fn consensus_is_the_stake_weighted_kappa_quantile() {
		let mut subnet = Subnet::new(
			&[600, 400, 0, 0],
			vec![vec![(2, 1)], vec![(2, 1), (3, 1)], vec![], vec![]],
		);
		let zero = Fixed::zero();

		// kappa = 1: every staked validator must support the value. C_2 = min(1, 0.5).
		subnet.kappa = Fixed::one();
		assert_all_close(&subnet.epoch().consensus, &[zero, zero, frac(1, 2), zero]);

		// kappa = 0: the highest weight any staked validator gives.
		subnet.kappa = zero;
		assert_all_close(&subnet.epoch().consensus, &[zero, zero, Fixed::one(), frac(1, 2)]);

		// kappa = 0.4: C_3 has support 0.4 exactly, which suffices.
		subnet.kappa = frac(4, 10);
		assert_all_close(&subnet.epoch().consensus, &[zero, zero, Fixed::one(), frac(1, 2)]);

		// kappa above one counts as one.
		subnet.kappa = frac(3, 1);
		assert_all_close(&subnet.epoch().consensus, &[zero, zero, frac(1, 2), zero]);
	}

	/// Stake 1 against stake 2 with kappa 0.5: a third of the stake is not half, even though
	/// 0.5 · 3 = 1.5 rounds down to 1.
	#[test]
	fn consensus_threshold_rounds_up() {
		let subnet = Subnet::new(&[1, 2, 0, 0], vec![vec![(2, 1)], vec![(3, 1)], vec![], vec![]]);
		let out = subnet.epoch();
		let zero = Fixed::zero();
		assert_eq!(out.consensus, vec![zero, zero, zero, Fixed::one()]);
	}

	/// uid 0 (stake 500) is the only counted validator. uid 1 has no permit, uid 2 is inactive.
	/// uid 0's row names itself, an out-of-range uid 99 and uid 5, which registered after uid 0
	/// last set weights; what remains is miners 3 and 4 at 1:1.
	#[test]
	fn ignores_unpermitted_inactive_self_outdated_and_out_of_range() {
		let mut subnet = Subnet::new(
			&[500, 1_000, 1_000, 0, 0, 0],
			vec![
				vec![(0, 5), (3, 1), (99, 7), (4, 1), (5, 4)],
				vec![(3, 1)],
				vec![(3, 1)],
				vec![],
				vec![],
				vec![],
			],
		);
		subnet.validator_permit[1] = false;
		subnet.active[2] = false;
		subnet.last_update[0] = 50;
		subnet.registered_at[5] = 100;
		// Registering in the very block of the update does not make a weight outdated.
		subnet.registered_at[4] = 50;
		// uid 1 loses its bonds with its permit.
		subnet.bonds = vec![vec![], vec![(3, Fixed::one())]];
		let out = subnet.epoch();

		let (zero, one, half) = (Fixed::zero(), Fixed::one(), frac(1, 2));
		assert_eq!(out.active_stake, vec![one, zero, zero, zero, zero, zero]);
		assert_eq!(out.consensus, vec![zero, zero, zero, half, half, zero]);
		assert_eq!(out.incentive, vec![zero, zero, zero, half, half, zero]);
		assert_eq!(out.trust, vec![zero, zero, zero, one, one, zero]);
		// The inactive but permitted uid 2 keeps its weights: min(1, C_3) = 0.5.
		assert_eq!(out.validator_trust, vec![one, zero, half, zero, zero, zero]);
		assert_eq!(out.dividends, vec![one, zero, zero, zero, zero, zero]);
		assert_eq!(
			out.bonds,
			vec![vec![(3, one), (4, one)], vec![], vec![], vec![], vec![], vec![]]
		);
	}

	/// Row order does not matter and a target named twice gets the sum of its weights:
	/// [(3, 1), (2, 2), (3, 1)] is miners 2 and 3 at 1:1.
	#[test]
	fn unsorted_rows_and_duplicate_targets_are_summed() {
		let subnet =
			Subnet::new(&[1, 0, 0, 0], vec![vec![(3, 1), (2, 2), (3, 1)], vec![], vec![], vec![]]);
		let out = subnet.epoch();
		let (zero, half) = (Fixed::zero(), frac(1, 2));
		assert_eq!(out.incentive, vec![zero, zero, half, half]);
		assert_eq!(out.bonds[0], vec![(2, Fixed::one()), (3, Fixed::one())]);
	}

	/// Epoch 1: validators 0 (0.6) and 1 (0.4) both weight miner 2; bonds [0.6, 0.4].
	/// Epoch 2: validator 1 switches to miner 3, whose support 0.4 < kappa 0.5 clips it to zero.
	/// ΔB column 2 = [1, 0]; with alpha 0.1 the bonds become
	/// [0.1 · 1 + 0.9 · 0.6, 0.9 · 0.4] = [0.64, 0.36], already column-normalized.
	/// Epoch 3 (unchanged weights): [0.1 + 0.9 · 0.64, 0.9 · 0.36] = [0.676, 0.324].
	#[test]
	fn bonds_follow_an_exponential_moving_average() {
		let mut subnet =
			Subnet::new(&[600, 400, 0, 0], vec![vec![(2, 1)], vec![(2, 1)], vec![], vec![]]);
		let zero = Fixed::zero();

		let first = subnet.epoch();
		assert_rows_close(
			&first.bonds,
			&[vec![(2, frac(6, 10))], vec![(2, frac(4, 10))], vec![], vec![]],
		);
		assert_all_close(&first.dividends, &[frac(6, 10), frac(4, 10), zero, zero]);

		subnet.weights[1] = vec![(3, 1)];
		subnet.bonds = first.bonds;
		let second = subnet.epoch();
		assert_all_close(&second.incentive, &[zero, zero, Fixed::one(), zero]);
		assert_all_close(&second.validator_trust, &[Fixed::one(), zero, zero, zero]);
		assert_rows_close(
			&second.bonds,
			&[vec![(2, frac(64, 100))], vec![(2, frac(36, 100))], vec![], vec![]],
		);
		assert_all_close(&second.dividends, &[frac(64, 100), frac(36, 100), zero, zero]);

		subnet.bonds = second.bonds;
		let third = subnet.epoch();
		assert_rows_close(
			&third.bonds,
			&[vec![(2, frac(676, 1000))], vec![(2, frac(324, 1000))], vec![], vec![]],
		);
		assert_all_close(&third.dividends, &[frac(676, 1000), frac(324, 1000), zero, zero]);
	}

	/// Previous bonds [3, 1] toward miner 2 count as [0.75, 0.25]. With ΔB = [0.6, 0.4] and
	/// alpha 0.5: [0.5 · 0.6 + 0.5 · 0.75, 0.5 · 0.4 + 0.5 · 0.25] = [0.675, 0.325].
	#[test]
	fn previous_bonds_are_column_normalized_before_the_average() {
		let mut subnet = Subnet::new(&[600, 400, 0], vec![vec![(2, 1)], vec![(2, 1)], vec![]]);
		subnet.bonds_alpha = frac(1, 2);
		subnet.bonds = vec![vec![(2, frac(3, 1))], vec![(2, Fixed::one())]];
		let out = subnet.epoch();
		assert_rows_close(
			&out.bonds,
			&[vec![(2, frac(675, 1000))], vec![(2, frac(325, 1000))], vec![]],
		);
		assert_all_close(&out.dividends, &[frac(675, 1000), frac(325, 1000), Fixed::zero()]);
	}

	/// Validator 0 last set weights at block 50; uid 2 re-registered at block 100, so validator
	/// 0's bond toward uid 2 belonged to its previous occupant. Bonds toward uid 9 (out of range)
	/// are dropped too.
	#[test]
	fn previous_bonds_toward_reregistered_or_absent_uids_are_dropped() {
		let mut subnet = Subnet::new(&[1, 0, 0, 0], vec![vec![(3, 1)], vec![], vec![], vec![]]);
		subnet.last_update[0] = 50;
		subnet.registered_at[2] = 100;
		subnet.bonds = vec![vec![(2, Fixed::one()), (3, Fixed::one()), (9, Fixed::one())]];
		let out = subnet.epoch();
		assert_eq!(out.bonds, vec![vec![(3, Fixed::one())], vec![], vec![], vec![]]);
	}

	/// An alpha of one forgets the previous bonds; an alpha of zero keeps them.
	#[test]
	fn bonds_alpha_extremes() {
		let mut subnet =
			Subnet::new(&[600, 400, 0, 0], vec![vec![(2, 1)], vec![(2, 1)], vec![], vec![]]);
		subnet.bonds = vec![vec![(2, frac(9, 10))], vec![(2, frac(1, 10))]];

		subnet.bonds_alpha = Fixed::one();
		assert_rows_close(
			&subnet.epoch().bonds,
			&[vec![(2, frac(6, 10))], vec![(2, frac(4, 10))], vec![], vec![]],
		);

		subnet.bonds_alpha = Fixed::zero();
		assert_rows_close(
			&subnet.epoch().bonds,
			&[vec![(2, frac(9, 10))], vec![(2, frac(1, 10))], vec![], vec![]],
		);
	}

	#[test]
	fn empty_subnet_yields_empty_output() {
		let out = Subnet::new(&[], vec![]).epoch();
		assert_eq!(out, EpochOutput::default());
	}

	/// Without counted stake nothing is earned; previous bonds survive, column-normalized.
	#[test]
	fn all_zero_stake_yields_zero_vectors() {
		let mut subnet = Subnet::new(&[0, 0, 0], vec![vec![(1, 1)], vec![(2, 1)], vec![(1, 1)]]);
		subnet.bonds = vec![vec![(1, frac(1, 2))]];
		let out = subnet.epoch();
		assert_eq!(out.consensus, zeros(3));
		assert_eq!(out.incentive, zeros(3));
		assert_eq!(out.dividends, zeros(3));
		assert_eq!(out.trust, zeros(3));
		assert_eq!(out.validator_trust, zeros(3));
		assert_eq!(out.active_stake, zeros(3));
		assert_eq!(out.bonds, vec![vec![(1, Fixed::one())], vec![], vec![]]);
	}

	/// Stake that counts but sets no weights earns nothing and panics nowhere.
	#[test]
	fn no_weights_yields_zero_vectors() {
		let out = Subnet::new(&[5, 5], vec![]).epoch();
		assert_eq!(out.active_stake, vec![frac(1, 2), frac(1, 2)]);
		assert_eq!(out.consensus, zeros(2));
		assert_eq!(out.incentive, zeros(2));
		assert_eq!(out.dividends, zeros(2));
		assert_eq!(out.bonds, vec![Vec::<(u16, Fixed)>::new(); 2]);
	}

	/// Slices shorter than `stake` read as false, zero or empty; longer ones are cut at `n`.
	#[test]
	fn mismatched_lengths_are_padded_or_cut() {
		let weights = vec![vec![(1, 1)], vec![(0, 1)], vec![(0, 1)], vec![(1, 1)]];
		let bonds = vec![vec![], vec![], vec![], vec![(1, Fixed::one())]];
		let out = epoch(&EpochInput {
			stake: &[10, 10, 10],
			validator_permit: &[true, true],
			active: &[true],
			last_update: &[],
			registered_at: &[0, 0, 0, 0, 0],
			weights: &weights,
			bonds: &bonds,
			kappa: frac(1, 2),
			bonds_alpha: frac(1, 10),
		});
		let (zero, one) = (Fixed::zero(), Fixed::one());
		// Only uid 0 counts; uid 1 is permitted but inactive, uid 2 has neither.
		assert_eq!(out.active_stake, vec![one, zero, zero]);
		assert_eq!(out.consensus, vec![zero, one, zero]);
		assert_eq!(out.incentive, vec![zero, one, zero]);
		assert_eq!(out.validator_trust, vec![one, zero, zero]);
		assert_eq!(out.dividends, vec![one, zero, zero]);
		assert_eq!(out.bonds, vec![vec![(1, one)], vec![], vec![]]);
	}

	/// Stakes whose total overflows a `u128` still split evenly.
	#[test]
	fn huge_stakes_do_not_overflow() {
		let subnet =
			Subnet::new(&[u128::MAX, u128::MAX, 0], vec![vec![(2, 1)], vec![(2, 1)], vec![]]);
		let out = subnet.epoch();
		assert_all_close(&out.active_stake, &[frac(1, 2), frac(1, 2), Fixed::zero()]);
		assert_all_close(&out.dividends, &[frac(1, 2), frac(1, 2), Fixed::zero()]);
	}

	/// n = 256 with 64 validators, each weighting all 256 uids with pseudo-random weights, over
	/// two epochs so that the second averages in the first's bonds.
	#[test]
	fn full_subnet_of_256_uids() {
		const N: usize = 256;
		const VALIDATORS: usize = 64;
		let mut seed: u64 = 0x5eed;
		let mut next_weight = || {
			seed = seed
				.wrapping_mul(6_364_136_223_846_793_005)
				.wrapping_add(1_442_695_040_888_963_407);
			(seed >> 48) as u16
		};
		let stake: Vec<u128> = (0..N)
			.map(|uid| if uid < VALIDATORS { (uid as u128 + 1) * 1_000_000_000 } else { 0 })
			.collect();
		let weights: Vec<Vec<(u16, u16)>> = (0..N)
			.map(|uid| {
				if uid < VALIDATORS {
					(0..N as u16).map(|target| (target, next_weight())).collect()
				} else {
					Vec::new()
				}
			})
			.collect();
		let mut subnet = Subnet::new(&stake, weights);
		subnet.validator_permit = (0..N).map(|uid| uid < VALIDATORS).collect();

		for _ in 0..2 {
			let out = subnet.epoch();
			assert_close(sum(&out.incentive), Fixed::one());
			assert_close(sum(&out.dividends), Fixed::one());
			assert!(out.bonds[VALIDATORS..].iter().all(Vec::is_empty));
			subnet.bonds = out.bonds;
		}
	}
}
