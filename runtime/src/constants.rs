//! Units of currency and time.

/// Currency units. 1 TAO = 10⁹ rao, as on Bittensor.
pub mod currency {
	use crate::Balance;

	/// The smallest unit.
	pub const RAO: Balance = 1;
	/// One TAO.
	pub const TAO: Balance = 1_000_000_000 * RAO;
	/// The supply cap: 21 M TAO.
	pub const MAX_SUPPLY: Balance = 21_000_000 * TAO;
	/// An account needs this much to exist (500 rao, as on Bittensor).
	pub const EXISTENTIAL_DEPOSIT: Balance = 500 * RAO;

	/// A storage deposit: a base per item plus a price per byte.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		items as Balance * TAO / 10 + bytes as Balance * TAO / 10_000
	}
}

/// Block time units, for 12-second blocks.
pub mod time {
	use crate::BlockNumber;

	/// Milliseconds per block (and per Aura slot).
	pub const MILLI_SECS_PER_BLOCK: u64 = 12_000;
	/// The Aura slot duration.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

	/// Blocks per minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// Blocks per hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks per day.
	pub const DAYS: BlockNumber = HOURS * 24;
	/// One Bittensor tempo: 360 blocks.
	pub const TEMPO: BlockNumber = 360;
}

#[cfg(test)]
mod tests {
	use super::{currency::*, time::*};

	#[test]
	fn units_match_bittensor() {
		assert_eq!(TAO, 1_000_000_000);
		assert_eq!(MAX_SUPPLY, 21_000_000_000_000_000);
		assert_eq!(MINUTES, 5);
		assert_eq!(HOURS, 300);
		assert_eq!(12 * HOURS, 3_600);
		assert_eq!(DAYS, 7_200);
	}

	#[test]
	fn deposits_grow_with_size() {
		assert_eq!(deposit(1, 0), TAO / 10);
		assert!(deposit(1, 100) < deposit(1, 1_000));
	}
}
