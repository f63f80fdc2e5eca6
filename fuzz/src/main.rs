//! `dtao-fuzz`: runs the fuzzer on stable Rust.
//!
//! * `dtao-fuzz run [--seconds N] [--calls N] [--seed S]`: random inputs from a seed until N
//!   seconds (default 600) or N calls have run; prints calls/s and every pallet reached.
//! * `dtao-fuzz replay PATH…`: runs the inputs in these files or folders (an AFL corpus, a
//!   saved finding) and prints the same report.
//! * `dtao-fuzz seeds DIR [--count N] [--seed S]`: writes N (default 16) inputs into DIR, to
//!   start a coverage-guided engine from.
//!
//! A finding prints what broke, saves the input under `fuzz/findings/`, and exits 1.

use dtao_fuzz::{generate::Generator, Stats};
use std::{path::PathBuf, time::Instant};

fn number(args: &[String], name: &str) -> Option<u64> {
	let value = args.iter().position(|a| a == name).and_then(|i| args.get(i + 1))?;
	match value.replace('_', "").parse() {
		Ok(v) => Some(v),
		Err(_) => {
			eprintln!("{name} takes a number, not `{value}`");
			std::process::exit(2)
		}
	}
}

fn files(paths: &[String]) -> Vec<PathBuf> {
	let mut out = Vec::new();
	for p in paths {
		let path = PathBuf::from(p);
		if path.is_dir() {
			let mut entries: Vec<PathBuf> = std::fs::read_dir(&path)
				.unwrap_or_else(|e| {
					eprintln!("cannot read {}: {e}", path.display());
					std::process::exit(2)
				})
				.filter_map(|e| e.ok().map(|e| e.path()))
				.filter(|p| p.is_file())
				.collect();
			entries.sort();
			out.extend(entries);
		} else {
			out.push(path);
		}
	}
	out
}

fn main() {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let genesis = dtao_fuzz::genesis();
	let (registry, call) = dtao_fuzz::registry();
	let mut generator = Generator::new(&registry, call, dtao_fuzz::pools());
	let mut stats = Stats::default();
	let start = Instant::now();
	let failed = |data: &[u8], what: String| -> ! {
		let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/findings"));
		let _ = std::fs::create_dir_all(&dir);
		let path =
			dir.join(format!("{:016x}.bin", u64::from_le_bytes(sp_io::hashing::twox_64(data))));
		let _ = std::fs::write(&path, data);
		eprintln!(
			"finding: {what}\ninput saved to {} (replay it with `dtao-fuzz replay`)",
			path.display()
		);
		std::process::exit(1)
	};
	match args.first().map(String::as_str) {
		Some("run") => {
			let seconds = number(&args, "--seconds").unwrap_or(600);
			let calls = number(&args, "--calls").unwrap_or(u64::MAX);
			let seed = number(&args, "--seed").unwrap_or(0);
			println!("fuzzing from seed {seed} for {seconds} s or {calls} calls");
			for data in dtao_fuzz::inputs(seed) {
				if start.elapsed().as_secs() >= seconds || stats.calls >= calls {
					break;
				}
				if let Err(finding) =
					dtao_fuzz::run_one(&genesis, &mut generator, &data, &mut stats)
				{
					print!("{}", stats.report(start.elapsed().as_secs_f64()));
					failed(&data, finding.to_string());
				}
			}
		}
		Some("seeds") if args.len() > 1 => {
			let dir = PathBuf::from(&args[1]);
			let count = number(&args, "--count").unwrap_or(16) as usize;
			let seed = number(&args, "--seed").unwrap_or(0);
			std::fs::create_dir_all(&dir).unwrap_or_else(|e| {
				eprintln!("cannot create {}: {e}", dir.display());
				std::process::exit(2)
			});
			for (i, data) in dtao_fuzz::inputs(seed).take(count).enumerate() {
				let path = dir.join(format!("seed-{i:03}"));
				std::fs::write(&path, data).unwrap_or_else(|e| {
					eprintln!("cannot write {}: {e}", path.display());
					std::process::exit(2)
				});
			}
			println!("{count} seeds in {}", dir.display());
			return;
		}
		Some("replay") if args.len() > 1 => {
			for path in files(&args[1..]) {
				let data = std::fs::read(&path).unwrap_or_else(|e| {
					eprintln!("cannot read {}: {e}", path.display());
					std::process::exit(2)
				});
				if let Err(finding) =
					dtao_fuzz::run_one(&genesis, &mut generator, &data, &mut stats)
				{
					print!("{}", stats.report(start.elapsed().as_secs_f64()));
					failed(&data, format!("{}: {finding}", path.display()));
				}
			}
		}
		_ => {
			eprintln!(
				"usage: dtao-fuzz run [--seconds N] [--calls N] [--seed S] | replay PATH… | \
				 seeds DIR [--count N] [--seed S]"
			);
			std::process::exit(2)
		}
	}
	print!("{}", stats.report(start.elapsed().as_secs_f64()));
	println!("no finding");
}
