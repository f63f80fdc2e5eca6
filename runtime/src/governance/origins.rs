//! Who may do what.
//!
//! * **Ratified** ([`Ratified`]): a Senate motion approved by more than half of the seats it
//!   was proposed to, which only a triumvir can open and close, or Root, which only a passed
//!   referendum reaches. Every governed parameter, the Triumvirate's membership, runtime upgrades and
//!   external referendum proposals need it.
//! * **Triumvirate two-thirds** ([`TriumvirateTwoThirds`]): fast-tracks a referendum.
//! * **Triumvirate unanimous** ([`TriumvirateUnanimous`]): cancels a referendum or a public
//!   proposal.
//! * **One triumvir** ([`OneTriumvir`]): vetoes an external proposal (with a cool-off).

use crate::{AccountId, Runtime, SenateInstance, TriumvirateInstance};

/// A ratified change: a Senate majority, or Root from a referendum.
pub type Ratified = pallet_dtao_governance::EnsureRatified<Runtime, SenateInstance>;

/// At least two of the three triumvirs, through a Triumvirate motion.
pub type TriumvirateTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, TriumvirateInstance, 2, 3>;

/// All three triumvirs, through a Triumvirate motion.
pub type TriumvirateUnanimous =
	pallet_collective::EnsureProportionAtLeast<AccountId, TriumvirateInstance, 1, 1>;

/// Any single triumvir, acting through `Triumvirate::execute`.
pub type OneTriumvir = pallet_collective::EnsureMember<AccountId, TriumvirateInstance>;
