//! Values of runtime types, both ways, driven by the type registry of the runtime metadata.
//!
//! [`Types::encode`] turns an argument written in a proposal file (TOML, handled here as JSON
//! values) into SCALE bytes of a given type, and reports the first problem with the path of
//! the field it is in (`call[0].args.min_stake`). [`Types::decode`] turns bytes back into the
//! same form, so what `check` prints can be pasted back into a proposal file.
//!
//! The written forms, beyond the obvious ones (integers, booleans, strings, tables for structs,
//! arrays for sequences and tuples):
//! * a runtime call: `{ pallet = "Staking", call = "set_min_stake", args = { … } }`;
//! * an account: an SS58 address or `0x` and 64 hex digits;
//! * hashes and byte strings: `0x` and hex digits;
//! * an enum variant: its name (`"Aye"`) or a one-entry table (`{ Some = 5 }`);
//! * `Percent`, `Permill`, `Perbill`, `Perquintill`: `"12.5%"` or the raw parts as an integer;
//! * a field whose type is a balance: an integer number of rao, or `"1.5 TAO"`, `"2000 rao"`;
//! * integers too large for TOML: a string of digits (`"340282366920938463463374607431768211455"`).

use codec::{Compact, Decode, Encode};
use scale_info::{form::PortableForm, Field, PortableRegistry, Type, TypeDef, TypeDefPrimitive};
use serde_json::{Map, Value as Json};
use sp_core::crypto::{AccountId32, Ss58Codec};

/// The most bytes a call held inline as a preimage may have (`Bounded::Inline`).
pub const MAX_INLINE_CALL: usize = 128;

/// Rao in one TAO.
pub const RAO_PER_TAO: u128 = 1_000_000_000;

/// A problem with one argument: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{path}`: {message}")]
pub struct FieldError {
	/// The path of the field in the proposal file, e.g. `call[0].args.min_stake`.
	pub path: String,
	/// What is wrong with it.
	pub message: String,
}

fn err<T>(path: &str, message: impl Into<String>) -> Result<T, FieldError> {
	Err(FieldError { path: path.to_string(), message: message.into() })
}

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

fn describe(value: &Json) -> String {
	match value {
		Json::Null => "nothing".into(),
		Json::Bool(b) => format!("the boolean {b}"),
		Json::Number(n) => format!("the number {n}"),
		Json::String(s) => format!("the string {s:?}"),
		Json::Array(a) => format!("an array of {} items", a.len()),
		Json::Object(_) => "a table".into(),
	}
}

/// `path.key`, or `key` at the top.
pub fn join(path: &str, key: &str) -> String {
	let key = key.escape_debug();
	if path.is_empty() {
		key.to_string()
	} else {
		format!("{path}.{key}")
	}
}

fn index(path: &str, i: usize) -> String {
	format!("{path}[{i}]")
}

/// The closest of `candidates` to `name`, for "did you mean" hints.
pub fn suggest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
	let best = candidates
		.into_iter()
		.map(|c| (strsim::jaro_winkler(&name.to_lowercase(), &c.to_lowercase()), c))
		.filter(|(score, _)| *score > 0.8)
		.max_by(|a, b| a.0.total_cmp(&b.0));
	match best {
		Some((_, c)) => format!("; did you mean `{c}`?"),
		None => String::new(),
	}
}

/// Parses a hex string with a `0x` prefix.
pub fn parse_hex(path: &str, s: &str) -> Result<Vec<u8>, FieldError> {
	let Some(digits) = s.strip_prefix("0x") else {
		return err(path, format!("expected `0x` and hex digits, found {s:?}"));
	};
	hex::decode(digits).or_else(|e| err(path, format!("{s:?} is not valid hex: {e}")))
}

/// Parses an SS58 address or `0x` and 64 hex digits.
pub fn parse_account(path: &str, s: &str) -> Result<AccountId32, FieldError> {
	if s.starts_with("0x") {
		let bytes = parse_hex(path, s)?;
		let array: [u8; 32] = bytes.as_slice().try_into().or_else(|_| {
			err(path, format!("an account id is 32 bytes, {s:?} has {}", bytes.len()))
		})?;
		return Ok(AccountId32::from(array));
	}
	AccountId32::from_ss58check(s)
		.or_else(|e| err(path, format!("{s:?} is not an SS58 address or 0x-hex account id: {e:?}")))
}

/// Formats rao as TAO, without trailing zeros: `1.5 TAO`.
pub fn format_tao(rao: u128) -> String {
	let whole = rao / RAO_PER_TAO;
	let frac = rao % RAO_PER_TAO;
	if frac == 0 {
		format!("{whole} TAO")
	} else {
		let digits = format!("{frac:09}");
		format!("{whole}.{} TAO", digits.trim_end_matches('0'))
	}
}

/// Parses `"1.5 TAO"`, `"2000 rao"` or a plain integer (rao) into rao.
fn parse_balance(path: &str, s: &str) -> Result<u128, FieldError> {
	let s = s.trim();
	let (number, unit) = match s.rsplit_once(char::is_whitespace) {
		Some((n, u)) => (n.trim(), u),
		None => (s, "rao"),
	};
	let number = number.replace('_', "");
	match unit.to_ascii_lowercase().as_str() {
		"rao" if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) => {
			number.parse::<u128>().or_else(|_| err(path, format!("{s:?} is too large")))
		}
		"rao" => err(path, format!("{s:?} is not a whole number of rao")),
		"tao" => {
			let (whole, frac) = number.split_once('.').unwrap_or((&number, ""));
			if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || frac.contains('.')
			{
				return err(path, format!("{s:?} is not an amount of TAO"));
			}
			if frac.len() > 9 || !frac.chars().all(|c| c.is_ascii_digit()) {
				return err(path, format!("{s:?}: TAO has at most 9 decimals"));
			}
			let whole: u128 =
				whole.parse().or_else(|_| err(path, format!("{s:?} is not an amount of TAO")))?;
			let frac: u128 =
				if frac.is_empty() { 0 } else { format!("{frac:0<9}").parse().unwrap_or(0) };
			whole.checked_mul(RAO_PER_TAO).and_then(|w| w.checked_add(frac)).ok_or_else(|| {
				FieldError { path: path.into(), message: format!("{s:?} is too large") }
			})
		}
		_ => err(path, format!("unknown unit `{unit}` in {s:?}; write TAO or rao")),
	}
}

/// Parses `"12.5%"` into parts of `scale` (100 for Percent, 10⁹ for Perbill, …).
fn parse_percent(path: &str, s: &str, scale: u128) -> Result<u128, FieldError> {
	let Some(number) = s.trim().strip_suffix('%') else {
		return err(path, format!("expected a percentage such as \"12.5%\", found {s:?}"));
	};
	let (whole, frac) = number.trim().split_once('.').unwrap_or((number.trim(), ""));
	let bad = || FieldError { path: path.into(), message: format!("{s:?} is not a percentage") };
	if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) {
		return Err(bad());
	}
	if !frac.chars().all(|c| c.is_ascii_digit()) {
		return Err(bad());
	}
	let whole: u128 = whole.parse().map_err(|_| bad())?;
	if whole > 100 {
		return err(path, format!("{s:?} is more than 100%"));
	}
	// No per-thing is finer than 10⁻¹⁸; trailing zeros say nothing.
	let frac = frac.trim_end_matches('0');
	if frac.len() > 18 {
		return err(path, format!("{s:?} is finer than this type's precision (1/{scale})"));
	}
	// parts = (whole + frac) * scale / 100, exactly or not at all; at most 100 · 10¹⁸ · 10¹⁸,
	// which fits in u128.
	let denominator = 10u128.pow(frac.len() as u32);
	let frac_value: u128 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| bad())? };
	let overflow = || FieldError { path: path.into(), message: format!("{s:?} is out of range") };
	let numerator = whole
		.checked_mul(denominator)
		.and_then(|w| w.checked_add(frac_value))
		.and_then(|n| n.checked_mul(scale))
		.ok_or_else(overflow)?;
	if !numerator.is_multiple_of(100 * denominator) {
		return err(path, format!("{s:?} is finer than this type's precision (1/{scale})"));
	}
	let parts = numerator / (100 * denominator);
	if parts > scale {
		return err(path, format!("{s:?} is more than 100%"));
	}
	Ok(parts)
}

fn format_percent(parts: u128, scale: u128) -> String {
	let hundredths_scale = scale / 100;
	if hundredths_scale == 0 {
		return format!("{parts}%");
	}
	let whole = parts / hundredths_scale;
	let frac = parts % hundredths_scale;
	if frac == 0 {
		format!("{whole}%")
	} else {
		let width = hundredths_scale.to_string().len() - 1;
		let digits = format!("{frac:0width$}");
		format!("{whole}.{}%", digits.trim_end_matches('0'))
	}
}

/// An unsigned integer from a number or a string of digits.
fn parse_uint(
	path: &str,
	value: &Json,
	hint: Hint,
	max: u128,
	name: &str,
) -> Result<u128, FieldError> {
	let n = match value {
		Json::Number(n) => match n.as_u64() {
			Some(n) => n as u128,
			None => return err(path, format!("{n} is out of range for {name} (0 to {max})")),
		},
		Json::String(s) if hint == Hint::Balance => parse_balance(path, s)?,
		Json::String(s) => {
			let digits = s.replace('_', "");
			digits.parse::<u128>().or_else(|_| {
				err(path, format!("expected an unsigned integer ({name}), found the string {s:?}"))
			})?
		}
		other => {
			return err(
				path,
				format!("expected an unsigned integer ({name}), found {}", describe(other)),
			)
		}
	};
	if n > max {
		return err(path, format!("{n} is out of range for {name} (0 to {max})"));
	}
	Ok(n)
}

fn parse_int(
	path: &str,
	value: &Json,
	min: i128,
	max: i128,
	name: &str,
) -> Result<i128, FieldError> {
	let n: i128 = match value {
		Json::Number(n) => match n.as_i64() {
			Some(n) => n.into(),
			None => return err(path, format!("{n} is out of range for {name}")),
		},
		Json::String(s) => s.replace('_', "").parse().or_else(|_| {
			err(path, format!("expected an integer ({name}), found the string {s:?}"))
		})?,
		other => {
			return err(path, format!("expected an integer ({name}), found {}", describe(other)))
		}
	};
	if n < min || n > max {
		return err(path, format!("{n} is out of range for {name} ({min} to {max})"));
	}
	Ok(n)
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
			TypeDef::Variant(v) => {
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
							if o.len() == 1
								&& (o.contains_key("Some") || o.contains_key("None")) => {}
						other => {
							out.push(1);
							let inner = v
								.variants
								.iter()
								.find(|x| x.name == "Some")
								.and_then(|x| x.fields.first());
							let Some(inner) = inner else {
								return err(path, "malformed Option type");
							};
							return self.encode_to(path, other, inner.ty.id, hint, out);
						}
					}
				}
				let (variant_name, fields_value) =
					match value {
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
								v.variants.iter().map(|x| format!("`{}`", x.name)).collect::<Vec<_>>().join(", "),
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
								return err(
									&variant_path,
									"these bytes are not a call of this runtime",
								);
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
					(None, _) => err(
						path,
						format!("`{variant_name}` needs a value: write {{ {variant_name} = … }}"),
					),
					(Some(fv), _) => {
						self.encode_fields(&variant_path, fv, &variant.fields, variant_name, out)
					}
				}
			}
			TypeDef::Sequence(s) => {
				let elem = s.type_param.id;
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
			TypeDef::Array(a) => {
				let elem = a.type_param.id;
				let len = a.len as usize;
				if self.is_u8(elem) {
					let Json::String(text) = value else {
						return err(
							path,
							format!(
								"expected `0x` and {} hex digits, found {}",
								len * 2,
								describe(value)
							),
						);
					};
					let bytes = parse_hex(path, text)?;
					if bytes.len() != len {
						return err(
							path,
							format!("expected {len} bytes, {text:?} has {}", bytes.len()),
						);
					}
					out.extend_from_slice(&bytes);
					return Ok(());
				}
				let Json::Array(items) = value else {
					return err(
						path,
						format!("expected an array of {len}, found {}", describe(value)),
					);
				};
				if items.len() != len {
					return err(path, format!("expected {len} items, found {}", items.len()));
				}
				for (i, item) in items.iter().enumerate() {
					self.encode_to(&index(path, i), item, elem, hint, out)?;
				}
				Ok(())
			}
			TypeDef::Tuple(t) => {
				let Json::Array(items) = value else {
					return err(
						path,
						format!(
							"expected an array of {} items, found {}",
							t.fields.len(),
							describe(value)
						),
					);
				};
				if items.len() != t.fields.len() {
					return err(
						path,
						format!("expected {} items, found {}", t.fields.len(), items.len()),
					);
				}
				for (i, (item, f)) in items.iter().zip(&t.fields).enumerate() {
					self.encode_to(&index(path, i), item, f.id, hint, out)?;
				}
				Ok(())
			}
			TypeDef::Primitive(p) => self.encode_primitive(path, value, p, hint, out),
			TypeDef::Compact(c) => {
				let inner = self.resolve(path, c.type_param.id)?;
				let (id, max, label) = match &inner.type_def {
					TypeDef::Primitive(TypeDefPrimitive::U8) => (0, u8::MAX as u128, "u8"),
					TypeDef::Primitive(TypeDefPrimitive::U16) => (1, u16::MAX as u128, "u16"),
					TypeDef::Primitive(TypeDefPrimitive::U32) => (2, u32::MAX as u128, "u32"),
					TypeDef::Primitive(TypeDefPrimitive::U64) => (3, u64::MAX as u128, "u64"),
					TypeDef::Primitive(TypeDefPrimitive::U128) => (4, u128::MAX, "u128"),
					_ => return err(path, "compact encoding of this type is not supported"),
				};
				let n = parse_uint(path, value, hint, max, label)?;
				match id {
					0 => Compact(n as u8).encode_to(out),
					1 => Compact(n as u16).encode_to(out),
					2 => Compact(n as u32).encode_to(out),
					3 => Compact(n as u64).encode_to(out),
					_ => Compact(n).encode_to(out),
				}
				Ok(())
			}
			TypeDef::BitSequence(_) => {
				err(path, "bit sequences are not supported in proposal files")
			}
		}
	}

	fn is_u8(&self, id: u32) -> bool {
		matches!(
			self.registry.resolve(id).map(|t| &t.type_def),
			Some(TypeDef::Primitive(TypeDefPrimitive::U8))
		)
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

	/// Decodes all of `bytes` as type `id`, in the written form of proposal files.
	pub fn decode(&self, bytes: &[u8], id: u32) -> Result<Json, String> {
		let mut input = bytes;
		let value = self.decode_from(&mut input, id, Hint::None)?;
		if !input.is_empty() {
			return Err(format!("{} bytes left over after decoding", input.len()));
		}
		Ok(value)
	}

	/// Decodes a value of type `id` from the front of `input`.
	pub fn decode_prefix(&self, input: &mut &[u8], id: u32) -> Result<Json, String> {
		self.decode_from(input, id, Hint::None)
	}

	fn decode_from(&self, input: &mut &[u8], id: u32, hint: Hint) -> Result<Json, String> {
		let ty = self.registry.resolve(id).ok_or_else(|| format!("no type #{id}"))?;
		let name = type_name(ty);
		let e = |e: codec::Error| e.to_string();
		if name == "AccountId32" {
			let account = AccountId32::decode(input).map_err(e)?;
			return Ok(Json::String(account.to_ss58check()));
		}
		if let Some(scale) = per_thing_scale(ty) {
			let TypeDef::Composite(c) = &ty.type_def else { return Err("bad per-thing".into()) };
			let inner = c.fields.first().map(|f| f.ty.id).ok_or("bad per-thing")?;
			let parts = self.decode_from(input, inner, Hint::None)?;
			let parts = parts.as_u64().ok_or("bad per-thing")? as u128;
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
				let index = u8::decode(input).map_err(e)?;
				let variant = v
					.variants
					.iter()
					.find(|x| x.index == index)
					.ok_or_else(|| format!("no variant {index} in {name}"))?;
				if name == "RuntimeCall" {
					let calls_ty = variant.fields.first().ok_or("pallet without calls")?.ty.id;
					let calls = self.registry.resolve(calls_ty).ok_or("no call type")?;
					let TypeDef::Variant(calls) = &calls.type_def else {
						return Err("bad call type".into());
					};
					let call_index = u8::decode(input).map_err(e)?;
					let call =
						calls.variants.iter().find(|x| x.index == call_index).ok_or_else(|| {
							format!("no call {call_index} in pallet {}", variant.name)
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
				let len = Compact::<u32>::decode(input).map_err(e)?.0 as usize;
				if self.is_u8(s.type_param.id) {
					if input.len() < len {
						return Err("byte string longer than its input".into());
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
						return Err("array longer than its input".into());
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
				let inner = self.registry.resolve(c.type_param.id).ok_or("no type")?;
				let n: u128 = match &inner.type_def {
					TypeDef::Primitive(TypeDefPrimitive::U8) => {
						Compact::<u8>::decode(input).map_err(e)?.0.into()
					}
					TypeDef::Primitive(TypeDefPrimitive::U16) => {
						Compact::<u16>::decode(input).map_err(e)?.0.into()
					}
					TypeDef::Primitive(TypeDefPrimitive::U32) => {
						Compact::<u32>::decode(input).map_err(e)?.0.into()
					}
					TypeDef::Primitive(TypeDefPrimitive::U64) => {
						Compact::<u64>::decode(input).map_err(e)?.0.into()
					}
					TypeDef::Primitive(TypeDefPrimitive::U128) => {
						Compact::<u128>::decode(input).map_err(e)?.0
					}
					_ => return Err("unsupported compact type".into()),
				};
				uint_json(n, hint)
			}
			TypeDef::BitSequence(_) => return Err("bit sequences are not supported".into()),
		})
	}

	fn decode_fields(
		&self,
		input: &mut &[u8],
		fields: &[Field<PortableForm>],
	) -> Result<Json, String> {
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
	) -> Result<Json, String> {
		use TypeDefPrimitive as P;
		let e = |e: codec::Error| e.to_string();
		Ok(match p {
			P::Bool => Json::Bool(bool::decode(input).map_err(e)?),
			P::Str => Json::String(String::decode(input).map_err(e)?),
			P::Char => return Err("char is not supported".into()),
			P::U8 => uint_json(u8::decode(input).map_err(e)?.into(), hint),
			P::U16 => uint_json(u16::decode(input).map_err(e)?.into(), hint),
			P::U32 => uint_json(u32::decode(input).map_err(e)?.into(), hint),
			P::U64 => uint_json(u64::decode(input).map_err(e)?.into(), hint),
			P::U128 => uint_json(u128::decode(input).map_err(e)?, hint),
			P::I8 => Json::from(i8::decode(input).map_err(e)?),
			P::I16 => Json::from(i16::decode(input).map_err(e)?),
			P::I32 => Json::from(i32::decode(input).map_err(e)?),
			P::I64 => Json::from(i64::decode(input).map_err(e)?),
			P::I128 => Json::String(i128::decode(input).map_err(e)?.to_string()),
			P::U256 | P::I256 => return Err("256-bit integers are not supported".into()),
		})
	}
}

/// Whether `variant` of type `name` is frame-support's `Bounded::Inline` (call bytes).
fn is_inline_preimage(name: &str, variant: &str) -> bool {
	name == "Bounded" && variant == "Inline"
}

fn uint_json(n: u128, hint: Hint) -> Json {
	if hint == Hint::Balance {
		return Json::String(format_tao(n));
	}
	match u64::try_from(n) {
		Ok(n) => Json::from(n),
		Err(_) => Json::String(n.to_string()),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn balances_parse_in_tao_and_rao() {
		assert_eq!(parse_balance("x", "1.5 TAO"), Ok(1_500_000_000));
		assert_eq!(parse_balance("x", "1_000 tao"), Ok(1_000 * RAO_PER_TAO));
		assert_eq!(parse_balance("x", "2000 rao"), Ok(2000));
		assert_eq!(parse_balance("x", "42"), Ok(42));
		assert!(parse_balance("x", "0.0000000001 TAO").unwrap_err().message.contains("9 decimals"));
		assert!(parse_balance("x", "3 ETH").unwrap_err().message.contains("unknown unit `ETH`"));
		assert!(parse_balance("x", "1.5.5 TAO")
			.unwrap_err()
			.message
			.contains("not an amount of TAO"));
		let too_large = parse_balance("x", "340282366920938463463374607431768211456");
		assert!(too_large.unwrap_err().message.contains("too large"));
		assert_eq!(format_tao(1_500_000_000), "1.5 TAO");
		assert_eq!(format_tao(2 * RAO_PER_TAO), "2 TAO");
		assert_eq!(format_tao(1), "0.000000001 TAO");
	}

	#[test]
	fn percentages_round_trip_exactly_or_fail() {
		assert_eq!(parse_percent("x", "18%", 1_000_000_000), Ok(180_000_000));
		assert_eq!(parse_percent("x", "12.5%", 1_000_000_000), Ok(125_000_000));
		assert_eq!(parse_percent("x", "50%", 100), Ok(50));
		assert!(parse_percent("x", "12.5%", 100).unwrap_err().message.contains("finer"));
		assert!(parse_percent("x", "101%", 100).unwrap_err().message.contains("more than 100%"));
		assert!(parse_percent("x", "ten%", 100).is_err());
		// Huge or over-precise inputs are refused, never overflow.
		let huge = parse_percent("x", "1000000000000000000000000000000%", 1_000_000_000);
		assert!(huge.unwrap_err().message.contains("more than 100%"));
		let precise = parse_percent("x", "1.000000000000000000000000000001%", 1_000_000_000);
		assert!(precise.unwrap_err().message.contains("finer"));
		assert!(parse_percent("x", "1.500000000000000000000000%", 100)
			.unwrap_err()
			.message
			.contains("finer"));
		assert_eq!(parse_percent("x", "2.000000000000000000000000%", 100), Ok(2));
		assert_eq!(format_percent(125_000_000, 1_000_000_000), "12.5%");
		assert_eq!(format_percent(50, 100), "50%");
	}

	#[test]
	fn accounts_parse_from_ss58_and_hex() {
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		let id = parse_account("x", alice).unwrap();
		assert_eq!(
			parse_account("x", &format!("0x{}", hex::encode(id.as_ref() as &[u8]))).unwrap(),
			id
		);
		assert!(parse_account("x", "0x1234").unwrap_err().message.contains("32 bytes"));
		assert!(parse_account("x", "5Grw").unwrap_err().message.contains("not an SS58 address"));
	}

	#[test]
	fn suggestions_name_the_closest_candidate() {
		assert_eq!(suggest("Stakin", ["Staking", "Senate"]), "; did you mean `Staking`?");
		assert_eq!(suggest("zzz", ["Staking"]), "");
	}
}
