//! # Model-based test of the bicameral rules
//!
//! A reference model of the governance rules ([`model`], plain Rust, written from the README
//! and the governance pallet's documentation) and the real runtime ([`chain`], natively)
//! are driven through the same random sequences of steps ([`ops`]): proposals, votes and
//! closes, stake added, removed and moved on seated and unseated hotkeys, joins and leaves,
//! blocks across period boundaries, batches of these in one extrinsic, and ratified changes of
//! governance parameters and of the Triumvirate. After every step the dispatch result, the
//! seats, the candidates, every open motion (index, threshold, ayes, nays, end, voters), the
//! governed values, the Triumvirate, the authorized upgrade and every lasting stake must
//! agree, and the governance and staking invariants must hold. A difference fails the run and
//! proptest shrinks it to the shortest sequence that still fails, printed one step a line.

pub mod chain;
pub mod model;
pub mod ops;

use model::{Model, Op};
use proptest::{
	strategy::BoxedStrategy,
	test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner},
};
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest};
use std::{
	sync::{
		atomic::{AtomicUsize, Ordering},
		LazyLock,
	},
	time::Instant,
};

static GENESIS: LazyLock<sp_core::storage::Storage> = LazyLock::new(chain::genesis);
static STEPS: AtomicUsize = AtomicUsize::new(0);

/// The model as proptest's reference state machine.
pub struct ModelMachine;

impl ReferenceStateMachine for ModelMachine {
	type State = Model;
	type Transition = Op;

	fn init_state() -> BoxedStrategy<Model> {
		use proptest::strategy::{Just, Strategy};
		Just(Model::genesis(chain::ids())).boxed()
	}

	fn transitions(_: &Model) -> BoxedStrategy<Op> {
		ops::op()
	}

	fn apply(mut state: Model, op: &Op) -> Model {
		state.step(op);
		state
	}

	fn preconditions(state: &Model, op: &Op) -> bool {
		state.allows(op)
	}
}

/// The runtime, checked against the model after every step.
pub struct ChainMachine;

impl StateMachineTest for ChainMachine {
	type SystemUnderTest = chain::Chain;
	type Reference = ModelMachine;

	fn init_test(_: &Model) -> chain::Chain {
		chain::Chain::new(&GENESIS)
	}

	fn apply(mut chain: chain::Chain, model: &Model, op: Op) -> chain::Chain {
		STEPS.fetch_add(1, Ordering::Relaxed);
		let (plan, expect) = model.last.as_ref().expect("the model applied the step");
		if let Err(difference) = chain.check(plan, expect, model) {
			panic!("after `{op:?}`: {difference}");
		}
		chain
	}
}

/// What a run did.
pub struct Stats {
	/// Sequences run.
	pub cases: u32,
	/// Steps run, on the model and on the runtime.
	pub steps: usize,
	/// How long it took, in seconds.
	pub seconds: f64,
}

impl Stats {
	/// Steps per second.
	pub fn rate(&self) -> f64 {
		self.steps as f64 / self.seconds.max(1e-9)
	}
}

/// Runs `cases` random sequences of 20 to 80 steps from `seed`. On a difference, returns the
/// shrunk sequence that shows it, one step a line, with what differed.
pub fn run(seed: u64, cases: u32) -> Result<Stats, String> {
	let config = Config {
		cases,
		failure_persistence: None,
		rng_algorithm: RngAlgorithm::ChaCha,
		max_shrink_iters: 4_096,
		..Config::default()
	};
	let mut bytes = [0u8; 32];
	bytes[..8].copy_from_slice(&seed.to_le_bytes());
	let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
	let mut runner = TestRunner::new_with_rng(config.clone(), rng);
	let strategy = ModelMachine::sequential_strategy(20..80);
	LazyLock::force(&GENESIS);
	let steps = STEPS.load(Ordering::Relaxed);
	let start = Instant::now();
	// Shrinking replays failing sequences many times; their panics are the report's business.
	let hook = std::panic::take_hook();
	std::panic::set_hook(Box::new(|_| {}));
	let result = runner.run(&strategy, |(initial, transitions, seen)| {
		ChainMachine::test_sequential(config.clone(), initial, transitions, seen);
		Ok(())
	});
	std::panic::set_hook(hook);
	let stats = Stats {
		cases,
		steps: STEPS.load(Ordering::Relaxed) - steps,
		seconds: start.elapsed().as_secs_f64(),
	};
	match result {
		Ok(()) => Ok(stats),
		Err(TestError::Fail(reason, (_, transitions, _))) => {
			let mut report = format!(
				"the runtime and the model differ (seed {seed}); shortest sequence found:\n"
			);
			for (i, op) in transitions.iter().enumerate() {
				report.push_str(&format!("  {:>3}. {op:?}\n", i + 1));
			}
			report.push_str(&format!("{reason}"));
			Err(report)
		}
		Err(TestError::Abort(reason)) => Err(format!("the run stopped: {reason}")),
	}
}
