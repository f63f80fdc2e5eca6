//! The pages, as maud templates: compiled with the binary, every value spliced in escaped.
//! Text that comes from the chain also has its bidirectional-override characters shown as
//! `U+202E`-style marks, so a name or a remark cannot reorder what is around it.

use super::data::{Closed, MotionView, SenateView, SimulationState, View};
use crate::{
	output::call_tree,
	scale::format_tao,
	simulation::{Change, Simulation},
};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde_json::Value as Json;

/// The pages, for the navigation bar.
const NAV: [(&str, &str); 4] =
	[("/", "Motions"), ("/senate", "Senate"), ("/referenda", "Referenda"), ("/subnets", "Subnets")];

const CSS: &str = r#"
:root { color-scheme: light dark; --fg: #1b1f23; --bg: #fafafa; --card: #fff; --line: #d8dde3; --muted: #5a6570; --ok: #1a7f37; --bad: #c62828; --bar: #0b6bcb; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #16181b; --card: #1f2226; --line: #353a40; --muted: #9aa4ae; --ok: #4cc26a; --bad: #ff6b6b; --bar: #4ea1ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: baseline; padding: .75rem 1rem; border-bottom: 1px solid var(--line); background: var(--card); }
header strong { font-size: 1.1rem; }
nav a { margin-right: .9rem; color: var(--bar); text-decoration: none; }
nav a.here { font-weight: 600; text-decoration: underline; }
.status { color: var(--muted); font-size: .9rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
.banner { padding: .6rem 1rem; background: var(--bad); color: #fff; font-weight: 600; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin: 0 0 1rem; overflow-wrap: anywhere; }
.card h2 { margin: 0 0 .4rem; font-size: 1.05rem; }
.muted { color: var(--muted); }
.bar { position: relative; height: 1.1rem; background: var(--line); border-radius: 3px; overflow: hidden; margin: .3rem 0; }
.bar span { position: absolute; inset: 0 auto 0 0; background: var(--bar); }
.bar .nays { left: auto; right: 0; background: var(--bad); }
.threshold { position: absolute; top: 0; bottom: 0; width: 2px; background: var(--fg); }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
.scroll { overflow-x: auto; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: var(--ok); } .bad { color: var(--bad); }
code, .key { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; overflow-wrap: anywhere; }
details summary { cursor: pointer; }
@media (max-width: 40rem) { main { padding: .5rem; } th, td { padding: .2rem .3rem; } }
"#;

/// Follows the server's block events: each new block reloads the page's main part in place;
/// a lost connection shows a banner until the browser reconnects.
const SCRIPT: &str = r#"
(function () {
  var lost = document.getElementById('lost');
  var es = new EventSource('/events');
  es.addEventListener('block', function () {
    fetch(location.pathname + '?fragment=1', { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { document.getElementById('main').innerHTML = html; } });
  });
  es.onerror = function () { lost.hidden = false; };
  es.onopen = function () { lost.hidden = true; };
})();
"#;

/// Shows bidirectional-control characters as marks instead of obeying them.
pub fn clean(text: &str) -> String {
	let mut out = String::with_capacity(text.len());
	for c in text.chars() {
		if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
		{
			out.push_str(&format!("U+{:04X}", c as u32));
		} else {
			out.push(c);
		}
	}
	out
}

fn shown(v: &Json) -> String {
	clean(&match v {
		Json::Null => "(unset)".into(),
		Json::String(s) => s.clone(),
		other => other.to_string(),
	})
}

/// A whole page: `main` inside the frame, or only `main` for the live updates.
pub fn page(view: &View, path: &str, title: &str, main: Markup, fragment: bool) -> Markup {
	let main = html! {
		p.status #status {
			(clean(&view.runtime)) " at " (clean(&view.url)) ", block " (view.block)
		}
		@if !view.connected {
			p.banner #chain-down role="alert" {
				"The chain at " (clean(&view.url)) " does not answer"
				@if let Some(e) = &view.error { " (" (clean(e)) ")" }
				"; reconnecting. What follows is from block " (view.block) "."
			}
		}
		(main)
	};
	if fragment {
		return main;
	}
	html! {
		(DOCTYPE)
		html lang="en" {
			head {
				meta charset="utf-8";
				meta name="viewport" content="width=device-width, initial-scale=1";
				title { (title) " · dTAO governance" }
				style { (PreEscaped(CSS)) }
			}
			body {
				p.banner #lost hidden role="alert" { "Lost the connection to this server; reconnecting…" }
				header {
					strong { "dTAO governance" }
					nav {
						@for (href, name) in NAV {
							a.here[href == path] href=(href) { (name) }
						}
					}
				}
				main #main { (main) }
				script { (PreEscaped(SCRIPT)) }
			}
		}
	}
}

/// The open motions and the recently closed ones.
pub fn motions(view: &View) -> Markup {
	html! {
		h1 { "Senate motions" }
		@if view.motions.is_empty() {
			p.muted #no-motions { "No open motion." }
		}
		section #motions {
			@for m in &view.motions { (motion_card(view, m, false)) }
		}
		h2 { "Closed while watched" }
		(closed(&view.closed))
	}
}

/// One motion on its own page.
pub fn motion(view: &View, m: &MotionView) -> Markup {
	html! {
		p { a href="/" { "← all motions" } }
		(motion_card(view, m, true))
	}
}

fn motion_card(view: &View, m: &MotionView, open: bool) -> Markup {
	let mo = &m.motion;
	let ayes = mo.ayes.len() as u32;
	let nays = mo.nays.len() as u32;
	let seats = mo.seats.max(1);
	let pct = |n: u32| format!("{:.1}", f64::from(n) * 100.0 / f64::from(seats));
	html! {
		article.card.motion id={ "motion-" (mo.index) } data-index=(mo.index) {
			h2 { a href={ "/motions/" (mo.index) } { "#" (mo.index) " " (clean(&mo.call_name)) } }
			p.muted {
				"Proposed by " span.key { (clean(m.proposer.as_deref().unwrap_or("?"))) }
				" · hash " span.key { (mo.hash) }
			}
			p.tally {
				b { (ayes) " of " (mo.threshold) " ayes" } ", " (nays) " nay(s), " (mo.seats) " seats · "
				span.state { (mo.status) }
			}
			div.bar role="img" aria-label={ (ayes) " ayes and " (nays) " nays of " (mo.seats) " seats; " (mo.threshold) " needed" } {
				span style={ "width:" (pct(ayes)) "%" } {}
				span.nays style={ "width:" (pct(nays)) "%" } {}
				i.threshold style={ "left:" (pct(mo.threshold)) "%" } {}
			}
			p.muted {
				@if mo.blocks_left > 0 {
					(mo.blocks_left) " blocks left (ends at block " (mo.end) ", about " (crate::commands::duration(mo.seconds_left)) ")"
				} @else {
					"Voting ended at block " (mo.end)
				}
			}
			@if !m.votes.is_empty() {
				div.scroll { table.votes {
					tr { th { "Vote" } th { "Hotkey" } th { "Coldkey" } }
					@for v in &m.votes {
						tr {
							td { @if v.aye { span.ok { "aye" } } @else { span.bad { "nay" } } }
							td.key { (clean(&v.hotkey)) }
							td.key { (clean(v.coldkey.as_deref().unwrap_or("?"))) }
						}
					}
				} }
			}
			details open[open] {
				summary { "The call (" (mo.length) " bytes)" }
				pre.call { (clean(&call_tree(&mo.call))) }
			}
			section.simulation {
				h3 { "If closed now" }
				(simulation(view, &m.simulation))
			}
		}
	}
}

fn simulation(view: &View, state: &SimulationState) -> Markup {
	match state {
		SimulationState::Pending => {
			html! { p.muted.pending { "Simulating on block " (view.block) "…" } }
		}
		SimulationState::Failed { block, error } => html! {
			p.bad { "The simulation on block " (block) " could not run: " (clean(error)) }
		},
		SimulationState::Done { block, simulation } => html! {
			(simulated(*block, simulation))
			@if simulation.upgrade.is_none() && simulation.changes.iter().any(|c| c.entry == "System.AuthorizedUpgrade") {
				p.muted { "What the upgrade itself would do is simulated when this server knows the wasm with this hash (`dtao-gov serve --wasm FILE`)." }
			}
		},
	}
}

fn simulated(block: u64, sim: &Simulation) -> Markup {
	html! {
		p.muted {
			"Simulated on the state of block " (block) ", with the chain's own code (" (clean(&sim.runtime)) ")"
			@if !sim.voters.is_empty() { ", after the " (sim.voters.len()) " aye(s) it still needs" }
			"."
		}
		@match &sim.failure {
			None => p.ok.outcome { "It would execute successfully." },
			Some(why) => p.bad.outcome { "It would fail: " (clean(why)) },
		}
		@let (own, flow): (Vec<Change>, Vec<Change>) =
			sim.changes.iter().cloned().partition(|c| !is_flow_record(&c.entry));
		h4 { "Storage its call would change" }
		(changes(&own))
		details.flow {
			summary { "Fees and the motion's own records (" (flow.len()) " values)" }
			(changes(&flow))
		}
		@if let Some(u) = &sim.upgrade {
			h4 { "The upgrade" }
			p { (clean(&u.from)) " → " (clean(&u.to)) "; migrations weigh "
				(u.migrations_weight.ref_time) " ref time (" (u.measured_by) "); try-runtime checks: " (u.checks) }
			(changes(&u.changes))
		}
		details {
			summary { (sim.events.len()) " events" }
			pre.events {
				@for e in &sim.events {
					"[" (clean(&e.step)) "] " (clean(&e.event)) " " (shown(&e.fields)) "\n"
				}
			}
		}
	}
}

/// Storage that every close changes, whatever the call: the fees of the flow's extrinsics
/// and the motion's own records.
fn is_flow_record(entry: &str) -> bool {
	matches!(
		entry,
		"System.Account"
			| "Balances.TotalIssuance"
			| "TransactionPayment.NextFeeMultiplier"
			| "Senate.Voting"
			| "Senate.Proposals"
			| "Senate.ProposalOf"
			| "Senate.ProposalCount"
			| "Governance.OpenMotions"
	)
}

fn changes(changes: &[Change]) -> Markup {
	html! {
		@if changes.is_empty() {
			p.muted { "Nothing." }
		} @else {
			div.scroll { table.changes {
				tr { th { "Storage" } th { "Before" } th { "After" } }
				@for c in changes {
					tr {
						td.key {
							(clean(&c.entry))
							@if !c.keys.is_empty() {
								"[" (clean(&c.keys.iter().map(shown).collect::<Vec<_>>().join(", "))) "]"
							}
						}
						td { code { (shown(&c.before)) } }
						td { code { (shown(&c.after)) } }
					}
				}
			} }
		}
	}
}

fn closed(closed: &[Closed]) -> Markup {
	html! {
		@if closed.is_empty() {
			p.muted { "None since this server started." }
		} @else {
			div.scroll { table #closed {
				tr { th.num { "Block" } th { "Proposal" } th { "Outcome" } th.num { "Ayes" } th.num { "Nays" } }
				@for c in closed {
					tr {
						td.num { (c.block) }
						td.key { (c.hash) }
						td { (clean(&c.outcome)) }
						td.num { (c.ayes) }
						td.num { (c.nays) }
					}
				}
			} }
		}
	}
}

/// The Senate's seats and candidates, and the Triumvirate.
pub fn senate(view: &View) -> Markup {
	let Some(s) = &view.senate else {
		return html! { p.muted { "Not read yet." } };
	};
	senate_view(s)
}

fn senate_view(s: &SenateView) -> Markup {
	html! {
		h1 { "Senate" }
		p {
			(s.size) " seats; a seat needs " (format_tao(s.min_stake.into())) " of lasting root stake (the network holds "
			(format_tao(s.lasting_total_stake.into())) "); seats are next recomputed at block " (s.next_refresh) "."
		}
		div.scroll { table #candidates {
			tr { th { "Hotkey" } th { "Coldkey" } th.num { "Lasting stake" } th.num { "Share" } th.num { "Stake now" } th { "Seat" } }
			@for c in &s.candidates {
				tr {
					td.key { (clean(&c.hotkey)) }
					td.key { (clean(c.coldkey.as_deref().unwrap_or("?"))) }
					td.num { (format_tao(c.lasting_stake.into())) }
					td.num { (format!("{:.2}%", c.share_ppb as f64 / 1e7)) }
					td.num { (format_tao(c.stake.into())) }
					td { @if c.seated { span.ok { "seated" } } @else if c.eligible { "eligible" } @else { span.muted { "below the bar" } } }
				}
			}
		} }
		h2 { "Triumvirate" }
		ul #triumvirate { @for t in &s.triumvirate { li.key { (clean(t)) } } }
	}
}

/// Public proposals, referenda, the authorized upgrade and the runtime version.
pub fn referenda(view: &View) -> Markup {
	let d = &view.democracy;
	html! {
		h1 { "Referenda and upgrades" }
		p { "Runtime: " b { (clean(&view.runtime)) } }
		p #upgrade {
			"Authorized upgrade: "
			@match &view.authorized_upgrade {
				Some(hash) => { span.key { (clean(hash)) } " (ratified; anyone may apply the wasm with this hash)" },
				None => "none",
			}
		}
		p.muted { "Periods (blocks): " (shown(&d.periods)) }
		h2 { "Public proposals" }
		@match d.public_proposals.as_array() {
			Some(list) if !list.is_empty() => { ul { @for p in list { li { pre { (shown(p)) } } } } },
			_ => p.muted { "None." },
		}
		h2 { "Referenda" }
		@if d.referenda.is_empty() { p.muted { "None yet." } }
		@for r in &d.referenda {
			article.card {
				h3 { "Referendum #" (r["index"]) }
				pre { (shown(&r["info"])) }
			}
		}
	}
}

/// The subnets table.
pub fn subnets(view: &View) -> Markup {
	html! {
		h1 { "Subnets" }
		div.scroll { table #subnets {
			tr { th.num { "Netuid" } th { "Owner" } th.num { "Price" } th.num { "Pool TAO" } th.num { "Neurons" } th.num { "Tempo" } th.num { "Epoch in" } }
			@for s in &view.subnets {
				tr {
					td.num { a href={ "/subnets/" (s["netuid"]) } { (s["netuid"]) } }
					td.key { (shown(&s["owner"])) }
					td.num { (shown(&s["price"])) }
					td.num { (format_tao(s["tao_in_rao"].as_u64().unwrap_or(0).into())) }
					td.num { (s["neurons"]) "/" (s["hyperparams"]["max_uids"]) }
					td.num { (s["hyperparams"]["tempo"]) }
					td.num { (s["blocks_until_epoch"]) }
				}
			}
		} }
	}
}

/// One subnet and its metagraph.
pub fn subnet(detail: &Json) -> Markup {
	let s = &detail["subnet"];
	html! {
		p { a href="/subnets" { "← all subnets" } }
		h1 { "Subnet " (s["netuid"]) }
		p { "Owner " span.key { (shown(&s["owner"])) } "; price " (shown(&s["price"])) " TAO/α; "
			(s["neurons"]) " of " (s["hyperparams"]["max_uids"]) " neurons." }
		div.scroll { table #metagraph {
			tr { th.num { "UID" } th { "Hotkey" } th { "Coldkey" } th.num { "Stake weight" } th { "Permit" } th.num { "Emission" } }
			@for n in detail["metagraph"].as_array().into_iter().flatten() {
				tr {
					td.num { (n["uid"]) }
					td.key { (shown(&n["hotkey"])) }
					td.key { (shown(&n["coldkey"])) }
					td.num { (shown(&n["stake_weight"])) }
					td { @if n["validator_permit"].as_bool() == Some(true) { "validator" } }
					td.num { (shown(&n["emission"])) }
				}
			}
		} }
	}
}

/// A page for what does not exist.
pub fn not_found(what: &str) -> Markup {
	html! {
		h1 { "Not found" }
		p #not-found { (clean(what)) }
		p { a href="/" { "The open motions" } }
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::simulation::SimEvent;

	const HOSTILE: &str = "<script>alert(1)</script>\u{202E}gnp.exe\"'&";

	fn assert_inert(html: &str) {
		assert!(!html.contains("<script>alert"), "markup got through: {html}");
		assert!(!html.contains('\u{202E}'), "a bidi override got through: {html}");
		assert!(
			html.contains("&lt;script&gt;alert(1)&lt;/script&gt;U+202Egnp.exe&quot;"),
			"{html}"
		);
	}

	#[test]
	fn nothing_the_chain_returns_becomes_markup() {
		let sim = Simulation {
			runtime: HOSTILE.into(),
			block: 1,
			proposer: HOSTILE.into(),
			voters: vec![HOSTILE.into()],
			events: vec![SimEvent {
				step: HOSTILE.into(),
				event: HOSTILE.into(),
				fields: serde_json::json!({ "remark": HOSTILE.repeat(2000) }),
			}],
			changes: vec![Change {
				entry: HOSTILE.into(),
				keys: vec![Json::String(HOSTILE.into())],
				before: Json::String(HOSTILE.into()),
				after: serde_json::json!({ "name": HOSTILE }),
			}],
			upgrade: None,
			failure: Some(HOSTILE.into()),
		};
		assert_inert(&simulated(3, &sim).into_string());
		let closed_motion =
			Closed { block: 1, hash: "0x00".into(), outcome: HOSTILE.into(), ayes: 1, nays: 0 };
		assert_inert(&closed(&[closed_motion]).into_string());
		assert_inert(&not_found(HOSTILE).into_string());
		let view = View {
			url: HOSTILE.into(),
			runtime: HOSTILE.into(),
			error: Some(HOSTILE.into()),
			..View::default()
		};
		assert_inert(&page(&view, "/", "Motions", html! {}, false).into_string());
	}

	#[test]
	fn bidi_controls_are_shown_not_obeyed() {
		assert_eq!(clean("a\u{202E}b\u{2066}c\u{200F}"), "aU+202EbU+2066cU+200F");
		assert_eq!(clean("plain ascii, ünïcödé"), "plain ascii, ünïcödé");
	}
}
