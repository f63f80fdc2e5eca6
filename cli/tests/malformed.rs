//! Malformed and hostile input: every proposal file in `tests/malformed/` and every argument
//! line in `tests/malformed/args.txt` makes `dtao-gov` exit non-zero with an error that names
//! the problem, and never panic. Each file's first line says what the error must contain:
//! `# expect: <text>`.

use std::{
	path::{Path, PathBuf},
	process::{Command, Output},
};

fn dtao_gov(args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_dtao-gov"))
		.args(args)
		.current_dir(env!("CARGO_MANIFEST_DIR"))
		.env_remove("DTAO_URL")
		.env_remove("DTAO_SURI")
		.env("NO_COLOR", "1")
		.output()
		.expect("dtao-gov runs")
}

/// Checks one failing run; returns a description of what is wrong with it, if anything.
fn problem(case: &str, output: &Output, expect: &str) -> Option<String> {
	let stderr = String::from_utf8_lossy(&output.stderr);
	let code = output.status.code();
	if stderr.contains("panicked") {
		return Some(format!("{case}: panicked:\n{stderr}"));
	}
	if !matches!(code, Some(1) | Some(2)) {
		return Some(format!("{case}: exit code {code:?}, expected 1 or 2; stderr:\n{stderr}"));
	}
	if !stderr.contains(expect) {
		return Some(format!("{case}: stderr lacks {expect:?}:\n{stderr}"));
	}
	if !output.stdout.is_empty() && code == Some(1) {
		let stdout = String::from_utf8_lossy(&output.stdout);
		if stdout.contains("No problems found") {
			return Some(format!("{case}: reported success on stdout:\n{stdout}"));
		}
	}
	None
}

fn corpus_dir() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

#[test]
fn every_malformed_proposal_file_is_refused_with_a_clear_error() {
	let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
		.expect("the corpus exists")
		.map(|e| e.expect("readable").path())
		.filter(|p| p.extension().is_some_and(|e| e == "toml"))
		.collect();
	files.sort();
	assert!(files.len() >= 50, "only {} malformed files", files.len());
	let mut problems = Vec::new();
	for file in &files {
		let text = std::fs::read(file).expect("readable");
		let first = String::from_utf8_lossy(&text).lines().next().unwrap_or_default().to_string();
		let Some(expect) = first.strip_prefix("# expect: ") else {
			problems.push(format!("{}: no `# expect:` first line", file.display()));
			continue;
		};
		let output = dtao_gov(&["proposal", "check", file.to_str().expect("utf-8 path")]);
		problems.extend(problem(&file.display().to_string(), &output, expect.trim()));
	}
	assert!(
		problems.is_empty(),
		"{} of {} cases failed:\n{}",
		problems.len(),
		files.len(),
		problems.join("\n\n")
	);
}

#[test]
fn every_bad_argument_line_is_refused_with_a_clear_error() {
	let text = std::fs::read_to_string(corpus_dir().join("args.txt")).expect("args.txt exists");
	let mut problems = Vec::new();
	let mut cases = 0;
	for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
		let (args, expect) = line.split_once(" ==> ").expect("`<args> ==> <expected>`");
		let args: Vec<&str> = args.split(' ').collect();
		cases += 1;
		problems.extend(problem(line, &dtao_gov(&args), expect.trim()));
	}
	assert!(cases >= 10, "only {cases} argument cases");
	assert!(
		problems.is_empty(),
		"{} of {cases} cases failed:\n{}",
		problems.len(),
		problems.join("\n\n")
	);
}

#[test]
fn a_fifo_is_refused_at_once_instead_of_read_forever() {
	let dir = std::env::temp_dir().join(format!("dtao-gov-fifo-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("temp dir");
	let fifo = dir.join("proposal.toml");
	let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
	assert!(made.success(), "mkfifo failed");
	// Nobody ever writes to the FIFO: a reader that opened it would wait forever.
	let mut child = Command::new(env!("CARGO_BIN_EXE_dtao-gov"))
		.args(["proposal", "check", fifo.to_str().expect("utf-8 path")])
		.stdout(std::process::Stdio::piped())
		.stderr(std::process::Stdio::piped())
		.spawn()
		.expect("dtao-gov starts");
	let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
	while child.try_wait().expect("waitable").is_none() {
		if std::time::Instant::now() > deadline {
			child.kill().expect("killable");
			panic!("`proposal check` on a FIFO did not return");
		}
		std::thread::sleep(std::time::Duration::from_millis(20));
	}
	let output = child.wait_with_output().expect("output");
	std::fs::remove_dir_all(&dir).expect("removable");
	let expect = "it is a FIFO, not a regular file";
	if let Some(problem) = problem("proposal check FIFO", &output, expect) {
		panic!("{problem}");
	}
}
