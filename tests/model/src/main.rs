//! A long run of the model-based test: `dtao-model [--steps N] [--seed S]` runs random
//! sequences until at least N steps (default 1,000,000) have run, printing progress and the
//! rate; exits 1 with the shortest failing sequence on a difference.

use std::time::{SystemTime, UNIX_EPOCH};

fn arg(name: &str) -> Option<u64> {
	let args: Vec<String> = std::env::args().collect();
	let value = args.iter().position(|a| a == name).and_then(|i| args.get(i + 1))?;
	match value.replace('_', "").parse() {
		Ok(v) => Some(v),
		Err(_) => {
			eprintln!("{name} takes a number, not `{value}`");
			std::process::exit(2);
		}
	}
}

fn main() {
	if std::env::args().any(|a| a == "--help" || a == "-h") {
		println!("usage: dtao-model [--steps N (default 1000000)] [--seed S (default: the clock)]");
		return;
	}
	let target = arg("--steps").unwrap_or(1_000_000) as usize;
	let seed = arg("--seed")
		.unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()));
	println!("model-based test: at least {target} steps from seed {seed}");
	let (mut steps, mut cases, mut seconds, mut chunk) = (0usize, 0u32, 0f64, 0u64);
	while steps < target {
		// Chunks of 200 sequences, each from its own seed, so that progress shows.
		match dtao_model::run(seed.wrapping_add(chunk), 200) {
			Ok(stats) => {
				steps += stats.steps;
				cases += stats.cases;
				seconds += stats.seconds;
				println!(
					"{steps} steps in {cases} sequences, {seconds:.0} s, {:.0} steps/s",
					steps as f64 / seconds.max(1e-9)
				);
			}
			Err(report) => {
				eprintln!("{report}");
				eprintln!("(chunk seed {})", seed.wrapping_add(chunk));
				std::process::exit(1);
			}
		}
		chunk += 1;
	}
	println!(
		"done: {steps} steps, {cases} sequences, seed {seed}, {:.0} steps/s, no difference",
		steps as f64 / seconds.max(1e-9)
	);
}
