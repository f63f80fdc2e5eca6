//! The `dtao-gov` command. All of it lives in the library; this prints the result.

use clap::Parser;
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
	let cli = dtao_gov::Cli::parse();
	let mut stdout = std::io::stdout().lock();
	match dtao_gov::execute(cli, &mut stdout).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("error: {e:#}");
			ExitCode::FAILURE
		}
	}
}
