//! `dtao-gov` run through its own entry point against a [`LocalChain`](crate::LocalChain),
//! so a test sees what a user sees; and the time bound every end-to-end test runs under.

use crate::LocalChain;
use anyhow::{anyhow, Context, Result};
use std::{future::Future, time::Duration};

/// A hung chain fails the test instead of the CI run.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(300);

/// Runs `test`, failing it after [`TEST_TIMEOUT`].
pub async fn bounded<F: Future<Output = Result<()>>>(test: F) -> Result<()> {
	tokio::time::timeout(TEST_TIMEOUT, test)
		.await
		.map_err(|_| anyhow!("timed out after {TEST_TIMEOUT:?}"))?
}

/// `dtao-gov --url <chain> --yes <args>`: what it printed.
pub async fn gov(chain: &LocalChain, args: &[&str]) -> Result<String> {
	let mut argv = vec!["dtao-gov", "--url", &chain.url, "--yes"];
	argv.extend_from_slice(args);
	let mut out = Vec::new();
	dtao_gov::run(argv, &mut out).await?;
	Ok(String::from_utf8(out)?)
}

/// The error of a `dtao-gov` command that must fail.
pub async fn gov_err(chain: &LocalChain, args: &[&str]) -> Result<String> {
	match gov(chain, args).await {
		Ok(out) => Err(anyhow!("`{}` succeeded:\n{out}", args.join(" "))),
		Err(e) => Ok(format!("{e:#}")),
	}
}

/// A `dtao-gov` command's `--json` document.
pub async fn gov_json(chain: &LocalChain, args: &[&str]) -> Result<serde_json::Value> {
	let mut with_json = vec!["--json"];
	with_json.extend_from_slice(args);
	let out = gov(chain, &with_json).await?;
	serde_json::from_str(&out).with_context(|| format!("not JSON:\n{out}"))
}

/// The path of a shipped proposal file.
pub fn proposal_file(name: &str) -> String {
	concat!(env!("CARGO_MANIFEST_DIR"), "/../proposals/").to_string() + name
}
