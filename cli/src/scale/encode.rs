//! Encoding: a value written in a proposal file (TOML, handled as JSON) into SCALE bytes of a
//! type of the metadata, with the path of the first field that is wrong.

use super::CompactWidth;
use super::{
	forms::{describe, err, index, parse_account, parse_hex, parse_int, parse_percent, parse_uint},
	hint_of, is_inline_preimage, join, per_thing_scale, suggest, type_name, FieldError, Hint,
	Types, MAX_INLINE_CALL,
};
use codec::{Compact, Encode};
use scale_info::{form::PortableForm, Field, TypeDef, TypeDefPrimitive, TypeDefVariant};

type MetaType = <PortableForm as scale_info::form::Form>::Type;
use serde_json::{Map, Value as Json};

impl Types<'_> {
	/// Encodes a runtime call written as `{ pallet, call, args }` against the call enum
	/// `call_ty`.
	pub fn encode_call(
		&self,
		path: &str,
		value: &Json,
		call_ty: u32,
	) -> Result<Vec<u8>, FieldError> {
		let mut out = Vec::new();
		self.encode_call_to(path, value, call_ty, &mut out)?;
		Ok(out)
	}

	fn encode_call_to(
		&self,
		path: &str,
		value: &Json,
		call_ty: u32,
		out: &mut Vec<u8>,
	) -> Result<(), FieldError> {
		let Json::Object(table) = value else {
			return err(
				path,
				format!(
					"expected a call table {{ pallet, call, args }}, found {}",
					describe(value)
				),
			);
		};
		for key in table.keys() {
			if !["pallet", "call", "args"].contains(&key.as_str()) {
				return err(
					&join(path, key),
					format!(
						"unknown key `{}`; a call has `pallet`, `call` and `args`",
						key.escape_debug()
					),
				);
			}
		}
		let pallet = match table.get("pallet") {
			Some(Json::String(p)) => p,
			Some(other) => {
				return err(
					&join(path, "pallet"),
					format!("expected a pallet name, found {}", describe(other)),
				)
			}
			None => return err(path, "missing `pallet`"),
		};
		let call = match table.get("call") {
			Some(Json::String(c)) => c,
			Some(other) => {
				return err(
					&join(path, "call"),
					format!("expected a call name, found {}", describe(other)),
				)
			}
			None => return err(path, "missing `call`"),
		};
		let TypeDef::Variant(pallets) = &self.resolve(path, call_ty)?.type_def else {
			return err(path, "the metadata's call type is not an enum");
		};
		let Some(pallet_variant) = pallets.variants.iter().find(|v| &v.name == pallet) else {
			return err(
				&join(path, "pallet"),
				format!(
					"this runtime has no pallet `{}` with calls{}",
					pallet.escape_debug(),
					suggest(pallet, self.pallets(call_ty))
				),
			);
		};
		let calls_ty = pallet_variant.fields.first().map(|f| f.ty.id).ok_or_else(|| {
			FieldError { path: path.into(), message: format!("pallet `{pallet}` has no calls") }
		})?;
		let TypeDef::Variant(calls) = &self.resolve(path, calls_ty)?.type_def else {
			return err(path, format!("pallet `{pallet}`'s call type is not an enum"));
		};
		let Some(call_variant) = calls.variants.iter().find(|v| &v.name == call) else {
			return err(
				&join(path, "call"),
				format!(
					"pallet `{pallet}` has no call `{}`{}",
					call.escape_debug(),
					suggest(call, calls.variants.iter().map(|v| v.name.as_str()))
				),
			);
		};
		out.push(pallet_variant.index);
		out.push(call_variant.index);
		let empty = Json::Object(Map::new());
		let args = table.get("args").unwrap_or(&empty);
		let args_path = join(path, "args");
		let Json::Object(args) = args else {
			return err(
				&args_path,
				format!("expected a table of arguments, found {}", describe(args)),
			);
		};
		for key in args.keys() {
			if !call_variant.fields.iter().any(|f| f.name.as_deref() == Some(key.as_str())) {
				let names: Vec<&str> =
					call_variant.fields.iter().filter_map(|f| f.name.as_deref()).collect();
				return err(
					&join(&args_path, key),
					format!(
						"`{pallet}.{call}` has no argument `{}`{}; it takes: {}",
						key.escape_debug(),
						suggest(key, names.iter().copied()),
						self.signature(&call_variant.fields)
					),
				);
			}
		}
		for field in &call_variant.fields {
			let name = field.name.as_deref().unwrap_or("_");
			let field_path = join(&args_path, name);
			let Some(arg) = args.get(name) else {
				return err(
					&field_path,
					format!(
						"missing argument `{name}` of `{pallet}.{call}`, which takes: {}",
						self.signature(&call_variant.fields)
					),
				);
			};
			self.encode_to(&field_path, arg, field.ty.id, hint_of(field), out)?;
		}
		Ok(())
	}

	/// Encodes `value` as type `id`.
	pub fn encode(&self, path: &str, value: &Json, id: u32) -> Result<Vec<u8>, FieldError> {
		let mut out = Vec::new();
		self.encode_to(path, value, id, Hint::None, &mut out)?;
		Ok(out)
	}

	fn encode_to(
		&self,
		path: &str,
		value: &Json,
		id: u32,
		hint: Hint,
		out: &mut Vec<u8>,
	) -> Result<(), FieldError> {
		let ty = self.resolve(path, id)?;
		let name = type_name(ty);
		if name == "RuntimeCall" {
			return self.encode_call_to(path, value, id, out);
		}
		if name == "AccountId32" {
			let Json::String(s) = value else {
				return err(
					path,
					format!("expected an account (SS58 or 0x-hex), found {}", describe(value)),
				);
			};
			parse_account(path, s)?.encode_to(out);
			return Ok(());
		}
		// A `MultiAddress` also takes a bare account, as polkadot.js writes it: `"5Grw…"`
		// is `{ Id = "5Grw…" }`.
		if let (true, Json::String(s), TypeDef::Variant(v)) =
			(name == "MultiAddress", value, &ty.type_def)
		{
			if !v.variants.iter().any(|x| &x.name == s) {
				parse_account(path, s)?;
				let id_variant = v.variants.iter().find(|x| x.name == "Id");
				let Some((index, field)) =
					id_variant.and_then(|x| Some((x.index, x.fields.first()?.ty.id)))
				else {
					return err(path, "malformed MultiAddress type");
				};
				out.push(index);
				return self.encode_to(&join(path, "Id"), value, field, Hint::None, out);
			}
		}
		if let Some(scale) = per_thing_scale(ty) {
			let parts = match value {
				Json::String(s) => parse_percent(path, s, scale)?,
				other => parse_uint(path, other, Hint::None, scale, name)?,
			};
			if parts > scale {
				return err(path, format!("{parts} is more than 100% ({scale} parts)"));
			}
			let TypeDef::Composite(c) = &ty.type_def else {
				return err(path, format!("{name} is not a composite in the metadata"));
			};
			let inner = c.fields.first().map(|f| f.ty.id).unwrap_or(id);
			return self.encode_to(path, &Json::from(parts as u64), inner, Hint::None, out);
		}
		match &ty.type_def {
			TypeDef::Composite(c) => {
				if c.fields.is_empty() {
					return Ok(());
				}
				if c.fields.len() == 1 && c.fields[0].name.is_none() {
					let f = &c.fields[0];
					let hint = if hint == Hint::None { hint_of(f) } else { hint };
					return self.encode_to(path, value, f.ty.id, hint, out);
				}
				self.encode_fields(path, value, &c.fields, name, out)
			}
			TypeDef::Variant(v) => self.encode_variant(path, value, v, name, hint, out),
			TypeDef::Sequence(s) => self.encode_sequence(path, value, s.type_param.id, hint, out),
			TypeDef::Array(a) => {
				self.encode_array(path, value, a.type_param.id, a.len as usize, hint, out)
			}
			TypeDef::Tuple(t) => self.encode_tuple(path, value, &t.fields, hint, out),
			TypeDef::Primitive(p) => self.encode_primitive(path, value, p, hint, out),
			TypeDef::Compact(c) => {
				let inner = self.resolve(path, c.type_param.id)?;
				let Some(width) = CompactWidth::of(inner) else {
					return err(path, "compact encoding of this type is not supported");
				};
				let n = parse_uint(path, value, hint, width.max(), width.name())?;
				width.encode_to(n, out);
				Ok(())
			}
			TypeDef::BitSequence(_) => {
				err(path, "bit sequences are not supported in proposal files")
			}
		}
	}

	/// An enum: an `Option` (`null`, `"None"` or the value itself), a variant by name or as
	/// a one-entry table, a preimage held inline as the call itself.
	fn encode_variant(
		&self,
		path: &str,
		value: &Json,
		v: &TypeDefVariant<PortableForm>,
		name: &str,
		hint: Hint,
		out: &mut Vec<u8>,
	) -> Result<(), FieldError> {
		if name == "Option" {
			match value {
				Json::Null => {
					out.push(0);
					return Ok(());
				}
				Json::String(s) if s == "None" => {
					out.push(0);
					return Ok(());
				}
				Json::Object(o)
					if o.len() == 1 && (o.contains_key("Some") || o.contains_key("None")) => {}
				other => {
					out.push(1);
					let inner =
						v.variants.iter().find(|x| x.name == "Some").and_then(|x| x.fields.first());
					let Some(inner) = inner else {
						return err(path, "malformed Option type");
					};
					return self.encode_to(path, other, inner.ty.id, hint, out);
				}
			}
		}
		let (variant_name, fields_value) = match value {
			Json::String(s) => (s.as_str(), None),
			Json::Object(o) if o.len() == 1 => {
				let (k, v) = o.iter().next().expect("one entry");
				(k.as_str(), Some(v))
			}
			other => {
				return err(
					path,
					format!(
						"expected one of {} (a name, or a table with one entry), found {}",
						v.variants
							.iter()
							.map(|x| format!("`{}`", x.name))
							.collect::<Vec<_>>()
							.join(", "),
						describe(other)
					),
				)
			}
		};
		let Some(variant) = v.variants.iter().find(|x| x.name == variant_name) else {
			return err(
				path,
				format!(
					"`{}` is not one of {}{}",
					variant_name.escape_debug(),
					v.variants
						.iter()
						.map(|x| format!("`{}`", x.name))
						.collect::<Vec<_>>()
						.join(", "),
					suggest(variant_name, v.variants.iter().map(|x| x.name.as_str()))
				),
			);
		};
		out.push(variant.index);
		let variant_path = join(path, variant_name);
		// A preimage held inline may be written as the call itself.
		if let (true, Some(call), Some(call_ty)) =
			(is_inline_preimage(name, variant_name), fields_value, self.call_ty)
		{
			let bytes = match call {
				Json::String(text) => {
					let bytes = parse_hex(&variant_path, text)?;
					if self.decode(&bytes, call_ty).is_err() {
						return err(&variant_path, "these bytes are not a call of this runtime");
					}
					bytes
				}
				other => self.encode_call(&variant_path, other, call_ty)?,
			};
			if bytes.len() > MAX_INLINE_CALL {
				return err(
					&variant_path,
					format!(
						"an inline proposal holds at most {MAX_INLINE_CALL} bytes, this call has {}; \
						 write the call in `[[call]]` tables with a `[referendum]` table, which notes \
						 longer calls as a preimage",
						bytes.len()
					),
				);
			}
			bytes.encode_to(out);
			return Ok(());
		}
		match (fields_value, variant.fields.len()) {
			(None, 0) => Ok(()),
			(None, _) => {
				err(path, format!("`{variant_name}` needs a value: write {{ {variant_name} = … }}"))
			}
			(Some(fv), _) => {
				self.encode_fields(&variant_path, fv, &variant.fields, variant_name, out)
			}
		}
	}

	/// A sequence: `0x`-hex for bytes, else an array.
	fn encode_sequence(
		&self,
		path: &str,
		value: &Json,
		elem: u32,
		hint: Hint,
		out: &mut Vec<u8>,
	) -> Result<(), FieldError> {
		if self.is_u8(elem) {
			if let Json::String(text) = value {
				let bytes = parse_hex(path, text)?;
				bytes.encode_to(out);
				return Ok(());
			}
		}
		let Json::Array(items) = value else {
			return err(path, format!("expected an array, found {}", describe(value)));
		};
		Compact(items.len() as u32).encode_to(out);
		for (i, item) in items.iter().enumerate() {
			self.encode_to(&index(path, i), item, elem, hint, out)?;
		}
		Ok(())
	}

	/// A fixed-length array: `0x`-hex of exactly `len` bytes, else an array of `len` items.
	fn encode_array(
		&self,
		path: &str,
		value: &Json,
		elem: u32,
		len: usize,
		hint: Hint,
		out: &mut Vec<u8>,
	) -> Result<(), FieldError> {
		if self.is_u8(elem) {
			let Json::String(text) = value else {
				return err(
					path,
					format!("expected `0x` and {} hex digits, found {}", len * 2, describe(value)),
				);
			};
			let bytes = parse_hex(path, text)?;
			if bytes.len() != len {
				return err(path, format!("expected {len} bytes, {text:?} has {}", bytes.len()));
			}
			out.extend_from_slice(&bytes);
			return Ok(());
		}
		let Json::Array(items) = value else {
			return err(path, format!("expected an array of {len}, found {}", describe(value)));
		};
		if items.len() != len {
			return err(path, format!("expected {len} items, found {}", items.len()));
		}
		for (i, item) in items.iter().enumerate() {
			self.encode_to(&index(path, i), item, elem, hint, out)?;
		}
		Ok(())
	}

	/// A tuple: an array of as many items.
	fn encode_tuple(
		&self,
		path: &str,
		value: &Json,
		fields: &[MetaType],
		hint: Hint,
		out: &mut Vec<u8>,
	) -> Result<(), FieldError> {
		let Json::Array(items) = value else {
			return err(
				path,
				format!("expected an array of {} items, found {}", fields.len(), describe(value)),
			);
		};
		if items.len() != fields.len() {
			return err(path, format!("expected {} items, found {}", fields.len(), items.len()));
		}
		for (i, (item, f)) in items.iter().zip(fields).enumerate() {
			self.encode_to(&index(path, i), item, f.id, hint, out)?;
		}
		Ok(())
	}

	fn encode_fields(
		&self,
		path: &str,
		value: &Json,
		fields: &[Field<PortableForm>],
		owner: &str,
		out: &mut Vec<u8>,
	) -> Result<(), FieldError> {
		let named = fields.iter().all(|f| f.name.is_some());
		if named {
			let Json::Object(table) = value else {
				return err(
					path,
					format!(
						"expected a table with {}, found {}",
						self.signature(fields),
						describe(value)
					),
				);
			};
			for key in table.keys() {
				if !fields.iter().any(|f| f.name.as_deref() == Some(key.as_str())) {
					return err(
						&join(path, key),
						format!(
							"`{owner}` has no field `{}`{}; it has: {}",
							key.escape_debug(),
							suggest(key, fields.iter().filter_map(|f| f.name.as_deref())),
							self.signature(fields)
						),
					);
				}
			}
			for f in fields {
				let name = f.name.as_deref().unwrap_or("_");
				let Some(v) = table.get(name) else {
					return err(&join(path, name), format!("missing field `{name}` of `{owner}`"));
				};
				self.encode_to(&join(path, name), v, f.ty.id, hint_of(f), out)?;
			}
			return Ok(());
		}
		if fields.len() == 1 {
			return self.encode_to(path, value, fields[0].ty.id, hint_of(&fields[0]), out);
		}
		let Json::Array(items) = value else {
			return err(
				path,
				format!("expected an array of {} items, found {}", fields.len(), describe(value)),
			);
		};
		if items.len() != fields.len() {
			return err(path, format!("expected {} items, found {}", fields.len(), items.len()));
		}
		for (i, (item, f)) in items.iter().zip(fields).enumerate() {
			self.encode_to(&index(path, i), item, f.ty.id, hint_of(f), out)?;
		}
		Ok(())
	}

	fn encode_primitive(
		&self,
		path: &str,
		value: &Json,
		p: &TypeDefPrimitive,
		hint: Hint,
		out: &mut Vec<u8>,
	) -> Result<(), FieldError> {
		use TypeDefPrimitive as P;
		match p {
			P::Bool => match value {
				Json::Bool(b) => b.encode_to(out),
				other => {
					return err(path, format!("expected true or false, found {}", describe(other)))
				}
			},
			P::Str => match value {
				Json::String(s) => s.encode_to(out),
				other => return err(path, format!("expected a string, found {}", describe(other))),
			},
			P::Char => return err(path, "char arguments are not supported"),
			P::U8 => (parse_uint(path, value, hint, u8::MAX.into(), "u8")? as u8).encode_to(out),
			P::U16 => {
				(parse_uint(path, value, hint, u16::MAX.into(), "u16")? as u16).encode_to(out)
			}
			P::U32 => {
				(parse_uint(path, value, hint, u32::MAX.into(), "u32")? as u32).encode_to(out)
			}
			P::U64 => {
				(parse_uint(path, value, hint, u64::MAX.into(), "u64")? as u64).encode_to(out)
			}
			P::U128 => parse_uint(path, value, hint, u128::MAX, "u128")?.encode_to(out),
			P::I8 => {
				(parse_int(path, value, i8::MIN.into(), i8::MAX.into(), "i8")? as i8).encode_to(out)
			}
			P::I16 => (parse_int(path, value, i16::MIN.into(), i16::MAX.into(), "i16")? as i16)
				.encode_to(out),
			P::I32 => (parse_int(path, value, i32::MIN.into(), i32::MAX.into(), "i32")? as i32)
				.encode_to(out),
			P::I64 => (parse_int(path, value, i64::MIN.into(), i64::MAX.into(), "i64")? as i64)
				.encode_to(out),
			P::I128 => parse_int(path, value, i128::MIN, i128::MAX, "i128")?.encode_to(out),
			P::U256 | P::I256 => return err(path, "256-bit integers are not supported"),
		}
		Ok(())
	}
}
