//! The model-based test in CI: a fixed seed, at least 10,000 steps.

#[test]
fn the_runtime_follows_the_governance_rules_step_by_step() {
	match dtao_model::run(0xD7A0, 250) {
		Ok(stats) => {
			println!(
				"{} steps in {} sequences, {:.0} steps/s",
				stats.steps,
				stats.cases,
				stats.rate()
			);
			assert!(stats.steps >= 10_000, "only {} steps ran", stats.steps);
		}
		Err(report) => panic!("{report}"),
	}
}
