//! Structural generation of `RuntimeCall`s from the runtime's type registry.
//!
//! The [`Generator`] reads the runtime's [`PortableRegistry`] (from its metadata) and turns
//! bytes from an [`Unstructured`] into the SCALE encoding of one `RuntimeCall` at a time:
//!
//! 1. a pallet, uniformly among the pallets that have calls, so every pallet is reached about
//!    as often as any other whatever its number of calls;
//! 2. one of that pallet's calls, uniformly;
//! 3. each argument by its type, following the registry: accounts from [`Pools::accounts`],
//!    hashes mostly from [`Pools::hashes`], integers from boundary values, [`Pools::amounts`] and
//!    arbitrary ones, per-things within their range, enums by a uniformly chosen variant, short
//!    sequences, and so on.
//!
//! Calls inside calls (`Utility.batch`'s `Vec<RuntimeCall>`, `Box<RuntimeCall>` of `sudo`-like
//! or scheduling calls) are generated the same way, at most [`MAX_CALL_NESTING`] calls deep
//! and at most [`MAX_CALLS_PER_SEQUENCE`] to a sequence; the deepest ones are chosen among the
//! calls that hold no call. Every other type is followed at most [`MAX_DEPTH`] types deep;
//! below that the smallest value of the type is written, so no registry, however recursive,
//! can make generation loop or overflow the stack.
//!
//! Types that have no value at all (an enum without variants, a struct that contains itself,
//! an id missing from the registry) are found up front, and variants or calls that would need
//! one are never chosen (e.g. GRANDPA's `report_equivocation`, whose key-owner proof is the
//! empty enum `Void` in this runtime).
//!
//! Generated calls are meant to decode as the runtime's `RuntimeCall`. Where a type's `Decode`
//! checks more than its registry entry says, the generator stays within the check: per-things
//! up to one, bounded collections at most [`MAX_BOUNDED_LEN`] elements (their bound is not in
//! the registry), `pallet_democracy`'s one-byte `Vote` with a conviction up to 6. A type with
//! another such check the registry does not show (e.g. `WrapperOpaque<T>`) could still make an
//! undecodable call.

use arbitrary::Unstructured;
use codec::{Compact, Encode};
use scale_info::{
	form::PortableForm, Field, PortableRegistry, Type, TypeDef, TypeDefPrimitive, TypeDefVariant,
	Variant,
};

/// How many types deep a value is generated; below that the smallest value is written.
pub const MAX_DEPTH: u32 = 16;
/// How many calls deep calls may nest inside a call: the calls at this level are chosen among
/// those that hold no further call.
pub const MAX_CALL_NESTING: u32 = 2;
/// The most calls in a sequence of calls (e.g. `Utility.batch`).
pub const MAX_CALLS_PER_SEQUENCE: u32 = 3;
/// The most elements in any other sequence.
pub const MAX_SEQUENCE_LEN: u32 = 4;
/// The most bytes in a `Vec<u8>` (or a bounded vector of bytes).
pub const MAX_BYTES_LEN: u32 = 64;
/// The most characters in a string.
pub const MAX_STR_LEN: u32 = 16;
/// The most elements in a bounded collection (`BoundedVec`, `BoundedBTreeMap`,
/// `BoundedBTreeSet`) other than bytes. Its bound is not in the registry and it fails to decode
/// past it; 3 is within every bound of the runtime's calls (the Triumvirate's is 3).
pub const MAX_BOUNDED_LEN: u32 = 3;
/// Guard on the recursion writing smallest values; only a malformed registry comes near it.
const MAX_SMALLEST_DEPTH: u32 = 256;
/// How many single-field wrappers are looked through to find the integer inside a `Compact`
/// or the bytes of an account or a hash.
const MAX_WRAPPERS: u32 = 4;

/// What the generator draws values from.
#[derive(Clone, Debug, Default)]
pub struct Pools {
	/// 32-byte accounts to use wherever the type is an account (`AccountId32`, and so
	/// `MultiAddress::Id`). When empty, accounts are arbitrary 32 bytes.
	pub accounts: Vec<[u8; 32]>,
	/// 32-byte hashes worth naming (open motion hashes, code hashes), used for most `H256`
	/// values and for half of the other `[u8; 32]` values that are not accounts.
	pub hashes: Vec<[u8; 32]>,
	/// Interesting unsigned integers for balances and other numbers; the generator mixes the
	/// ones that fit a type with boundary values (0, 1, max, max - 1) and arbitrary ones.
	pub amounts: Vec<u128>,
}

/// Types the generator draws from something other than their structure.
#[derive(Clone, Copy)]
enum Special<'a> {
	/// Generated from its structure.
	Plain,
	/// An `AccountId32`: one of [`Pools::accounts`].
	Account,
	/// An `H256`: mostly one of [`Pools::hashes`].
	Hash,
	/// A `Perbill`-like fraction: an integer of `bits` bits in `0..=max`.
	PerThing { max: u128, bits: u32 },
	/// A `MultiAddress`: its `Id` variant most of the time.
	MultiAddress { id: &'a Variant<PortableForm> },
	/// A bounded collection of `elem`: at most [`MAX_BOUNDED_LEN`] elements.
	Bounded { elem: u32 },
	/// `pallet_democracy`'s `Vote`, one byte packing aye (high bit) and a conviction, which
	/// fails to decode above 6.
	PackedVote,
}

/// What the generator knows about one type of the registry.
struct Node<'a> {
	/// The height of the type's smallest value (1 for a primitive, one more than its deepest
	/// part otherwise); `None` if the type has no value at all.
	height: Option<u32>,
	/// How the type is drawn.
	special: Special<'a>,
	/// For an enum: the variants that can be built.
	variants: Vec<&'a Variant<PortableForm>>,
	/// For an enum: the variant with the smallest value.
	smallest: Option<&'a Variant<PortableForm>>,
}

/// One variant of the outer call enum.
struct Pallet<'a> {
	/// The variant of `RuntimeCall`.
	outer: &'a Variant<PortableForm>,
	/// Whether the variant wraps a pallet's `Call` enum (else its fields are the call's).
	nested: bool,
	/// The pallet's calls that can be built (when `nested`).
	calls: Vec<&'a Variant<PortableForm>>,
	/// Those of `calls` that hold no `RuntimeCall`.
	leaf_calls: Vec<&'a Variant<PortableForm>>,
	/// When not `nested`: whether the variant holds no `RuntimeCall`.
	leaf: bool,
}

impl Pallet<'_> {
	/// Whether a call of this pallet can be built.
	fn has_call(&self) -> bool {
		!self.nested || !self.calls.is_empty()
	}

	/// Whether a call of this pallet that holds no `RuntimeCall` can be built.
	fn has_leaf_call(&self) -> bool {
		if self.nested {
			!self.leaf_calls.is_empty()
		} else {
			self.leaf
		}
	}
}

/// The integer inside a `Compact`.
enum CompactShape {
	/// `Compact<()>`, which encodes as nothing.
	Unit,
	/// An unsigned integer of `bits` bits; `max` for a per-thing.
	Uint { bits: u32, max: Option<u128> },
	/// Not understood: written as `Compact(0)`.
	Unknown,
}

/// Generates SCALE-encoded `RuntimeCall`s from a type registry; see the [module](self) docs.
pub struct Generator<'a> {
	/// The runtime's types.
	registry: &'a PortableRegistry,
	/// The id of `RuntimeCall` in `registry`.
	call_type: u32,
	/// What values are drawn from.
	pools: Pools,
	/// One node per type, indexed by type id.
	nodes: Vec<Node<'a>>,
	/// The variants of `RuntimeCall` that can be built.
	pallets: Vec<Pallet<'a>>,
	/// Indices into `pallets` of those with a call.
	callable: Vec<usize>,
	/// Indices into `pallets` of those with a call that holds no `RuntimeCall`.
	leaves: Vec<usize>,
}

impl<'a> Generator<'a> {
	/// A generator of the `RuntimeCall`s of `registry`; `call_type` is the registry id of the
	/// outer `RuntimeCall` enum (in metadata v15, `extrinsic.call_ty.id`).
	pub fn new(registry: &'a PortableRegistry, call_type: u32, pools: Pools) -> Self {
		let heights = heights(registry);
		let reach = reaches(registry, call_type);
		let nodes = registry
			.types
			.iter()
			.enumerate()
			.map(|(index, portable)| {
				node(registry, &portable.ty, heights.get(index).copied().flatten(), &heights)
			})
			.collect();

		let mut pallets = Vec::new();
		if let Some(TypeDef::Variant(outer)) = registry.resolve(call_type).map(|ty| &ty.type_def) {
			for variant in &outer.variants {
				if fields_height(&variant.fields, &heights).is_none() {
					continue;
				}
				let pallet = match pallet_calls(registry, call_type, variant) {
					Some(inner) => {
						let calls: Vec<&'a Variant<PortableForm>> = inner
							.variants
							.iter()
							.filter(|call| fields_height(&call.fields, &heights).is_some())
							.collect();
						let leaf_calls = calls
							.iter()
							.copied()
							.filter(|&call| is_leaf(&call.fields, &reach))
							.collect();
						Pallet { outer: variant, nested: true, calls, leaf_calls, leaf: false }
					}
					None => Pallet {
						outer: variant,
						nested: false,
						calls: Vec::new(),
						leaf_calls: Vec::new(),
						leaf: is_leaf(&variant.fields, &reach),
					},
				};
				pallets.push(pallet);
			}
		}
		let callable = pallets
			.iter()
			.enumerate()
			.filter(|(_, pallet)| pallet.has_call())
			.map(|(index, _)| index)
			.collect();
		let leaves = pallets
			.iter()
			.enumerate()
			.filter(|(_, pallet)| pallet.has_leaf_call())
			.map(|(index, _)| index)
			.collect();

		Generator { registry, call_type, pools, nodes, pallets, callable, leaves }
	}

	/// Replaces the hashes calls may name (e.g. with the motions open at this block).
	pub fn set_hashes(&mut self, hashes: Vec<[u8; 32]>) {
		self.pools.hashes = hashes;
	}

	/// The SCALE bytes of one `RuntimeCall`: a pallet chosen uniformly, one of its calls chosen
	/// uniformly, then each argument by its type, with nested calls at most
	/// [`MAX_CALL_NESTING`] deep and at most [`MAX_CALLS_PER_SEQUENCE`] to a sequence.
	///
	/// Fails only when `u` is already empty ([`arbitrary::Error::NotEnoughData`], so a caller
	/// drawing calls until it fails stops), or when the registry has no call that can be built
	/// (`call_type` missing: `IncorrectFormat`; an enum without buildable variants:
	/// `EmptyChoose`). Once `u` runs dry in the middle of a call, the call is completed with
	/// the values `arbitrary` gives for no data (zeros, first choices). Every call consumes at
	/// least one byte of `u`.
	pub fn call(&self, u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<u8>> {
		if u.is_empty() {
			return Err(arbitrary::Error::NotEnoughData);
		}
		let before = u.len();
		let mut out = Vec::new();
		self.runtime_call(u, 0, 0, &mut out)?;
		if u.len() == before {
			// A registry with a single argument-less call consumes nothing: take a byte so a
			// loop drawing calls until `u` is empty ends.
			let _ = u.bytes(1)?;
		}
		Ok(out)
	}

	/// The (pallet name, call name) of a call's SCALE bytes, read from its first two bytes.
	///
	/// `None` if the bytes name no call of the registry. For an outer enum whose variants do
	/// not wrap a pallet's `Call` enum, the call name is empty.
	pub fn names(&self, encoded: &[u8]) -> Option<(String, String)> {
		let (&pallet_index, rest) = encoded.split_first()?;
		let TypeDef::Variant(outer) = &self.registry.resolve(self.call_type)?.type_def else {
			return None;
		};
		let pallet = outer.variants.iter().find(|variant| variant.index == pallet_index)?;
		let pallet_name = as_str(&pallet.name).to_owned();
		match pallet_calls(self.registry, self.call_type, pallet) {
			Some(calls) => {
				let call_index = *rest.first()?;
				let call = calls.variants.iter().find(|variant| variant.index == call_index)?;
				Some((pallet_name, as_str(&call.name).to_owned()))
			}
			None => Some((pallet_name, String::new())),
		}
	}

	/// Writes a `RuntimeCall` nested `level` calls deep (0 for the outermost).
	fn runtime_call(
		&self,
		u: &mut Unstructured<'_>,
		depth: u32,
		level: u32,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		let Some(ty) = self.registry.resolve(self.call_type) else {
			return Err(arbitrary::Error::IncorrectFormat);
		};
		if depth > MAX_DEPTH {
			self.smallest(self.call_type, 0, out);
			return Ok(());
		}
		if !matches!(ty.type_def, TypeDef::Variant(_)) {
			// Not an enum: nothing to choose, generate it like any other type.
			return self.def(u, self.call_type, ty, depth, level, out);
		}
		if self.callable.is_empty() {
			return Err(arbitrary::Error::EmptyChoose);
		}
		let leaf_only = level >= MAX_CALL_NESTING;
		let pool = if leaf_only { &self.leaves } else { &self.callable };
		if pool.is_empty() {
			self.smallest(self.call_type, 0, out);
			return Ok(());
		}
		// The indices in `callable` and `leaves` point into `pallets` by construction.
		let pallet = &self.pallets[pool[u.choose_index(pool.len())?]];
		out.push(pallet.outer.index);
		if !pallet.nested {
			return self.fields(u, &pallet.outer.fields, depth + 1, level, out);
		}
		// Not empty: a pallet is in `callable` (`leaves`) only with a call (a leaf call).
		let calls = if leaf_only { &pallet.leaf_calls } else { &pallet.calls };
		let call = calls[u.choose_index(calls.len())?];
		out.push(call.index);
		self.fields(u, &call.fields, depth + 1, level, out)
	}

	/// Writes a value of type `id`, inside a call nested `level` calls deep.
	fn value(
		&self,
		u: &mut Unstructured<'_>,
		id: u32,
		depth: u32,
		level: u32,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		if id == self.call_type {
			return self.runtime_call(u, depth, level + 1, out);
		}
		if depth > MAX_DEPTH {
			self.smallest(id, 0, out);
			return Ok(());
		}
		match self.registry.resolve(id) {
			Some(ty) => self.def(u, id, ty, depth, level, out),
			// Unknown ids are never chosen (they have no height); nothing valid to write.
			None => Ok(()),
		}
	}

	/// Writes a value of `ty` (of id `id`) by its definition.
	fn def(
		&self,
		u: &mut Unstructured<'_>,
		id: u32,
		ty: &Type<PortableForm>,
		depth: u32,
		level: u32,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		let special = self.nodes.get(id as usize).map_or(Special::Plain, |node| node.special);
		let next = depth + 1;
		match &ty.type_def {
			TypeDef::Composite(def) => match special {
				Special::Account => self.account(u, out),
				Special::Hash => self.hash(u, out),
				Special::PerThing { max, bits } => {
					push_uint(out, per_thing(u, max)?, bits);
					Ok(())
				}
				Special::Bounded { elem } => {
					self.sequence(u, elem, MAX_BOUNDED_LEN, next, level, out)
				}
				Special::PackedVote => {
					let conviction = u.int_in_range(0u8..=6)?;
					let aye = if u.ratio(1u8, 2u8)? { 0x80u8 } else { 0 };
					out.push(aye | conviction);
					Ok(())
				}
				Special::Plain | Special::MultiAddress { .. } => {
					self.fields(u, &def.fields, next, level, out)
				}
			},
			TypeDef::Variant(_) => self.variant(u, id, next, level, out),
			TypeDef::Sequence(def) => {
				self.sequence(u, def.type_param.id, u32::MAX, next, level, out)
			}
			TypeDef::Array(def) => self.array(u, def.len, def.type_param.id, next, level, out),
			TypeDef::Tuple(def) => {
				for element in &def.fields {
					self.value(u, element.id, next, level, out)?;
				}
				Ok(())
			}
			TypeDef::Primitive(primitive) => self.primitive(u, primitive, out),
			TypeDef::Compact(def) => self.compact(u, def.type_param.id, out),
			TypeDef::BitSequence(_) => {
				// An empty bit sequence.
				Compact(0u32).encode_to(out);
				Ok(())
			}
		}
	}

	/// Writes each of `fields` in order.
	fn fields(
		&self,
		u: &mut Unstructured<'_>,
		fields: &[Field<PortableForm>],
		depth: u32,
		level: u32,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		for field in fields {
			self.value(u, field.ty.id, depth, level, out)?;
		}
		Ok(())
	}

	/// Writes a value of the enum `id`: a variant chosen uniformly among those that can be
	/// built (so `Option` is `None` or `Some` half the time each), `MultiAddress::Id` 90% of
	/// the time; its index, then its fields.
	fn variant(
		&self,
		u: &mut Unstructured<'_>,
		id: u32,
		depth: u32,
		level: u32,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		let Some(node) = self.nodes.get(id as usize) else { return Ok(()) };
		if node.variants.is_empty() {
			// No value exists; callers never choose such a type.
			return Ok(());
		}
		let mut chosen = None;
		if let Special::MultiAddress { id: preferred } = node.special {
			if u.ratio(9u8, 10u8)? {
				chosen = Some(preferred);
			}
		}
		let chosen = match chosen {
			Some(variant) => variant,
			None => node.variants[u.choose_index(node.variants.len())?],
		};
		out.push(chosen.index);
		self.fields(u, &chosen.fields, depth, level, out)
	}

	/// Writes a sequence of `elem`: 0 to [`MAX_BYTES_LEN`] arbitrary bytes for `Vec<u8>`, 0 to
	/// [`MAX_CALLS_PER_SEQUENCE`] calls for `Vec<RuntimeCall>`, 0 to [`MAX_SEQUENCE_LEN`]
	/// elements otherwise; no more than `cap` elements unless they are bytes.
	fn sequence(
		&self,
		u: &mut Unstructured<'_>,
		elem: u32,
		cap: u32,
		depth: u32,
		level: u32,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		if is_u8(self.registry, elem) {
			let len = u.int_in_range(0..=MAX_BYTES_LEN)?;
			Compact(len).encode_to(out);
			return bytes(u, len as usize, out);
		}
		let max = if self.height(elem).is_none() {
			0
		} else if elem == self.call_type {
			MAX_CALLS_PER_SEQUENCE.min(cap)
		} else {
			MAX_SEQUENCE_LEN.min(cap)
		};
		let len = u.int_in_range(0..=max)?;
		Compact(len).encode_to(out);
		for _ in 0..len {
			self.value(u, elem, depth, level, out)?;
		}
		Ok(())
	}

	/// Writes an array of `len` elements of `elem`; a `[u8; 32]` is one of the pool's hashes
	/// half of the time.
	fn array(
		&self,
		u: &mut Unstructured<'_>,
		len: u32,
		elem: u32,
		depth: u32,
		level: u32,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		if is_u8(self.registry, elem) {
			if len == 32 && !self.pools.hashes.is_empty() && u.ratio(1u8, 2u8)? {
				return pick(u, &self.pools.hashes, out);
			}
			return bytes(u, len as usize, out);
		}
		for _ in 0..len {
			self.value(u, elem, depth, level, out)?;
		}
		Ok(())
	}

	/// Writes a primitive value.
	fn primitive(
		&self,
		u: &mut Unstructured<'_>,
		primitive: &TypeDefPrimitive,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		if let Some(bits) = uint_bits(primitive) {
			push_uint(out, self.uint(u, bits)?, bits);
			return Ok(());
		}
		if let Some(bits) = int_bits(primitive) {
			push_int(out, self.int(u, bits)?, bits);
			return Ok(());
		}
		match primitive {
			TypeDefPrimitive::Bool => out.push(u8::from(u.ratio(1u8, 2u8)?)),
			// SCALE has no `char`; decoders take it as the `u32` of the code point.
			TypeDefPrimitive::Char => u.int_in_range(0x20u32..=0x7e)?.encode_to(out),
			TypeDefPrimitive::Str => {
				let len = u.int_in_range(0..=MAX_STR_LEN)?;
				let mut text = String::new();
				for _ in 0..len {
					text.push(char::from(u.int_in_range(0x20u8..=0x7e)?));
				}
				text.encode_to(out);
			}
			TypeDefPrimitive::U256 => self.wide(u, false, out)?,
			TypeDefPrimitive::I256 => self.wide(u, true, out)?,
			// The fixed-size integers were written above.
			_ => {}
		}
		Ok(())
	}

	/// Writes `Compact<T>` where `T` is type `inner`: the integer inside `T`, drawn like a
	/// primitive (or like a per-thing), compactly encoded.
	fn compact(
		&self,
		u: &mut Unstructured<'_>,
		inner: u32,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		match self.compact_shape(inner, 0) {
			CompactShape::Unit => {}
			CompactShape::Uint { bits, max: Some(max) } => {
				push_compact(out, per_thing(u, max)?, bits)
			}
			CompactShape::Uint { bits, max: None } => push_compact(out, self.uint(u, bits)?, bits),
			CompactShape::Unknown => Compact(0u32).encode_to(out),
		}
		Ok(())
	}

	/// The integer inside type `id`, looking through single-field wrappers.
	fn compact_shape(&self, id: u32, depth: u32) -> CompactShape {
		let Some(ty) = self.registry.resolve(id) else { return CompactShape::Unknown };
		if depth > MAX_WRAPPERS {
			return CompactShape::Unknown;
		}
		match &ty.type_def {
			TypeDef::Primitive(primitive) => uint_bits(primitive)
				.map_or(CompactShape::Unknown, |bits| CompactShape::Uint { bits, max: None }),
			TypeDef::Composite(def) => {
				if let Some(Special::PerThing { max, bits }) =
					self.nodes.get(id as usize).map(|node| node.special)
				{
					return CompactShape::Uint { bits, max: Some(max) };
				}
				match def.fields.as_slice() {
					[] => CompactShape::Unit,
					[field] => self.compact_shape(field.ty.id, depth + 1),
					_ => CompactShape::Unknown,
				}
			}
			TypeDef::Tuple(def) => match def.fields.as_slice() {
				[] => CompactShape::Unit,
				[element] => self.compact_shape(element.id, depth + 1),
				_ => CompactShape::Unknown,
			},
			_ => CompactShape::Unknown,
		}
	}

	/// Writes the smallest value of type `id`: the enum variant of least height, empty
	/// sequences, zeros. Writes nothing for a type without values.
	fn smallest(&self, id: u32, depth: u32, out: &mut Vec<u8>) {
		let (Some(ty), Some(node)) = (self.registry.resolve(id), self.nodes.get(id as usize))
		else {
			return;
		};
		// Each step goes to a part of strictly smaller height, so this ends; the depth guard
		// only bounds the stack for a pathologically tall registry.
		if node.height.is_none() || depth > MAX_SMALLEST_DEPTH {
			return;
		}
		let next = depth + 1;
		match &ty.type_def {
			TypeDef::Composite(def) => {
				for field in &def.fields {
					self.smallest(field.ty.id, next, out);
				}
			}
			TypeDef::Variant(_) => {
				if let Some(variant) = node.smallest {
					out.push(variant.index);
					for field in &variant.fields {
						self.smallest(field.ty.id, next, out);
					}
				}
			}
			TypeDef::Sequence(_) | TypeDef::BitSequence(_) => out.push(0),
			TypeDef::Array(def) => {
				for _ in 0..def.len {
					self.smallest(def.type_param.id, next, out);
				}
			}
			TypeDef::Tuple(def) => {
				for element in &def.fields {
					self.smallest(element.id, next, out);
				}
			}
			TypeDef::Primitive(primitive) => out.resize(out.len() + primitive_len(primitive), 0),
			TypeDef::Compact(def) => {
				if !matches!(self.compact_shape(def.type_param.id, 0), CompactShape::Unit) {
					out.push(0);
				}
			}
		}
	}

	/// Writes an account: one of the pool's, or arbitrary bytes when the pool is empty.
	fn account(&self, u: &mut Unstructured<'_>, out: &mut Vec<u8>) -> arbitrary::Result<()> {
		if self.pools.accounts.is_empty() {
			bytes(u, 32, out)
		} else {
			pick(u, &self.pools.accounts, out)
		}
	}

	/// Writes a hash: one of the pool's 90% of the time, else arbitrary bytes.
	fn hash(&self, u: &mut Unstructured<'_>, out: &mut Vec<u8>) -> arbitrary::Result<()> {
		if !self.pools.hashes.is_empty() && u.ratio(9u8, 10u8)? {
			pick(u, &self.pools.hashes, out)
		} else {
			bytes(u, 32, out)
		}
	}

	/// An unsigned integer of `bits` bits: 0, 1, max, max - 1, a pool amount that fits, a
	/// small one, or an arbitrary one.
	fn uint(&self, u: &mut Unstructured<'_>, bits: u32) -> arbitrary::Result<u128> {
		let max = uint_max(bits);
		Ok(match u.int_in_range(0u8..=9)? {
			0 => 0,
			1 => 1,
			2 => max,
			3 => max - 1,
			4..=6 => match self.pool_amount(u, max)? {
				Some(amount) => amount,
				None => u.int_in_range(0..=max)?,
			},
			7 => u.int_in_range(0..=max.min(255))?,
			_ => u.int_in_range(0..=max)?,
		})
	}

	/// A signed integer of `bits` bits: 0, 1, -1, max, min, a pool amount that fits, a small
	/// one, or an arbitrary one.
	fn int(&self, u: &mut Unstructured<'_>, bits: u32) -> arbitrary::Result<i128> {
		let max = if bits >= 128 { i128::MAX } else { (1i128 << (bits - 1)) - 1 };
		let min = -max - 1;
		Ok(match u.int_in_range(0u8..=9)? {
			0 => 0,
			1 => 1,
			2 => -1,
			3 => max,
			4 => min,
			5 | 6 => match self.pool_amount(u, max.unsigned_abs())? {
				Some(amount) => i128::try_from(amount).unwrap_or(max),
				None => u.int_in_range(min..=max)?,
			},
			7 => u.int_in_range(-128i128..=127)?.clamp(min, max),
			_ => u.int_in_range(min..=max)?,
		})
	}

	/// A 256-bit integer's 32 little-endian bytes: zero, max, a pool amount or arbitrary.
	fn wide(
		&self,
		u: &mut Unstructured<'_>,
		signed: bool,
		out: &mut Vec<u8>,
	) -> arbitrary::Result<()> {
		let mut word = [0u8; 32];
		match u.int_in_range(0u8..=3)? {
			0 => {}
			1 => {
				word = [0xff; 32];
				if signed {
					word[31] = 0x7f;
				}
			}
			2 => match self.pool_amount(u, u128::MAX)? {
				Some(amount) => word[..16].copy_from_slice(&amount.to_le_bytes()),
				None => u.fill_buffer(&mut word)?,
			},
			_ => u.fill_buffer(&mut word)?,
		}
		out.extend_from_slice(&word);
		Ok(())
	}

	/// One of the pool's amounts not above `max`, if any.
	fn pool_amount(&self, u: &mut Unstructured<'_>, max: u128) -> arbitrary::Result<Option<u128>> {
		let fitting = self.pools.amounts.iter().filter(|&&amount| amount <= max).count();
		if fitting == 0 {
			return Ok(None);
		}
		let index = u.choose_index(fitting)?;
		Ok(self.pools.amounts.iter().copied().filter(|&amount| amount <= max).nth(index))
	}

	/// The height of type `id`'s smallest value; `None` if it has none.
	fn height(&self, id: u32) -> Option<u32> {
		self.nodes.get(id as usize).and_then(|node| node.height)
	}
}

/// What the generator keeps about `ty`, whose smallest value has height `height`.
fn node<'a>(
	registry: &'a PortableRegistry,
	ty: &'a Type<PortableForm>,
	height: Option<u32>,
	heights: &[Option<u32>],
) -> Node<'a> {
	let variants: Vec<&'a Variant<PortableForm>> = match &ty.type_def {
		TypeDef::Variant(def) => def
			.variants
			.iter()
			.filter(|variant| fields_height(&variant.fields, heights).is_some())
			.collect(),
		_ => Vec::new(),
	};
	let smallest = variants
		.iter()
		.copied()
		.min_by_key(|variant| fields_height(&variant.fields, heights).unwrap_or(u32::MAX));
	let special = classify(registry, ty, &variants);
	Node { height, special, variants, smallest }
}

/// How `ty` is drawn, from its path's last segment and its shape.
fn classify<'a>(
	registry: &PortableRegistry,
	ty: &Type<PortableForm>,
	variants: &[&'a Variant<PortableForm>],
) -> Special<'a> {
	let Some(name) = last_segment(ty) else { return Special::Plain };
	match &ty.type_def {
		TypeDef::Composite(_)
			if name == "AccountId32" && is_bytes(registry, &ty.type_def, 32, 0) =>
		{
			Special::Account
		}
		TypeDef::Composite(_) if name == "H256" && is_bytes(registry, &ty.type_def, 32, 0) => {
			Special::Hash
		}
		TypeDef::Composite(_)
			if matches!(name, "BoundedVec" | "BoundedBTreeMap" | "BoundedBTreeSet") =>
		{
			inner_sequence(registry, &ty.type_def, 0)
				.map_or(Special::Plain, |elem| Special::Bounded { elem })
		}
		TypeDef::Composite(def)
			if name == "Vote"
				&& matches!(def.fields.as_slice(), [field] if is_u8(registry, field.ty.id)) =>
		{
			Special::PackedVote
		}
		TypeDef::Composite(def) => match (per_thing_max(name), def.fields.as_slice()) {
			(Some(max), [field]) => {
				match registry.resolve(field.ty.id).map(|inner| &inner.type_def) {
					Some(TypeDef::Primitive(primitive)) => match uint_bits(primitive) {
						Some(bits) if max <= uint_max(bits) => Special::PerThing { max, bits },
						_ => Special::Plain,
					},
					_ => Special::Plain,
				}
			}
			_ => Special::Plain,
		},
		TypeDef::Variant(_) if name == "MultiAddress" => variants
			.iter()
			.copied()
			.find(|variant| as_str(&variant.name) == "Id")
			.map_or(Special::Plain, |id| Special::MultiAddress { id }),
		_ => Special::Plain,
	}
}

/// The largest value of the per-thing named `name` (`Perbill`'s is 1_000_000_000).
fn per_thing_max(name: &str) -> Option<u128> {
	match name {
		"Percent" => Some(100),
		"PerU16" => Some(65_535),
		"Permill" => Some(1_000_000),
		"Perbill" => Some(1_000_000_000),
		"Perquintill" => Some(1_000_000_000_000_000_000),
		_ => None,
	}
}

/// The pallet `Call` enum that `variant` of the outer call enum wraps, if it wraps one.
fn pallet_calls<'a>(
	registry: &'a PortableRegistry,
	call_type: u32,
	variant: &Variant<PortableForm>,
) -> Option<&'a TypeDefVariant<PortableForm>> {
	let [field] = variant.fields.as_slice() else { return None };
	if field.ty.id == call_type {
		return None;
	}
	let ty = registry.resolve(field.ty.id)?;
	match &ty.type_def {
		TypeDef::Variant(def) if last_segment(ty) == Some("Call") => Some(def),
		_ => None,
	}
}

/// The height of each type's smallest value (`None`: the type has no value), by type id.
///
/// A least fixed point: every type starts without a value and gets one once its parts have
/// one; heights only go down, and the passes are bounded.
fn heights(registry: &PortableRegistry) -> Vec<Option<u32>> {
	let count = registry.types.len();
	let mut heights: Vec<Option<u32>> = vec![None; count];
	for _ in 0..=count {
		let mut changed = false;
		for (index, portable) in registry.types.iter().enumerate() {
			if let Some(new) = height_of(&portable.ty, &heights) {
				let lower = match heights[index] {
					Some(old) => new < old,
					None => true,
				};
				if lower {
					heights[index] = Some(new);
					changed = true;
				}
			}
		}
		if !changed {
			break;
		}
	}
	heights
}

/// The height of `ty`'s smallest value given its parts' heights so far.
fn height_of(ty: &Type<PortableForm>, heights: &[Option<u32>]) -> Option<u32> {
	let below = match &ty.type_def {
		TypeDef::Composite(def) => fields_height(&def.fields, heights),
		TypeDef::Variant(def) => {
			def.variants.iter().filter_map(|variant| fields_height(&variant.fields, heights)).min()
		}
		TypeDef::Sequence(_) | TypeDef::Primitive(_) | TypeDef::BitSequence(_) => Some(0),
		TypeDef::Array(def) => {
			if def.len == 0 {
				Some(0)
			} else {
				height_at(heights, def.type_param.id)
			}
		}
		TypeDef::Tuple(def) => def
			.fields
			.iter()
			.try_fold(0u32, |most, element| height_at(heights, element.id).map(|h| most.max(h))),
		TypeDef::Compact(def) => height_at(heights, def.type_param.id),
	};
	below.map(|height| height.saturating_add(1))
}

/// The greatest height of `fields`; `None` if one of them has no value.
fn fields_height(fields: &[Field<PortableForm>], heights: &[Option<u32>]) -> Option<u32> {
	fields.iter().try_fold(0u32, |most, field| height_at(heights, field.ty.id).map(|h| most.max(h)))
}

/// The height of type `id` so far.
fn height_at(heights: &[Option<u32>], id: u32) -> Option<u32> {
	heights.get(id as usize).copied().flatten()
}

/// Whether each type's values can hold a value of `call_type`, by type id.
fn reaches(registry: &PortableRegistry, call_type: u32) -> Vec<bool> {
	let count = registry.types.len();
	let mut reach = vec![false; count];
	if let Some(slot) = reach.get_mut(call_type as usize) {
		*slot = true;
	}
	for _ in 0..=count {
		let mut changed = false;
		for (index, portable) in registry.types.iter().enumerate() {
			if !reach[index]
				&& children(&portable.ty)
					.into_iter()
					.any(|child| reach.get(child as usize).copied().unwrap_or(false))
			{
				reach[index] = true;
				changed = true;
			}
		}
		if !changed {
			break;
		}
	}
	reach
}

/// The ids of the types `ty` is made of.
fn children(ty: &Type<PortableForm>) -> Vec<u32> {
	match &ty.type_def {
		TypeDef::Composite(def) => def.fields.iter().map(|field| field.ty.id).collect(),
		TypeDef::Variant(def) => def
			.variants
			.iter()
			.flat_map(|variant| variant.fields.iter().map(|field| field.ty.id))
			.collect(),
		TypeDef::Sequence(def) => vec![def.type_param.id],
		TypeDef::Array(def) => vec![def.type_param.id],
		TypeDef::Tuple(def) => def.fields.iter().map(|element| element.id).collect(),
		TypeDef::Compact(def) => vec![def.type_param.id],
		TypeDef::Primitive(_) | TypeDef::BitSequence(_) => Vec::new(),
	}
}

/// Whether none of `fields` can hold a `RuntimeCall`.
fn is_leaf(fields: &[Field<PortableForm>], reach: &[bool]) -> bool {
	fields.iter().all(|field| !reach.get(field.ty.id as usize).copied().unwrap_or(false))
}

/// Whether `def` is `[u8; len]`, possibly inside single-field structs.
fn is_bytes(
	registry: &PortableRegistry,
	def: &TypeDef<PortableForm>,
	len: u32,
	depth: u32,
) -> bool {
	match def {
		TypeDef::Array(array) => array.len == len && is_u8(registry, array.type_param.id),
		TypeDef::Composite(composite) if depth < MAX_WRAPPERS => {
			match composite.fields.as_slice() {
				[field] => registry
					.resolve(field.ty.id)
					.is_some_and(|inner| is_bytes(registry, &inner.type_def, len, depth + 1)),
				_ => false,
			}
		}
		_ => false,
	}
}

/// The element type of the sequence `def` is, possibly inside single-field structs.
fn inner_sequence(
	registry: &PortableRegistry,
	def: &TypeDef<PortableForm>,
	depth: u32,
) -> Option<u32> {
	match def {
		TypeDef::Sequence(sequence) => Some(sequence.type_param.id),
		TypeDef::Composite(composite) if depth < MAX_WRAPPERS => {
			match composite.fields.as_slice() {
				[field] => registry
					.resolve(field.ty.id)
					.and_then(|inner| inner_sequence(registry, &inner.type_def, depth + 1)),
				_ => None,
			}
		}
		_ => None,
	}
}

/// Whether type `id` is `u8`.
fn is_u8(registry: &PortableRegistry, id: u32) -> bool {
	matches!(
		registry.resolve(id).map(|ty| &ty.type_def),
		Some(TypeDef::Primitive(TypeDefPrimitive::U8))
	)
}

/// The last segment of `ty`'s path (its name), if it has a path.
fn last_segment(ty: &Type<PortableForm>) -> Option<&str> {
	ty.path.segments.last().map(as_str)
}

/// A registry string (`String` with `std`, `&'static str` without) as `&str`.
fn as_str<S: AsRef<str> + ?Sized>(text: &S) -> &str {
	text.as_ref()
}

/// The width of an unsigned primitive.
fn uint_bits(primitive: &TypeDefPrimitive) -> Option<u32> {
	match primitive {
		TypeDefPrimitive::U8 => Some(8),
		TypeDefPrimitive::U16 => Some(16),
		TypeDefPrimitive::U32 => Some(32),
		TypeDefPrimitive::U64 => Some(64),
		TypeDefPrimitive::U128 => Some(128),
		_ => None,
	}
}

/// The width of a signed primitive.
fn int_bits(primitive: &TypeDefPrimitive) -> Option<u32> {
	match primitive {
		TypeDefPrimitive::I8 => Some(8),
		TypeDefPrimitive::I16 => Some(16),
		TypeDefPrimitive::I32 => Some(32),
		TypeDefPrimitive::I64 => Some(64),
		TypeDefPrimitive::I128 => Some(128),
		_ => None,
	}
}

/// The length of a primitive's smallest encoding.
fn primitive_len(primitive: &TypeDefPrimitive) -> usize {
	match primitive {
		TypeDefPrimitive::Bool | TypeDefPrimitive::U8 | TypeDefPrimitive::I8 => 1,
		// An empty string: its length, `Compact(0)`.
		TypeDefPrimitive::Str => 1,
		TypeDefPrimitive::U16 | TypeDefPrimitive::I16 => 2,
		TypeDefPrimitive::Char | TypeDefPrimitive::U32 | TypeDefPrimitive::I32 => 4,
		TypeDefPrimitive::U64 | TypeDefPrimitive::I64 => 8,
		TypeDefPrimitive::U128 | TypeDefPrimitive::I128 => 16,
		TypeDefPrimitive::U256 | TypeDefPrimitive::I256 => 32,
	}
}

/// The largest unsigned integer of `bits` bits.
fn uint_max(bits: u32) -> u128 {
	if bits >= 128 {
		u128::MAX
	} else {
		(1u128 << bits) - 1
	}
}

/// A per-thing's inner integer: 0, max, half, or arbitrary in range.
fn per_thing(u: &mut Unstructured<'_>, max: u128) -> arbitrary::Result<u128> {
	Ok(match u.int_in_range(0u8..=3)? {
		0 => 0,
		1 => max,
		2 => max / 2,
		_ => u.int_in_range(0..=max)?,
	})
}

/// Writes one of `pool` (which callers make sure is not empty).
fn pick(u: &mut Unstructured<'_>, pool: &[[u8; 32]], out: &mut Vec<u8>) -> arbitrary::Result<()> {
	let index = u.choose_index(pool.len())?;
	if let Some(item) = pool.get(index) {
		out.extend_from_slice(item);
	}
	Ok(())
}

/// Writes `len` arbitrary bytes (zeros once `u` is empty).
fn bytes(u: &mut Unstructured<'_>, len: usize, out: &mut Vec<u8>) -> arbitrary::Result<()> {
	let start = out.len();
	out.resize(start + len, 0);
	u.fill_buffer(&mut out[start..])
}

/// Writes `value` (which fits) as an unsigned integer of `bits` bits.
fn push_uint(out: &mut Vec<u8>, value: u128, bits: u32) {
	match bits {
		8 => (value as u8).encode_to(out),
		16 => (value as u16).encode_to(out),
		32 => (value as u32).encode_to(out),
		64 => (value as u64).encode_to(out),
		_ => value.encode_to(out),
	}
}

/// Writes `value` (which fits) as a signed integer of `bits` bits.
fn push_int(out: &mut Vec<u8>, value: i128, bits: u32) {
	match bits {
		8 => (value as i8).encode_to(out),
		16 => (value as i16).encode_to(out),
		32 => (value as i32).encode_to(out),
		64 => (value as i64).encode_to(out),
		_ => value.encode_to(out),
	}
}

/// Writes `value` (which fits) compactly as an unsigned integer of `bits` bits.
fn push_compact(out: &mut Vec<u8>, value: u128, bits: u32) {
	match bits {
		8 => Compact(value as u8).encode_to(out),
		16 => Compact(value as u16).encode_to(out),
		32 => Compact(value as u32).encode_to(out),
		64 => Compact(value as u64).encode_to(out),
		_ => Compact(value).encode_to(out),
	}
}

#[cfg(test)]
mod tests {
	use super::{Generator, Pools, MAX_BOUNDED_LEN, MAX_CALLS_PER_SEQUENCE, MAX_CALL_NESTING};
	use arbitrary::Unstructured;
	use codec::{Compact, Decode, DecodeAll, Encode};
	use scale_info::interner::UntrackedSymbol;
	use scale_info::{
		form::PortableForm, meta_type, Field, Path, PortableRegistry, PortableType, Registry, Type,
		TypeDef, TypeDefCompact, TypeDefComposite, TypeDefPrimitive, TypeDefSequence, TypeDefTuple,
		TypeDefVariant, TypeInfo, Variant,
	};
	use std::{any::TypeId, collections::BTreeSet};

	/// `len` pseudo-random bytes (xorshift64), the same for the same `seed`.
	fn noise(seed: u64, len: usize) -> Vec<u8> {
		let mut state =
			seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(0x2545_F491_4F6C_DD1D);
		(0..len)
			.map(|_| {
				state ^= state << 13;
				state ^= state >> 7;
				state ^= state << 17;
				(state >> 32) as u8
			})
			.collect()
	}

	fn pools() -> Pools {
		Pools {
			accounts: vec![[1; 32], [2; 32], [3; 32]],
			hashes: vec![[0xaa; 32], [0xbb; 32]],
			amounts: vec![500, 1_000_000_000_000, u128::from(u64::MAX) + 1],
		}
	}

	/// The portable registry of `T` and `T`'s id in it.
	fn registry_of<T: TypeInfo + 'static>() -> (PortableRegistry, u32) {
		let mut registry = Registry::new();
		let id = registry.register_type(&meta_type::<T>()).id;
		(PortableRegistry::from(registry), id)
	}

	#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
	struct AccountId32([u8; 32]);

	/// A flat call enum: its variants are the calls themselves.
	#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
	enum Call {
		Transfer { to: AccountId32, amount: u64 },
		Batch { calls: Vec<Call> },
	}

	/// Checks a flat call nested `level` calls deep; counts amounts from the pool.
	fn check_flat(call: &Call, level: u32, pools: &Pools, pooled: &mut usize) {
		match call {
			Call::Transfer { to, amount } => {
				assert!(pools.accounts.contains(&to.0), "an account not from the pool");
				if pools.amounts.contains(&u128::from(*amount)) {
					*pooled += 1;
				}
			}
			Call::Batch { calls } => {
				assert!(level < MAX_CALL_NESTING, "a call holding calls at the deepest level");
				assert!(calls.len() <= MAX_CALLS_PER_SEQUENCE as usize);
				for inner in calls {
					check_flat(inner, level + 1, pools, pooled);
				}
			}
		}
	}

	#[test]
	fn flat_calls_decode_and_reach_every_variant() {
		let (registry, id) = registry_of::<Call>();
		let pools = pools();
		let generator = Generator::new(&registry, id, pools.clone());
		let (mut transfers, mut batches, mut nested, mut pooled) = (0, 0, 0, 0);
		for seed in 0..300 {
			let data = noise(seed, 256);
			let mut u = Unstructured::new(&data);
			let bytes = generator.call(&mut u).expect("the input is not empty");
			let call = Call::decode_all(&mut &bytes[..]).expect("generated bytes decode");
			assert_eq!(call.encode(), bytes);
			check_flat(&call, 0, &pools, &mut pooled);
			let name = match &call {
				Call::Transfer { .. } => {
					transfers += 1;
					"Transfer"
				}
				Call::Batch { calls } => {
					batches += 1;
					if calls.iter().any(|inner| matches!(inner, Call::Batch { .. })) {
						nested += 1;
					}
					"Batch"
				}
			};
			assert_eq!(generator.names(&bytes), Some((name.to_owned(), String::new())));
		}
		assert!(transfers > 0, "no transfer generated");
		assert!(batches > 0, "no batch generated");
		assert!(nested > 0, "no batch inside a batch generated");
		assert!(pooled > 0, "no amount from the pool used");
	}

	#[test]
	fn drawing_until_empty_ends() {
		let (registry, id) = registry_of::<Call>();
		let generator = Generator::new(&registry, id, pools());
		let data = noise(7, 4096);
		let mut u = Unstructured::new(&data);
		let mut calls = 0;
		while let Ok(bytes) = generator.call(&mut u) {
			Call::decode_all(&mut &bytes[..]).expect("generated bytes decode");
			calls += 1;
			assert!(calls <= data.len(), "a call consumed no input");
		}
		assert!(calls > 1);
		assert!(generator.call(&mut Unstructured::new(&[])).is_err());
	}

	/// A runtime-shaped registry: an outer enum of pallets, each wrapping its `Call` enum.
	#[allow(dead_code)]
	mod frame_like {
		use codec::{Decode, Encode};
		use scale_info::TypeInfo;

		#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
		pub struct AccountId32(pub [u8; 32]);

		#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
		pub struct H256(pub [u8; 32]);

		#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
		pub struct Perbill(pub u32);

		#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
		pub enum MultiAddress {
			Id(AccountId32),
			Index(#[codec(compact)] u32),
			Raw(Vec<u8>),
			Address32([u8; 32]),
			Address20([u8; 20]),
		}

		pub mod balances {
			use super::{MultiAddress, Perbill, H256};
			use codec::{Decode, Encode};
			use scale_info::TypeInfo;

			#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
			pub enum Call {
				#[codec(index = 0)]
				Transfer {
					dest: MultiAddress,
					#[codec(compact)]
					value: u128,
				},
				#[codec(index = 7)]
				SetRate { rate: Perbill, period: Option<u32>, note: (bool, i16, String) },
				#[codec(index = 9)]
				Vote {
					proposal: H256,
					#[codec(compact)]
					weight: u64,
					approve: bool,
				},
			}
		}

		/// Like `bounded_collections::BoundedVec`, without its bound.
		#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
		pub struct BoundedVec<T>(pub Vec<T>);

		/// Like `pallet_democracy::Vote`: one byte, aye and a conviction up to 6.
		#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
		pub struct Vote(pub u8);

		pub mod democracy {
			use super::{AccountId32, BoundedVec, Vote};
			use codec::{Decode, Encode};
			use scale_info::TypeInfo;

			#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
			pub enum Call {
				#[codec(index = 0)]
				Vote { vote: Vote },
				#[codec(index = 1)]
				SetMembers { members: BoundedVec<AccountId32> },
			}
		}

		pub mod utility {
			use super::RuntimeCall;
			use codec::{Decode, Encode};
			use scale_info::TypeInfo;

			#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
			pub enum Call {
				#[codec(index = 0)]
				Batch { calls: Vec<RuntimeCall> },
				#[codec(index = 1)]
				AsDerivative { index: u16, call: Box<RuntimeCall> },
			}
		}

		#[derive(Encode, Decode, TypeInfo, Clone, Debug, PartialEq, Eq)]
		pub enum RuntimeCall {
			#[codec(index = 4)]
			Balances(balances::Call),
			#[codec(index = 6)]
			Utility(utility::Call),
			#[codec(index = 9)]
			Democracy(democracy::Call),
		}
	}

	/// What [`check_frame`] counts.
	#[derive(Default)]
	struct Tally {
		/// Transfers to `MultiAddress::Id`.
		by_id: usize,
		/// Transfers to another kind of address.
		other: usize,
		/// Votes on a hash from the pool.
		pooled_hashes: usize,
	}

	/// The (pallet, call) names of a decoded call.
	fn expected_names(call: &frame_like::RuntimeCall) -> (String, String) {
		use frame_like::{balances, democracy, utility, RuntimeCall};
		let (pallet, name) = match call {
			RuntimeCall::Balances(inner) => (
				"Balances",
				match inner {
					balances::Call::Transfer { .. } => "Transfer",
					balances::Call::SetRate { .. } => "SetRate",
					balances::Call::Vote { .. } => "Vote",
				},
			),
			RuntimeCall::Utility(inner) => (
				"Utility",
				match inner {
					utility::Call::Batch { .. } => "Batch",
					utility::Call::AsDerivative { .. } => "AsDerivative",
				},
			),
			RuntimeCall::Democracy(inner) => (
				"Democracy",
				match inner {
					democracy::Call::Vote { .. } => "Vote",
					democracy::Call::SetMembers { .. } => "SetMembers",
				},
			),
		};
		(pallet.to_owned(), name.to_owned())
	}

	/// Checks a runtime-shaped call nested `level` calls deep.
	fn check_frame(call: &frame_like::RuntimeCall, level: u32, pools: &Pools, tally: &mut Tally) {
		use frame_like::{balances, democracy, utility, MultiAddress, RuntimeCall};
		match call {
			RuntimeCall::Balances(balances::Call::Transfer { dest, .. }) => match dest {
				MultiAddress::Id(account) => {
					assert!(pools.accounts.contains(&account.0), "an account not from the pool");
					tally.by_id += 1;
				}
				_ => tally.other += 1,
			},
			RuntimeCall::Balances(balances::Call::SetRate { rate, .. }) => {
				assert!(rate.0 <= 1_000_000_000, "a Perbill above one");
			}
			RuntimeCall::Balances(balances::Call::Vote { proposal, .. }) => {
				if pools.hashes.contains(&proposal.0) {
					tally.pooled_hashes += 1;
				}
			}
			RuntimeCall::Democracy(democracy::Call::Vote { vote }) => {
				assert!(vote.0 & 0x7f <= 6, "a conviction above 6");
			}
			RuntimeCall::Democracy(democracy::Call::SetMembers { members }) => {
				assert!(members.0.len() <= MAX_BOUNDED_LEN as usize, "a bounded vector too long");
				for member in &members.0 {
					assert!(pools.accounts.contains(&member.0), "an account not from the pool");
				}
			}
			RuntimeCall::Utility(inner) => {
				assert!(level < MAX_CALL_NESTING, "a call holding calls at the deepest level");
				match inner {
					utility::Call::Batch { calls } => {
						assert!(calls.len() <= MAX_CALLS_PER_SEQUENCE as usize);
						for nested in calls {
							check_frame(nested, level + 1, pools, tally);
						}
					}
					utility::Call::AsDerivative { call, .. } => {
						check_frame(call, level + 1, pools, tally)
					}
				}
			}
		}
	}

	#[test]
	fn frame_shaped_calls_decode_and_are_named() {
		let (registry, id) = registry_of::<frame_like::RuntimeCall>();
		let pools = pools();
		let generator = Generator::new(&registry, id, pools.clone());
		let mut seen = BTreeSet::new();
		let mut tally = Tally::default();
		for seed in 0..600 {
			let data = noise(seed, 512);
			let mut u = Unstructured::new(&data);
			let bytes = generator.call(&mut u).expect("the input is not empty");
			let call = frame_like::RuntimeCall::decode_all(&mut &bytes[..])
				.expect("generated bytes decode");
			assert_eq!(call.encode(), bytes);
			let names = generator.names(&bytes).expect("a generated call has names");
			assert_eq!(names, expected_names(&call));
			check_frame(&call, 0, &pools, &mut tally);
			seen.insert(names);
		}
		assert_eq!(seen.len(), 7, "not every call was generated: {seen:?}");
		assert!(tally.by_id > 3 * tally.other, "MultiAddress::Id is not preferred");
		assert!(tally.pooled_hashes > 0, "no hash from the pool used");

		let named = |pallet: &str, call: &str| Some((pallet.to_owned(), call.to_owned()));
		assert_eq!(generator.names(&[4, 0]), named("Balances", "Transfer"));
		assert_eq!(generator.names(&[6, 1, 0xff]), named("Utility", "AsDerivative"));
		assert_eq!(generator.names(&[4]), None);
		assert_eq!(generator.names(&[4, 1]), None);
		assert_eq!(generator.names(&[5, 0]), None);
		assert_eq!(generator.names(&[]), None);
	}

	fn sym(id: u32) -> UntrackedSymbol<TypeId> {
		UntrackedSymbol::from(id)
	}

	fn field(ty: u32) -> Field<PortableForm> {
		Field::<PortableForm>::new(None, sym(ty), None, Vec::new())
	}

	fn variant(name: &'static str, index: u8, fields: Vec<u32>) -> Variant<PortableForm> {
		Variant::<PortableForm>::new(
			name.into(),
			fields.into_iter().map(field).collect(),
			index,
			Vec::new(),
		)
	}

	/// A registry of the given (name, definition)s, with ids in order.
	fn portable(types: Vec<(&'static str, TypeDef<PortableForm>)>) -> PortableRegistry {
		let types = types
			.into_iter()
			.enumerate()
			.map(|(id, (name, def))| {
				let segments: Vec<&'static str> =
					if name.is_empty() { Vec::new() } else { vec![name] };
				let path: Path<PortableForm> =
					Path::from_segments_unchecked(segments.into_iter().map(Into::into));
				PortableType::new(id as u32, Type::new(path, Vec::new(), def, Vec::new()))
			})
			.collect();
		PortableRegistry { types }
	}

	/// A registry no derive makes: variants without values, a struct containing itself, a
	/// missing id, a chain of wrappers deeper than the depth guard.
	fn odd_registry() -> PortableRegistry {
		let mut types: Vec<(&'static str, TypeDef<PortableForm>)> = vec![
			(
				"Call",
				TypeDef::Variant(TypeDefVariant::new(vec![
					variant("Good", 0, vec![1]),
					variant("Bad", 1, vec![2]),
					variant("Loop", 2, vec![3]),
					variant("Deep", 3, vec![4]),
					variant("Wide", 4, vec![5]),
					variant("Missing", 5, vec![999]),
					variant("Chain", 6, vec![9]),
				])),
			),
			("", TypeDef::Primitive(TypeDefPrimitive::U8)),
			("Never", TypeDef::Variant(TypeDefVariant::new(Vec::new()))),
			("Loop", TypeDef::Composite(TypeDefComposite::new(vec![field(3)]))),
			("", TypeDef::Sequence(TypeDefSequence::new(sym(0)))),
			("", TypeDef::Tuple(TypeDefTuple::new_portable(vec![sym(1), sym(6)]))),
			("", TypeDef::Compact(TypeDefCompact::new(sym(7)))),
			("Perbill", TypeDef::Composite(TypeDefComposite::new(vec![field(8)]))),
			("", TypeDef::Primitive(TypeDefPrimitive::U32)),
		];
		// Ids 9 to 48: each wraps the next, the last wraps a `u8`.
		for id in 9..49u32 {
			let next = if id == 48 { 1 } else { id + 1 };
			types.push(("Link", TypeDef::Composite(TypeDefComposite::new(vec![field(next)]))));
		}
		portable(types)
	}

	fn take(input: &mut &[u8]) -> u8 {
		let (&first, rest) = input.split_first().expect("one more byte");
		*input = rest;
		first
	}

	/// Reads one call of [`odd_registry`] nested `level` calls deep.
	fn read_odd(input: &mut &[u8], level: u32) {
		match take(input) {
			0 | 6 => {
				take(input);
			}
			3 => {
				assert!(level < MAX_CALL_NESTING, "a call holding calls at the deepest level");
				let len = Compact::<u32>::decode(input).expect("a length").0;
				assert!(len <= MAX_CALLS_PER_SEQUENCE);
				for _ in 0..len {
					read_odd(input, level + 1);
				}
			}
			4 => {
				take(input);
				let parts = Compact::<u32>::decode(input).expect("a compact Perbill").0;
				assert!(parts <= 1_000_000_000, "a Perbill above one");
			}
			other => panic!("variant {other} has no value and must not be generated"),
		}
	}

	#[test]
	fn malformed_registry_yields_only_valid_values() {
		let registry = odd_registry();
		let generator = Generator::new(&registry, 0, Pools::default());
		let mut first = BTreeSet::new();
		for seed in 0..300 {
			let data = noise(seed, 256);
			let mut u = Unstructured::new(&data);
			let bytes = generator.call(&mut u).expect("the input is not empty");
			let mut input = &bytes[..];
			read_odd(&mut input, 0);
			assert!(input.is_empty(), "bytes left after the call");
			first.insert(bytes[0]);
		}
		assert_eq!(first.into_iter().collect::<Vec<_>>(), vec![0, 3, 4, 6]);

		let data = noise(1, 64);
		// An enum without variants has no call to make; a missing id is no enum at all.
		assert!(Generator::new(&registry, 2, Pools::default())
			.call(&mut Unstructured::new(&data))
			.is_err());
		assert!(Generator::new(&registry, 10_000, Pools::default())
			.call(&mut Unstructured::new(&data))
			.is_err());
	}
}
