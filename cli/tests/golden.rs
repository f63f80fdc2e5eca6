//! Golden tests of what `dtao-gov` prints, offline: the shipped proposal files are exactly
//! what `proposal new` writes, and `check` and `simulate` on them print, as text and as JSON,
//! what `tests/golden/` holds. `UPDATE_GOLDEN=1 cargo test -p dtao-gov --test golden` rewrites
//! the golden files after an intended change; review the diff.

use std::path::Path;

async fn run(args: &[&str]) -> (String, Result<(), String>) {
	let mut out = Vec::new();
	let mut argv = vec!["dtao-gov"];
	argv.extend_from_slice(args);
	let result = dtao_gov::run(argv, &mut out).await.map_err(|e| format!("{e:#}"));
	(String::from_utf8(out).expect("utf-8 output"), result)
}

fn workspace() -> &'static Path {
	Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn golden(name: &str, actual: &str) {
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
	if std::env::var_os("UPDATE_GOLDEN").is_some() {
		std::fs::write(&path, actual).expect("writable");
		return;
	}
	let expected = std::fs::read_to_string(&path)
		.unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1", path.display()));
	assert_eq!(actual, expected, "output differs from {}", path.display());
}

const EXAMPLES: [(&str, &str); 5] = [
	("parameter", "parameter.toml"),
	("subnet-parameter", "subnet-parameter.toml"),
	("membership", "membership.toml"),
	("batch", "batch.toml"),
	("referendum", "referendum.toml"),
];

#[tokio::test]
async fn shipped_examples_are_what_the_templates_write() {
	for (template, file) in EXAMPLES {
		let (out, result) = run(&["proposal", "new", template]).await;
		result.unwrap();
		let shipped = std::fs::read_to_string(workspace().join("proposals").join(file)).unwrap();
		assert_eq!(
			out.trim_end(),
			shipped.trim_end(),
			"proposals/{file} differs from its template"
		);
	}
}

#[tokio::test]
async fn check_and_simulate_print_what_the_golden_files_hold() {
	std::env::remove_var("DTAO_URL");
	for (_, file) in EXAMPLES {
		let path = workspace().join("proposals").join(file);
		let path = path.to_str().unwrap();
		let stem = file.trim_end_matches(".toml");
		for command in ["check", "simulate"] {
			let (text, result) = run(&["proposal", command, path]).await;
			result.unwrap_or_else(|e| panic!("{command} {file}: {e}"));
			let (json, result) = run(&["--json", "proposal", command, path]).await;
			result.unwrap();
			let parsed: serde_json::Value =
				serde_json::from_str(&json).expect("--json prints JSON");
			assert!(parsed.is_object());
			// Paths differ between machines; the golden files hold them relative.
			let root = workspace().canonicalize().unwrap();
			let relative = |s: String| {
				s.replace(path, &format!("proposals/{file}")).replace(root.to_str().unwrap(), ".")
			};
			golden(&format!("{command}-{stem}.txt"), &relative(text));
			golden(&format!("{command}-{stem}.json"), &relative(json));
		}
	}
}

#[tokio::test]
async fn simulating_a_failing_proposal_exits_with_the_pallet_error() {
	let dir = std::env::temp_dir().join(format!("dtao-gov-golden-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let file = dir.join("too-many-seats.toml");
	std::fs::write(
		&file,
		"title = \"Too many seats\"\n[[call]]\npallet = \"Governance\"\ncall = \"set_senate_size\"\nargs = { size = 1000 }\n",
	)
	.unwrap();
	let (out, result) = run(&["proposal", "simulate", file.to_str().unwrap()]).await;
	let err = result.expect_err("a proposal whose call fails must fail the simulation");
	assert!(err.contains("Governance::ParameterOutOfRange"), "{err}");
	assert!(out.contains("FAILED"), "{out}");
	std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_multiaddress_takes_a_bare_account_as_polkadot_js_writes_it() {
	let dir = std::env::temp_dir().join(format!("dtao-gov-multiaddress-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	let mut call_data = Vec::new();
	for (name, dest) in
		[("bare", format!("\"{alice}\"")), ("id", format!("{{ Id = \"{alice}\" }}"))]
	{
		let file = dir.join(format!("{name}.toml"));
		std::fs::write(
			&file,
			format!(
				"title = \"Pay Alice\"\n[[call]]\npallet = \"Balances\"\ncall = \"transfer_keep_alive\"\nargs = {{ dest = {dest}, value = \"1 TAO\" }}\n"
			),
		)
		.unwrap();
		let (json, result) = run(&["--json", "proposal", "check", file.to_str().unwrap()]).await;
		// A transfer needs a signed origin: the Senate cannot make it, and check says so,
		// after printing the call it read.
		let err = result.expect_err("a transfer cannot pass the Senate");
		assert!(err.contains("cannot pass"), "{name}: {err}");
		let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
		call_data.push(parsed["call_data"].as_str().unwrap().to_string());
	}
	assert_eq!(call_data[0], call_data[1], "a bare account is `{{ Id = … }}`");
	std::fs::remove_dir_all(&dir).unwrap();
}
