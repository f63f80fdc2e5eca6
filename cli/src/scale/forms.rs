//! The written forms of values in proposal files: TAO amounts, percentages, accounts (SS58
//! or hex), hex bytes, integers too large for TOML, and the paths and hints of error
//! messages.

use super::Hint;
use serde_json::Value as Json;
use sp_core::crypto::{AccountId32, Ss58Codec};

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

pub(super) fn err<T>(path: &str, message: impl Into<String>) -> Result<T, FieldError> {
	Err(FieldError { path: path.to_string(), message: message.into() })
}

pub(super) fn describe(value: &Json) -> String {
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

pub(super) fn index(path: &str, i: usize) -> String {
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
pub(super) fn parse_balance(path: &str, s: &str) -> Result<u128, FieldError> {
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
pub(super) fn parse_percent(path: &str, s: &str, scale: u128) -> Result<u128, FieldError> {
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

pub(super) fn format_percent(parts: u128, scale: u128) -> String {
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
pub(super) fn parse_uint(
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

pub(super) fn parse_int(
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

/// A decoded unsigned integer: a TAO amount for a balance, a number when JSON holds it
/// exactly, else a string of digits.
pub(super) fn uint_json(n: u128, hint: Hint) -> Json {
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
