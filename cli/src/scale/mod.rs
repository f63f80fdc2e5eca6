//! Values of runtime types, both ways, driven by the type registry of the runtime metadata.
//!
//! [`Types::encode`] ([`encode`]) turns an argument written in a proposal file (TOML, handled here as JSON
//! values) into SCALE bytes of a given type, and reports the first problem with the path of
//! the field it is in (`call[0].args.min_stake`). [`Types::decode`] turns bytes back into the
//! same form ([`decode`]), so what `check` prints can be pasted back into a proposal file.
//!
//! The written forms ([`forms`]), beyond the obvious ones (integers, booleans, strings, tables for structs,
//! arrays for sequences and tuples):
//! * a runtime call: `{ pallet = "Staking", call = "set_min_stake", args = { … } }`;
//! * an account: an SS58 address or `0x` and 64 hex digits;
//! * hashes and byte strings: `0x` and hex digits;
//! * an enum variant: its name (`"Aye"`) or a one-entry table (`{ Some = 5 }`);
//! * `Percent`, `Permill`, `Perbill`, `Perquintill`: `"12.5%"` or the raw parts as an integer;
//! * a field whose type is a balance: an integer number of rao, or `"1.5 TAO"`, `"2000 rao"`;
//! * integers too large for TOML: a string of digits (`"340282366920938463463374607431768211455"`).

mod decode;
mod encode;
pub mod forms;

pub use decode::DecodeError;
pub use forms::{format_tao, join, parse_account, parse_hex, suggest, FieldError, RAO_PER_TAO};

use scale_info::{form::PortableForm, Field, PortableRegistry, Type, TypeDef, TypeDefPrimitive};

/// The most bytes a call held inline as a preimage may have (`Bounded::Inline`).
pub const MAX_INLINE_CALL: usize = 128;

/// The type registry of one runtime's metadata.
#[derive(Clone, Copy)]
pub struct Types<'a> {
	registry: &'a PortableRegistry,
	/// The runtime's call enum, for calls held as bytes (a referendum's inline proposal).
	call_ty: Option<u32>,
}

/// What kind of value a field of a type holds, for the forms it accepts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hint {
	None,
	Balance,
}

fn hint_of(field: &Field<PortableForm>) -> Hint {
	match &field.type_name {
		Some(name) if name.contains("Balance") => Hint::Balance,
		_ => Hint::None,
	}
}

/// The last segment of a type's path (`AccountId32`, `RuntimeCall`, `Option`, …).
fn type_name(ty: &Type<PortableForm>) -> &str {
	ty.path.segments.last().map(String::as_str).unwrap_or("")
}

const PER_THINGS: [(&str, u128); 4] = [
	("Percent", 100),
	("Permill", 1_000_000),
	("Perbill", 1_000_000_000),
	("Perquintill", 1_000_000_000_000_000_000),
];

fn per_thing_scale(ty: &Type<PortableForm>) -> Option<u128> {
	let name = type_name(ty);
	let in_arithmetic = ty.path.segments.iter().any(|s| s == "per_things");
	PER_THINGS.iter().find(|(n, _)| *n == name && in_arithmetic).map(|(_, s)| *s)
}

impl<'a> Types<'a> {
	/// The types of `registry`.
	pub fn new(registry: &'a PortableRegistry) -> Self {
		let call_ty =
			registry.types.iter().find(|t| type_name(&t.ty) == "RuntimeCall").map(|t| t.id);
		Self { registry, call_ty }
	}

	fn resolve(&self, path: &str, id: u32) -> Result<&'a Type<PortableForm>, FieldError> {
		self.registry.resolve(id).ok_or_else(|| FieldError {
			path: path.into(),
			message: format!("the metadata has no type #{id}"),
		})
	}

	/// Whether type `id` is the runtime's call enum.
	pub fn is_call(&self, id: u32) -> bool {
		self.registry.resolve(id).is_some_and(|t| type_name(t) == "RuntimeCall")
	}

	/// The variant names of the outer call enum `call_ty` (the pallets with calls).
	fn pallets(&self, call_ty: u32) -> Vec<&'a str> {
		match self.registry.resolve(call_ty).map(|t| &t.type_def) {
			Some(TypeDef::Variant(v)) => v.variants.iter().map(|v| v.name.as_str()).collect(),
			_ => vec![],
		}
	}

	/// `name: Type, …` of `fields`, for error messages.
	pub fn signature(&self, fields: &[Field<PortableForm>]) -> String {
		if fields.is_empty() {
			return "no arguments".into();
		}
		fields
			.iter()
			.map(|f| {
				let ty = f.type_name.clone().unwrap_or_else(|| format!("#{}", f.ty.id));
				match &f.name {
					Some(n) => format!("{n}: {ty}"),
					None => ty,
				}
			})
			.collect::<Vec<_>>()
			.join(", ")
	}

	fn is_u8(&self, id: u32) -> bool {
		matches!(
			self.registry.resolve(id).map(|t| &t.type_def),
			Some(TypeDef::Primitive(TypeDefPrimitive::U8))
		)
	}
}

/// The unsigned integer inside a `Compact<…>`, which bounds what it may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CompactWidth {
	U8,
	U16,
	U32,
	U64,
	U128,
}

impl CompactWidth {
	/// The width of the compact type whose inner type is `inner`, if it is an unsigned integer.
	fn of(inner: &Type<PortableForm>) -> Option<Self> {
		Some(match &inner.type_def {
			TypeDef::Primitive(TypeDefPrimitive::U8) => Self::U8,
			TypeDef::Primitive(TypeDefPrimitive::U16) => Self::U16,
			TypeDef::Primitive(TypeDefPrimitive::U32) => Self::U32,
			TypeDef::Primitive(TypeDefPrimitive::U64) => Self::U64,
			TypeDef::Primitive(TypeDefPrimitive::U128) => Self::U128,
			_ => return None,
		})
	}

	fn max(self) -> u128 {
		match self {
			Self::U8 => u8::MAX.into(),
			Self::U16 => u16::MAX.into(),
			Self::U32 => u32::MAX.into(),
			Self::U64 => u64::MAX.into(),
			Self::U128 => u128::MAX,
		}
	}

	fn name(self) -> &'static str {
		match self {
			Self::U8 => "u8",
			Self::U16 => "u16",
			Self::U32 => "u32",
			Self::U64 => "u64",
			Self::U128 => "u128",
		}
	}

	/// Encodes `n`, at most [`Self::max`], as a compact of this width.
	fn encode_to(self, n: u128, out: &mut Vec<u8>) {
		use codec::{Compact, Encode};
		// `n` is within `max()`: each narrowing keeps its value.
		match self {
			Self::U8 => Compact(n as u8).encode_to(out),
			Self::U16 => Compact(n as u16).encode_to(out),
			Self::U32 => Compact(n as u32).encode_to(out),
			Self::U64 => Compact(n as u64).encode_to(out),
			Self::U128 => Compact(n).encode_to(out),
		}
	}

	/// Decodes a compact of this width.
	fn decode(self, input: &mut &[u8]) -> Result<u128, codec::Error> {
		use codec::{Compact, Decode};
		Ok(match self {
			Self::U8 => Compact::<u8>::decode(input)?.0.into(),
			Self::U16 => Compact::<u16>::decode(input)?.0.into(),
			Self::U32 => Compact::<u32>::decode(input)?.0.into(),
			Self::U64 => Compact::<u64>::decode(input)?.0.into(),
			Self::U128 => Compact::<u128>::decode(input)?.0,
		})
	}
}

/// Whether `variant` of type `name` is frame-support's `Bounded::Inline` (call bytes).
fn is_inline_preimage(name: &str, variant: &str) -> bool {
	name == "Bounded" && variant == "Inline"
}
