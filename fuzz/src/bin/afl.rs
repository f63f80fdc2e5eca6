//! The fuzzer's target for AFL++ (`cargo afl build --features afl`): each input from genesis;
//! a finding panics, which AFL records as a crash.

fn main() {
	let genesis = dtao_fuzz::genesis();
	let (registry, call) = dtao_fuzz::registry();
	afl::fuzz!(|data: &[u8]| {
		let mut generator =
			dtao_fuzz::generate::Generator::new(&registry, call, dtao_fuzz::pools());
		let mut stats = dtao_fuzz::Stats::default();
		if let Err(finding) = dtao_fuzz::run_one(&genesis, &mut generator, data, &mut stats) {
			panic!("{finding}");
		}
	});
}
