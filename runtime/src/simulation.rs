//! What the [`SimulationApi`](dtao_primitives::api::SimulationApi) does: apply a call as if
//! `who` had signed it, so that a client can run the governance flow (propose, vote, close)
//! on a copy of the chain's state with the chain's own code, fees and events included,
//! without anyone's keys.

use crate::{
	AccountId, Address, Runtime, RuntimeCall, Signature, System, TxExtension, UncheckedExtrinsic,
};
use codec::Encode;
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use sp_runtime::{
	generic::{CheckedExtrinsic, Era, ExtrinsicFormat},
	traits::Applyable,
	transaction_validity::InvalidTransaction,
	ApplyExtrinsicResult,
};

/// The transaction extensions a wallet signs for `who` today: its next nonce, an immortal
/// era and no tip.
fn extensions(who: &AccountId) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(System::account_nonce(who)),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_system::WeightReclaim::new(),
	)
}

/// Applies `call` signed by `who`, as `frame_executive::Executive::apply_extrinsic` applies a
/// signed extrinsic after checking its signature. The length the fee is charged for is the
/// length of the same extrinsic with a real-sized sr25519 signature.
pub fn apply_as(who: AccountId, call: RuntimeCall) -> ApplyExtrinsicResult {
	let extension = extensions(&who);
	let encoded = UncheckedExtrinsic::new_signed(
		call.clone(),
		Address::Id(who.clone()),
		Signature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64])),
		extension.clone(),
	)
	.encode();
	let xt: CheckedExtrinsic<AccountId, RuntimeCall, TxExtension> =
		CheckedExtrinsic { format: ExtrinsicFormat::Signed(who, extension), function: call };
	let info = xt.get_dispatch_info();
	if info.class == DispatchClass::Mandatory {
		return Err(InvalidTransaction::MandatoryValidation.into());
	}
	if !System::inherents_applied() {
		crate::Executive::inherents_applied();
	}
	let length = encoded.len();
	System::note_extrinsic(encoded);
	let result = Applyable::apply::<Runtime>(xt, &info, length)?;
	System::note_applied_extrinsic(&result, info);
	Ok(result.map(|_| ()).map_err(|e| e.error))
}
