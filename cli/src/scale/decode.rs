//! Decoding: SCALE bytes of a type of the metadata into the written form of proposal files,
//! so what `check` prints can be pasted back into a file.

use super::CompactWidth;
use super::{
	forms::{format_percent, uint_json},
	hint_of, is_inline_preimage, parse_hex, per_thing_scale, type_name, Hint, Types,
};
use codec::{Compact, Decode};
use scale_info::{form::PortableForm, Field, TypeDef, TypeDefPrimitive};
use serde_json::{Map, Value as Json};
use sp_core::crypto::{AccountId32, Ss58Codec};

/// Why bytes do not decode as a type.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
	/// The metadata has no such type.
	#[error("the metadata has no type #{0}")]
	UnknownType(u32),
	/// The metadata describes a type in a shape this decoder does not know.
	#[error("{0} is malformed in the metadata")]
	Malformed(&'static str),
	/// An enum index that the type does not have.
	#[error("no variant {index} in {ty}")]
	NoVariant {
		/// The index read.
		index: u8,
		/// The enum.
		ty: String,
	},
	/// A call index that the pallet does not have.
	#[error("no call {index} in pallet {pallet}")]
	NoCall {
		/// The index read.
		index: u8,
		/// The pallet.
		pallet: String,
	},
	/// The input ends inside a value.
	#[error("{0} is longer than its input")]
	TooShort(&'static str),
	/// Bytes remain after the value.
	#[error("{0} bytes left over after decoding")]
	LeftOver(usize),
	/// A kind of type no runtime call or storage of this chain uses.
	#[error("{0} are not supported")]
	Unsupported(&'static str),
	/// SCALE's own error (input too short, an invalid boolean, …).
	#[error(transparent)]
	Scale(#[from] codec::Error),
}

const CALL_ENUM: DecodeError = DecodeError::Malformed("the runtime's call enum");

impl Types<'_> {
	/// Decodes all of `bytes` as type `id`, in the written form of proposal files.
	pub fn decode(&self, bytes: &[u8], id: u32) -> Result<Json, DecodeError> {
		let mut input = bytes;
		let value = self.decode_from(&mut input, id, Hint::None)?;
		if !input.is_empty() {
			return Err(DecodeError::LeftOver(input.len()));
		}
		Ok(value)
	}

	/// Decodes a value of type `id` from the front of `input`.
	pub fn decode_prefix(&self, input: &mut &[u8], id: u32) -> Result<Json, DecodeError> {
		self.decode_from(input, id, Hint::None)
	}

	fn decode_from(&self, input: &mut &[u8], id: u32, hint: Hint) -> Result<Json, DecodeError> {
		let ty = self.registry.resolve(id).ok_or(DecodeError::UnknownType(id))?;
		let name = type_name(ty);
		if name == "AccountId32" {
			let account = AccountId32::decode(input)?;
			return Ok(Json::String(account.to_ss58check()));
		}
		if let Some(scale) = per_thing_scale(ty) {
			let TypeDef::Composite(c) = &ty.type_def else {
				return Err(DecodeError::Malformed("a per-thing type"));
			};
			let inner = c
				.fields
				.first()
				.map(|f| f.ty.id)
				.ok_or(DecodeError::Malformed("a per-thing type"))?;
			let parts = self.decode_from(input, inner, Hint::None)?;
			let parts = parts.as_u64().ok_or(DecodeError::Malformed("a per-thing type"))? as u128;
			return Ok(Json::String(format_percent(parts, scale)));
		}
		Ok(match &ty.type_def {
			TypeDef::Composite(c) => {
				if c.fields.len() == 1 && c.fields[0].name.is_none() {
					let f = &c.fields[0];
					let hint = if hint == Hint::None { hint_of(f) } else { hint };
					return self.decode_from(input, f.ty.id, hint);
				}
				self.decode_fields(input, &c.fields)?
			}
			TypeDef::Variant(v) => {
				let index = u8::decode(input)?;
				let variant = v
					.variants
					.iter()
					.find(|x| x.index == index)
					.ok_or_else(|| DecodeError::NoVariant { index, ty: name.to_string() })?;
				if name == "RuntimeCall" {
					let calls_ty = variant.fields.first().ok_or(CALL_ENUM)?.ty.id;
					let calls = self.registry.resolve(calls_ty).ok_or(CALL_ENUM)?;
					let TypeDef::Variant(calls) = &calls.type_def else {
						return Err(CALL_ENUM);
					};
					let call_index = u8::decode(input)?;
					let call =
						calls.variants.iter().find(|x| x.index == call_index).ok_or_else(|| {
							DecodeError::NoCall { index: call_index, pallet: variant.name.clone() }
						})?;
					let mut args = Map::new();
					for f in &call.fields {
						let key = f.name.clone().unwrap_or_default();
						args.insert(key, self.decode_from(input, f.ty.id, hint_of(f))?);
					}
					let mut node = Map::new();
					node.insert("pallet".into(), Json::String(variant.name.clone()));
					node.insert("call".into(), Json::String(call.name.clone()));
					node.insert("args".into(), Json::Object(args));
					return Ok(Json::Object(node));
				}
				if name == "Option" {
					return if variant.fields.is_empty() {
						Ok(Json::Null)
					} else {
						self.decode_from(input, variant.fields[0].ty.id, hint)
					};
				}
				if variant.fields.is_empty() {
					Json::String(variant.name.clone())
				} else {
					let mut fields = self.decode_fields(input, &variant.fields)?;
					// An inline preimage shows as the call it holds.
					if let (true, Some(call_ty), Json::String(hex)) =
						(is_inline_preimage(name, &variant.name), self.call_ty, &fields)
					{
						let call =
							parse_hex("", hex).ok().and_then(|b| self.decode(&b, call_ty).ok());
						if let Some(call) = call {
							fields = call;
						}
					}
					let mut node = Map::new();
					node.insert(variant.name.clone(), fields);
					Json::Object(node)
				}
			}
			TypeDef::Sequence(s) => {
				let len = Compact::<u32>::decode(input)?.0 as usize;
				if self.is_u8(s.type_param.id) {
					if input.len() < len {
						return Err(DecodeError::TooShort("a byte string"));
					}
					let (bytes, rest) = input.split_at(len);
					*input = rest;
					return Ok(Json::String(format!("0x{}", hex::encode(bytes))));
				}
				let mut items = Vec::with_capacity(len.min(1024));
				for _ in 0..len {
					items.push(self.decode_from(input, s.type_param.id, hint)?);
				}
				Json::Array(items)
			}
			TypeDef::Array(a) => {
				let len = a.len as usize;
				if self.is_u8(a.type_param.id) {
					if input.len() < len {
						return Err(DecodeError::TooShort("a byte array"));
					}
					let (bytes, rest) = input.split_at(len);
					*input = rest;
					return Ok(Json::String(format!("0x{}", hex::encode(bytes))));
				}
				let mut items = Vec::with_capacity(len);
				for _ in 0..len {
					items.push(self.decode_from(input, a.type_param.id, hint)?);
				}
				Json::Array(items)
			}
			TypeDef::Tuple(t) => {
				if t.fields.is_empty() {
					return Ok(Json::Array(vec![]));
				}
				let mut items = Vec::new();
				for f in &t.fields {
					items.push(self.decode_from(input, f.id, hint)?);
				}
				Json::Array(items)
			}
			TypeDef::Primitive(p) => self.decode_primitive(input, p, hint)?,
			TypeDef::Compact(c) => {
				let inner = self
					.registry
					.resolve(c.type_param.id)
					.ok_or(DecodeError::UnknownType(c.type_param.id))?;
				let width =
					CompactWidth::of(inner).ok_or(DecodeError::Unsupported("this compact type"))?;
				uint_json(width.decode(input)?, hint)
			}
			TypeDef::BitSequence(_) => return Err(DecodeError::Unsupported("bit sequences")),
		})
	}

	fn decode_fields(
		&self,
		input: &mut &[u8],
		fields: &[Field<PortableForm>],
	) -> Result<Json, DecodeError> {
		if fields.iter().all(|f| f.name.is_some()) {
			let mut map = Map::new();
			for f in fields {
				map.insert(
					f.name.clone().unwrap_or_default(),
					self.decode_from(input, f.ty.id, hint_of(f))?,
				);
			}
			return Ok(Json::Object(map));
		}
		if fields.len() == 1 {
			return self.decode_from(input, fields[0].ty.id, hint_of(&fields[0]));
		}
		let mut items = Vec::new();
		for f in fields {
			items.push(self.decode_from(input, f.ty.id, hint_of(f))?);
		}
		Ok(Json::Array(items))
	}

	fn decode_primitive(
		&self,
		input: &mut &[u8],
		p: &TypeDefPrimitive,
		hint: Hint,
	) -> Result<Json, DecodeError> {
		use TypeDefPrimitive as P;
		Ok(match p {
			P::Bool => Json::Bool(bool::decode(input)?),
			P::Str => Json::String(String::decode(input)?),
			P::Char => return Err(DecodeError::Unsupported("char")),
			P::U8 => uint_json(u8::decode(input)?.into(), hint),
			P::U16 => uint_json(u16::decode(input)?.into(), hint),
			P::U32 => uint_json(u32::decode(input)?.into(), hint),
			P::U64 => uint_json(u64::decode(input)?.into(), hint),
			P::U128 => uint_json(u128::decode(input)?, hint),
			P::I8 => Json::from(i8::decode(input)?),
			P::I16 => Json::from(i16::decode(input)?),
			P::I32 => Json::from(i32::decode(input)?),
			P::I64 => Json::from(i64::decode(input)?),
			P::I128 => Json::String(i128::decode(input)?.to_string()),
			P::U256 | P::I256 => return Err(DecodeError::Unsupported("256-bit integers")),
		})
	}
}
