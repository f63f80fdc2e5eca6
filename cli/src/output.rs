//! What the commands print: readable text and tables by default, one stable JSON document
//! with `--json`; progress and prompts go to stderr, so stdout stays clean for pipes.

use anyhow::{bail, Result};
use comfy_table::{presets::UTF8_BORDERS_ONLY, ContentArrangement, Table};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use serde_json::Value as Json;
use std::{
	io::{IsTerminal, Write},
	time::Duration,
};

/// Where a command writes.
pub struct Out<'w> {
	w: &'w mut dyn Write,
	/// Print one JSON document instead of text.
	pub json: bool,
	/// Print only results, no progress or notes.
	pub quiet: bool,
	/// Print more detail.
	pub verbose: bool,
	/// Sign without asking.
	pub yes: bool,
}

impl<'w> Out<'w> {
	/// Output to `w`.
	pub fn new(w: &'w mut dyn Write, json: bool, quiet: bool, verbose: bool, yes: bool) -> Self {
		Self { w, json, quiet, verbose, yes }
	}

	/// A line of text (not in JSON mode).
	pub fn line(&mut self, text: impl AsRef<str>) -> Result<()> {
		if !self.json {
			writeln!(self.w, "{}", text.as_ref())?;
		}
		Ok(())
	}

	/// The JSON document (in JSON mode).
	pub fn json(&mut self, value: &impl Serialize) -> Result<()> {
		if self.json {
			serde_json::to_writer_pretty(&mut *self.w, value)?;
			writeln!(self.w)?;
		}
		Ok(())
	}

	/// A table (not in JSON mode).
	pub fn table(&mut self, table: Table) -> Result<()> {
		self.line(table.to_string())
	}

	/// A note on stderr, unless quiet or in JSON mode.
	pub fn note(&self, text: impl AsRef<str>) {
		if !self.quiet && !self.json {
			eprintln!("{}", text.as_ref());
		}
	}

	/// A spinner on stderr while something is in flight (drawn only on a terminal).
	pub fn spinner(&self, message: impl Into<String>) -> ProgressBar {
		if self.quiet || self.json || !std::io::stderr().is_terminal() {
			return ProgressBar::hidden();
		}
		let bar = ProgressBar::new_spinner();
		bar.set_style(
			ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
				.unwrap_or_else(|_| ProgressStyle::default_spinner()),
		);
		bar.set_message(message.into());
		bar.enable_steady_tick(Duration::from_millis(120));
		bar
	}

	/// Asks before signing `what` as `signer`, unless `--yes`. Without a terminal to ask on,
	/// refuses.
	pub fn confirm(&self, what: &str, signer: &str) -> Result<()> {
		if self.yes {
			return Ok(());
		}
		if !std::io::stdin().is_terminal() {
			bail!("not signing {what} without confirmation: pass --yes to sign without a prompt");
		}
		eprint!("Sign and submit {what} as {signer}? [y/N] ");
		let mut answer = String::new();
		std::io::stdin().read_line(&mut answer)?;
		if !matches!(answer.trim(), "y" | "Y" | "yes") {
			bail!("cancelled; nothing was submitted");
		}
		Ok(())
	}
}

/// A table with the project's style and `headers`.
pub fn table<const N: usize>(headers: [&str; N]) -> Table {
	let mut t = Table::new();
	t.load_preset(UTF8_BORDERS_ONLY)
		.set_content_arrangement(ContentArrangement::Disabled)
		.set_header(headers);
	t
}

/// `0x` and the hex of `bytes`.
pub fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// `0x1234…abcd`, for tables.
pub fn short_hash(hash: &[u8]) -> String {
	let h = hex::encode(hash);
	if h.len() <= 12 {
		return format!("0x{h}");
	}
	format!("0x{}…{}", &h[..6], &h[h.len() - 4..])
}

/// `Pallet.call` of a decoded call.
pub fn call_name(call: &Json) -> String {
	match (call["pallet"].as_str(), call["call"].as_str()) {
		(Some(p), Some(c)) => format!("{p}.{c}"),
		_ => "?".into(),
	}
}

fn is_call(value: &Json) -> bool {
	value.get("pallet").is_some() && value.get("call").is_some()
}

fn scalar(value: &Json) -> String {
	match value {
		Json::String(s) => s.clone(),
		Json::Null => "none".into(),
		other => other.to_string(),
	}
}

/// A decoded call as an indented tree: the call, then its arguments, nested calls indented.
pub fn call_tree(call: &Json) -> String {
	let mut out = String::new();
	render(call, 0, &mut out);
	out
}

fn render(call: &Json, depth: usize, out: &mut String) {
	let pad = "  ".repeat(depth);
	out.push_str(&format!("{pad}{}\n", call_name(call)));
	let Some(args) = call["args"].as_object() else { return };
	for (name, value) in args {
		render_arg(name, value, depth + 1, out);
	}
}

fn render_arg(name: &str, value: &Json, depth: usize, out: &mut String) {
	let pad = "  ".repeat(depth);
	match value {
		v if is_call(v) => {
			out.push_str(&format!("{pad}{name}:\n"));
			render(v, depth + 1, out);
		}
		Json::Object(o) if o.len() == 1 && o.values().all(is_call) => {
			let (variant, call) = o.iter().next().expect("one entry");
			out.push_str(&format!("{pad}{name}: {variant}\n"));
			render(call, depth + 1, out);
		}
		Json::Array(items) if items.iter().any(is_call) => {
			out.push_str(&format!("{pad}{name}: {} calls\n", items.len()));
			for item in items {
				render(item, depth + 1, out);
			}
		}
		Json::String(s) if s.len() > 140 => {
			out.push_str(&format!("{pad}{name}: {}… ({} bytes)\n", &s[..66], (s.len() - 2) / 2));
		}
		other => out.push_str(&format!("{pad}{name}: {}\n", scalar(other))),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn call_tree_indents_nested_calls() {
		let call = json!({
			"pallet": "Utility", "call": "batch_all",
			"args": { "calls": [
				{ "pallet": "Staking", "call": "set_min_stake", "args": { "min_stake": "1 TAO" } },
				{ "pallet": "Governance", "call": "set_senate_size", "args": { "size": 10 } }
			]}
		});
		assert_eq!(
			call_tree(&call),
			"Utility.batch_all\n  calls: 2 calls\n    Staking.set_min_stake\n      min_stake: 1 TAO\n    Governance.set_senate_size\n      size: 10\n"
		);
	}

	#[test]
	fn short_hash_keeps_both_ends() {
		assert_eq!(short_hash(&[0xab; 32]), "0xababab…abab");
	}
}
