//! The runtime's call filter: what no signed account, and no collective origin, may dispatch.
//!
//! It stops every call of the Senate collective (`Senate::propose`, `vote`, `close`,
//! `execute`, `disapprove_proposal`, `kill`, `set_members`, ...). Motions reach the Senate only
//! through `Governance::propose`/`vote`/`close`, which check that a triumvir proposes, that a
//! vote is signed by the coldkey owning a seat held since the motion was proposed, and that
//! the motion's call is judged against the seats it was proposed to; the collective's own calls
//! would skip all of that (a senator's hotkey could `execute` with a Member origin, or
//! `propose` with threshold 1 and dispatch at once). A ratified motion drops another motion
//! with `Governance::disapprove_motion`.
//!
//! Nested calls are filtered too: `Utility::batch*` and `as_derivative` dispatch each inner
//! call through the same filter. Root, which only an enacted referendum reaches, is not
//! filtered.

use crate::RuntimeCall;
use frame_support::traits::Contains;

/// Refuses the Senate collective's own calls; see the module documentation.
pub struct GovernanceCallFilter;

impl Contains<RuntimeCall> for GovernanceCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::Senate(_))
	}
}
