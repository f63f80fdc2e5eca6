//! The fuzzer in CI: a fixed seed, at least 20,000 calls, every pallet's `try_state` after
//! every block (it runs with the `try-runtime` feature, in the benchmark and try-runtime step).

#[cfg_attr(not(feature = "try-runtime"), ignore = "runs with --features try-runtime")]
#[test]
fn no_input_breaks_an_invariant() {
	let genesis = dtao_fuzz::genesis();
	let (registry, call) = dtao_fuzz::registry();
	let mut generator = dtao_fuzz::generate::Generator::new(&registry, call, dtao_fuzz::pools());
	let mut stats = dtao_fuzz::Stats::default();
	let start = std::time::Instant::now();
	for data in dtao_fuzz::inputs(0xD7A0) {
		if stats.calls >= 20_000 {
			break;
		}
		if let Err(finding) = dtao_fuzz::run_one(&genesis, &mut generator, &data, &mut stats) {
			panic!("{finding}\ninput: 0x{}", hex::encode(&data));
		}
	}
	print!("{}", stats.report(start.elapsed().as_secs_f64()));
	assert_eq!(stats.undecodable, 0, "the generator made calls the runtime cannot decode");
	// Every pallet with calls was reached.
	let reached = stats.pallets();
	for pallet in [
		"System",
		"Balances",
		"Utility",
		"Preimage",
		"Scheduler",
		"Staking",
		"Subnets",
		"Emission",
		"Triumvirate",
		"Senate",
		"Governance",
		"Democracy",
	] {
		assert!(reached.contains_key(pallet), "no call of {pallet} was generated");
	}
}
