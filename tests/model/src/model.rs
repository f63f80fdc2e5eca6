//! The reference model: the bicameral rules as the README and the governance pallet's
//! documentation state them, in plain Rust, over a handful of accounts.
//!
//! It is written from the rules, not from the pallets' code, and it keeps its own
//! representation: stake as a full history of values rather than floors, motions by their
//! proposals rather than by hash. Where the runtime and the model disagree, one of them is
//! wrong about the rules.
//!
//! The rules it encodes:
//!
//! * **Who proposes, votes, closes.** A triumvir proposes, holding at most three open motions
//!   (and the Senate at most ten; the same call may not be open twice), into a Senate with at
//!   least three seats. A senator votes with the coldkey that owns its hotkey, if the hotkey
//!   held a seat when the motion was proposed and has not forfeited since (left, or its stake
//!   fell below the bar; being outranked is no forfeit); triumvirs never vote. A triumvir
//!   closes a motion once it is decided; anyone may once its voting period is over.
//! * **Thresholds fixed at proposal.** A motion's threshold is a majority of the seats when it
//!   was proposed; it passes when its ayes reach it. It is rejected when its voters, less its
//!   nays, cannot reach it, or once expired (abstentions count as nays).
//! * **The ratified origin.** A passing motion's call runs with the Senate's authority; the
//!   governed setters refuse values outside their bounds.
//! * **Seats from lasting stake.** A period starts a refresh interval after the last one began
//!   (the first at genesis). A hotkey's lasting stake is the least root stake it held since the
//!   previous period began (genesis counts as the start). A candidate is eligible when it is a
//!   delegate, neither it nor its coldkey a triumvir, and its lasting stake is non-zero and at
//!   least the minimum share of the lasting total stake. Each coldkey's largest eligible
//!   candidate competes; the largest lasting stakes win the seats (ties to the lower account
//!   id). Seats are recomputed at the start of every period, on join and leave, and when the
//!   Senate's size or share or the Triumvirate change.
//! * **Forfeit.** A senator (or a voter of an open motion) whose own stake falls so that its
//!   lasting stake is below the bar (or zero) loses its seat, its votes and its right to vote
//!   at once; so does one that leaves, and a senator no longer eligible when seats are
//!   recomputed. A right to vote forfeited is not regained.
//! * **Root stake stays** a tempo (360 blocks) after it last grew.
//! * **The Triumvirate** is always three distinct accounts.

use std::collections::{BTreeMap, BTreeSet};

/// One TAO in rao.
pub const TAO: u64 = 1_000_000_000;
/// What every development account is endowed with.
pub const ENDOWMENT: u64 = 100_000 * TAO;

/// The coldkeys: three triumvirs, three senators, and two others.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Acc {
	Alice,
	Bob,
	Charlie,
	Dave,
	Eve,
	Ferdie,
	One,
	Two,
}

impl Acc {
	/// Every coldkey.
	pub const ALL: [Acc; 8] =
		[Acc::Alice, Acc::Bob, Acc::Charlie, Acc::Dave, Acc::Eve, Acc::Ferdie, Acc::One, Acc::Two];
}

/// The hotkeys: the genesis senators' three, two of //One (a whale), one of //Two (a
/// newcomer), a second one of //Dave, and one of //Alice (a triumvir).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Hot {
	DaveStash,
	EveStash,
	FerdieStash,
	Whale1,
	Whale2,
	Newcomer,
	Dave2,
	Triumvir,
}

impl Hot {
	/// Every hotkey.
	pub const ALL: [Hot; 8] = [
		Hot::DaveStash,
		Hot::EveStash,
		Hot::FerdieStash,
		Hot::Whale1,
		Hot::Whale2,
		Hot::Newcomer,
		Hot::Dave2,
		Hot::Triumvir,
	];

	/// The coldkey that owns it (all are registered delegates).
	pub fn owner(self) -> Acc {
		match self {
			Hot::DaveStash | Hot::Dave2 => Acc::Dave,
			Hot::EveStash => Acc::Eve,
			Hot::FerdieStash => Acc::Ferdie,
			Hot::Whale1 | Hot::Whale2 => Acc::One,
			Hot::Newcomer => Acc::Two,
			Hot::Triumvir => Acc::Alice,
		}
	}
}

/// A call a motion may carry, as generated: `DisapproveOpen(k)` names the `k`-th open motion
/// (mod their number), resolved into a [`Proposal`] when proposed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Draft {
	/// A proposal as it is.
	Plain(Proposal),
	/// Governance.disapprove_motion of an open motion.
	DisapproveOpen(u8),
}

/// A call a motion carries.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Proposal {
	/// Staking.set_min_stake, in TAO.
	MinStake(u64),
	/// Governance.set_motion_duration.
	MotionDuration(u32),
	/// Governance.set_refresh_interval.
	RefreshInterval(u32),
	/// Governance.set_senate_size.
	SenateSize(u32),
	/// Governance.set_min_stake_share, in parts per billion.
	MinStakeShare(u32),
	/// Governance.set_triumvirate.
	Triumvirate([Acc; 3]),
	/// Governance.authorize_upgrade to the code hash `[n; 32]`.
	Upgrade(u8),
	/// Governance.disapprove_motion of the motion carrying this proposal.
	Disapprove(Box<Proposal>),
}

/// One step, as generated.
#[derive(Clone, PartialEq, Eq)]
pub enum Op {
	/// `by` proposes.
	Propose { by: Acc, draft: Draft },
	/// `coldkey` votes for `hotkey`'s seat on the `motion`-th open motion (mod their number).
	Vote { coldkey: Acc, hotkey: Hot, motion: u8, aye: bool },
	/// `by` closes the `motion`-th open motion.
	Close { by: Acc, motion: u8 },
	/// Root stake added.
	Stake { coldkey: Acc, hotkey: Hot, amount: u64 },
	/// Root stake removed.
	Unstake { coldkey: Acc, hotkey: Hot, amount: u64 },
	/// Root stake moved between hotkeys.
	Move { coldkey: Acc, from: Hot, to: Hot, amount: u64 },
	/// A hotkey joins the candidates.
	Join { coldkey: Acc, hotkey: Hot },
	/// A hotkey leaves the candidates.
	Leave { coldkey: Acc, hotkey: Hot },
	/// Blocks pass.
	Advance { blocks: u32 },
	/// Blocks pass up to the next period's first block, plus `offset` (-1, 0 or 1).
	ToPeriod { offset: i8 },
	/// One extrinsic of `by` doing several steps: `Utility.batch_all` (atomic) or
	/// `Utility.batch`.
	Batch { by: Acc, atomic: bool, ops: Vec<Op> },
}

impl core::fmt::Debug for Op {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		let tao = |a: &u64| {
			let whole = a / TAO;
			let frac = a % TAO;
			if frac == 0 {
				format!("{whole} TAO")
			} else {
				format!("{whole}.{} TAO", format!("{frac:09}").trim_end_matches('0'))
			}
		};
		match self {
			Op::Propose { by, draft: Draft::Plain(p) } => write!(f, "{by:?} proposes {p:?}"),
			Op::Propose { by, draft: Draft::DisapproveOpen(k) } => {
				write!(f, "{by:?} proposes to disapprove open motion #{k}")
			}
			Op::Vote { coldkey, hotkey, motion, aye } => write!(
				f,
				"{coldkey:?} votes {} for {hotkey:?} on open motion #{motion}",
				if *aye { "aye" } else { "nay" }
			),
			Op::Close { by, motion } => write!(f, "{by:?} closes open motion #{motion}"),
			Op::Stake { coldkey, hotkey, amount } => {
				write!(f, "{coldkey:?} stakes {} on {hotkey:?}", tao(amount))
			}
			Op::Unstake { coldkey, hotkey, amount } => {
				write!(f, "{coldkey:?} unstakes {} from {hotkey:?}", tao(amount))
			}
			Op::Move { coldkey, from, to, amount } => {
				write!(f, "{coldkey:?} moves {} from {from:?} to {to:?}", tao(amount))
			}
			Op::Join { coldkey, hotkey } => write!(f, "{coldkey:?} joins {hotkey:?}"),
			Op::Leave { coldkey, hotkey } => write!(f, "{coldkey:?} withdraws {hotkey:?}"),
			Op::Advance { blocks } => write!(f, "{blocks} block(s) pass"),
			Op::ToPeriod { offset } => write!(f, "blocks pass to the next period {offset:+}"),
			Op::Batch { by, atomic, ops } => {
				write!(f, "{by:?} batches{} [", if *atomic { " atomically" } else { "" })?;
				for (i, op) in ops.iter().enumerate() {
					write!(f, "{}{op:?}", if i > 0 { "; " } else { "" })?;
				}
				write!(f, "]")
			}
		}
	}
}

/// What a step should do, as the runtime reports it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Expect {
	/// The extrinsic succeeds.
	Ok,
	/// It fails with one of these errors (every rule it breaks).
	Err(Vec<&'static str>),
	/// A non-atomic batch succeeds; if an inner step failed, the batch stopped there with one
	/// of these errors.
	Interrupted(Option<(u32, Vec<&'static str>)>),
	/// A close succeeds: the motion was approved and its call ran with this result, or it was
	/// disapproved (`None`).
	Closed(Option<Result<(), Vec<&'static str>>>),
}

/// A step with its references to open motions resolved, as the runtime should run it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Plan {
	/// `by` signs `call`.
	Call { by: Acc, call: Call },
	/// Blocks pass, up to this block.
	AdvanceTo(u32),
	/// `by` signs a batch of calls.
	Batch { by: Acc, atomic: bool, calls: Vec<Call> },
}

/// A concrete call.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Call {
	Propose(Proposal),
	/// A vote on the motion carrying this proposal, with that motion's index.
	Vote {
		hotkey: Hot,
		proposal: Proposal,
		index: u32,
		aye: bool,
	},
	/// A close of the motion carrying this proposal.
	Close {
		proposal: Proposal,
		index: u32,
	},
	Stake {
		hotkey: Hot,
		amount: u64,
	},
	Unstake {
		hotkey: Hot,
		amount: u64,
	},
	Move {
		from: Hot,
		to: Hot,
		amount: u64,
	},
	Join(Hot),
	Leave(Hot),
}

/// An open motion.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Motion {
	/// What it carries.
	pub proposal: Proposal,
	/// Who proposed it.
	pub proposer: Acc,
	/// Its index.
	pub index: u32,
	/// The ayes it needs.
	pub threshold: u32,
	/// The block voting ends.
	pub end: u32,
	/// The seats that may vote on it.
	pub voters: BTreeSet<Hot>,
	/// Ayes.
	pub ayes: BTreeSet<Hot>,
	/// Nays.
	pub nays: BTreeSet<Hot>,
}

/// The governed values.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Params {
	pub motion_duration: u32,
	pub refresh_interval: u32,
	pub senate_size: u32,
	pub min_stake_share: u32,
	pub min_stake: u64,
}

/// The whole model.
#[derive(Clone, Debug)]
pub struct Model {
	/// The account id of each account, which orders them.
	pub ids: BTreeMap<Hot, [u8; 32]>,
	/// The current block.
	pub now: u32,
	/// Governed values.
	pub params: Params,
	/// The triumvirs.
	pub triumvirs: BTreeSet<Acc>,
	/// Root stake per (hotkey, coldkey).
	pub positions: BTreeMap<(Hot, Acc), u64>,
	/// Every value each hotkey's root stake took, with the block it took it at (genesis: 0).
	pub history: BTreeMap<Hot, Vec<(u32, u64)>>,
	/// Every value the total root stake took.
	pub total_history: Vec<(u32, u64)>,
	/// The first block of each period after the first (the first began at genesis).
	pub periods: Vec<u32>,
	/// The block the next period begins.
	pub next_period: u32,
	/// The block each root position last grew at.
	pub added_at: BTreeMap<(Hot, Acc), u32>,
	/// Free balance per coldkey.
	pub free: BTreeMap<Acc, u64>,
	/// Candidates, in the order they joined.
	pub candidates: Vec<Hot>,
	/// Seats.
	pub seats: BTreeSet<Hot>,
	/// Open motions, in the order proposed.
	pub motions: Vec<Motion>,
	/// The next motion index.
	pub next_index: u32,
	/// The authorized upgrade's code hash byte.
	pub upgrade: Option<u8>,
	/// What the last step should do, and how it resolved.
	pub last: Option<(Plan, Expect)>,
}

/// The least in a history since `start`: the value in effect at `start`, and every later one.
fn least_since(history: &[(u32, u64)], start: u32) -> u64 {
	let at_start =
		history.iter().rev().find(|(b, _)| *b < start).or(history.first()).map(|(_, v)| *v);
	history.iter().filter(|(b, _)| *b >= start).map(|(_, v)| *v).chain(at_start).min().unwrap_or(0)
}

impl Model {
	/// The development chain (without its subnets), as the test builds it: triumvirs Alice,
	/// Bob and Charlie; senators Dave, Eve and Ferdie with 30,000 / 20,000 / 10,000 TAO on their
	/// stash hotkeys; the other hotkeys registered delegates without stake.
	pub fn genesis(ids: BTreeMap<Hot, [u8; 32]>) -> Self {
		let genesis_stake = [
			(Hot::DaveStash, 30_000 * TAO),
			(Hot::EveStash, 20_000 * TAO),
			(Hot::FerdieStash, 10_000 * TAO),
		];
		let mut m = Model {
			ids,
			now: 1,
			params: Params {
				motion_duration: 20,
				refresh_interval: 360,
				senate_size: 12,
				min_stake_share: 20_000_000,
				min_stake: 500_000,
			},
			triumvirs: [Acc::Alice, Acc::Bob, Acc::Charlie].into(),
			positions: BTreeMap::new(),
			history: Hot::ALL.iter().map(|h| (*h, vec![(0, 0)])).collect(),
			total_history: vec![(0, 0)],
			periods: vec![],
			next_period: 360,
			added_at: BTreeMap::new(),
			free: Acc::ALL.iter().map(|a| (*a, ENDOWMENT)).collect(),
			candidates: vec![Hot::DaveStash, Hot::EveStash, Hot::FerdieStash],
			seats: BTreeSet::new(),
			motions: vec![],
			next_index: 0,
			upgrade: None,
			last: None,
		};
		let mut total = 0;
		for (hot, stake) in genesis_stake {
			m.positions.insert((hot, hot.owner()), stake);
			m.history.insert(hot, vec![(0, stake)]);
			*m.free.get_mut(&hot.owner()).expect("every account") -= stake;
			total += stake;
		}
		m.total_history = vec![(0, total)];
		m.seats = m.elect();
		m
	}

	fn id(&self, h: Hot) -> [u8; 32] {
		self.ids[&h]
	}

	/// The first block of the previous period (genesis while fewer than two have begun).
	fn previous_period_start(&self) -> u32 {
		match self.periods.len() {
			0 | 1 => 0,
			n => self.periods[n - 2],
		}
	}

	/// Root stake on `h` now.
	pub fn stake(&self, h: Hot) -> u64 {
		self.history[&h].last().map_or(0, |(_, v)| *v)
	}

	/// The total root stake now.
	pub fn total(&self) -> u64 {
		self.total_history.last().map_or(0, |(_, v)| *v)
	}

	/// The least stake `h` held since the previous period began.
	pub fn lasting(&self, h: Hot) -> u64 {
		least_since(&self.history[&h], self.previous_period_start())
	}

	/// The least total stake since the previous period began.
	pub fn lasting_total(&self) -> u64 {
		least_since(&self.total_history, self.previous_period_start())
	}

	/// The lasting stake a seat needs: the share, rounded up.
	pub fn bar(&self) -> u64 {
		let total = u128::from(self.lasting_total());
		let parts = u128::from(self.params.min_stake_share);
		((total * parts).div_ceil(1_000_000_000)) as u64
	}

	fn triumvir_hot(&self, h: Hot) -> bool {
		// No hotkey of the model is itself a triumvir's account.
		let _ = h;
		false
	}

	/// Whether `h` may hold a seat now.
	pub fn eligible(&self, h: Hot) -> bool {
		let lasting = self.lasting(h);
		!self.triumvirs.contains(&h.owner())
			&& !self.triumvir_hot(h)
			&& lasting > 0
			&& lasting >= self.bar()
	}

	/// The seats the candidates win now.
	pub fn elect(&self) -> BTreeSet<Hot> {
		let mut ranked: Vec<Hot> =
			self.candidates.iter().copied().filter(|h| self.eligible(*h)).collect();
		ranked.sort_by(|a, b| {
			self.lasting(*b).cmp(&self.lasting(*a)).then(self.id(*a).cmp(&self.id(*b)))
		});
		let mut owners = BTreeSet::new();
		ranked
			.into_iter()
			.filter(|h| owners.insert(h.owner()))
			.take(self.params.senate_size as usize)
			.collect()
	}

	/// Seats become `new`; `forfeiting` lose their votes and may not vote on the open motions
	/// again.
	fn set_seats(&mut self, new: BTreeSet<Hot>, forfeiting: &[Hot]) {
		for m in &mut self.motions {
			for h in forfeiting {
				m.voters.remove(h);
				m.ayes.remove(h);
				m.nays.remove(h);
			}
		}
		self.seats = new;
	}

	/// Seats are recomputed: senators no longer eligible forfeit, as do `forfeiting`.
	fn recompute(&mut self, mut forfeiting: Vec<Hot>) {
		let seats = self.elect();
		forfeiting.extend(
			self.seats
				.iter()
				.filter(|h| {
					let still_eligible = self.candidates.contains(h) && self.eligible(**h);
					!seats.contains(h) && !still_eligible
				})
				.copied(),
		);
		self.set_seats(seats, &forfeiting);
	}

	/// The open motion the generated reference `k` names.
	fn motion_at(&self, k: u8) -> Option<usize> {
		(!self.motions.is_empty()).then(|| k as usize % self.motions.len())
	}

	/// The proposal a reference to a missing motion carries: one never proposed.
	pub fn missing() -> Proposal {
		Proposal::Upgrade(255)
	}

	fn record_stake(&mut self, h: Hot, value: u64, total: u64) {
		let now = self.now;
		self.history.get_mut(&h).expect("every hotkey").push((now, value));
		self.total_history.push((now, total));
	}

	/// Blocks pass up to `to`: a period starts an interval after the last began.
	fn advance_to(&mut self, to: u32) {
		while self.now < to {
			self.now += 1;
			if self.now >= self.next_period {
				self.periods.push(self.now);
				self.next_period = self.now + self.params.refresh_interval;
				self.recompute(vec![]);
			}
		}
	}

	/// Applies `op`; records what the runtime should do in `self.last`.
	pub fn step(&mut self, op: &Op) {
		let (plan, expect) = match op {
			Op::Advance { blocks } => {
				let to = self.now + blocks;
				self.advance_to(to);
				(Plan::AdvanceTo(to), Expect::Ok)
			}
			Op::ToPeriod { offset } => {
				let mut to = (self.next_period as i64 + *offset as i64) as u32;
				if to <= self.now {
					to = self.next_period + 1;
				}
				self.advance_to(to);
				(Plan::AdvanceTo(to), Expect::Ok)
			}
			Op::Batch { by, atomic, ops } => {
				let mut trial = self.clone();
				let mut calls = Vec::new();
				let mut failure = None;
				for (i, op) in ops.iter().enumerate() {
					let call = trial.resolve(op);
					let result = trial.signed(*by, &call);
					calls.push(call);
					if let Err(e) = result {
						failure = Some((i as u32, e));
						break;
					}
				}
				let expect = match (atomic, failure) {
					(true, Some((_, e))) => Expect::Err(e),
					(true, None) => {
						*self = trial;
						Expect::Ok
					}
					(false, failure) => {
						*self = trial;
						Expect::Interrupted(failure)
					}
				};
				(Plan::Batch { by: *by, atomic: *atomic, calls }, expect)
			}
			op => {
				let by = signer(op);
				let call = self.resolve(op);
				let expect = match self.signed(by, &call) {
					Ok(closed) => closed,
					Err(e) => Expect::Err(e),
				};
				(Plan::Call { by, call }, expect)
			}
		};
		self.last = Some((plan, expect));
	}

	/// Resolves a generated step's references into a concrete call.
	fn resolve(&self, op: &Op) -> Call {
		let open = |k: &u8| {
			self.motion_at(*k)
				.map(|i| (self.motions[i].proposal.clone(), self.motions[i].index))
				.unwrap_or((Self::missing(), 0))
		};
		match op {
			Op::Propose { draft: Draft::Plain(p), .. } => Call::Propose(p.clone()),
			Op::Propose { draft: Draft::DisapproveOpen(k), .. } => {
				Call::Propose(Proposal::Disapprove(Box::new(open(k).0)))
			}
			Op::Vote { hotkey, motion, aye, .. } => {
				let (proposal, index) = open(motion);
				Call::Vote { hotkey: *hotkey, proposal, index, aye: *aye }
			}
			Op::Close { motion, .. } => {
				let (proposal, index) = open(motion);
				Call::Close { proposal, index }
			}
			Op::Stake { hotkey, amount, .. } => Call::Stake { hotkey: *hotkey, amount: *amount },
			Op::Unstake { hotkey, amount, .. } => {
				Call::Unstake { hotkey: *hotkey, amount: *amount }
			}
			Op::Move { from, to, amount, .. } => {
				Call::Move { from: *from, to: *to, amount: *amount }
			}
			Op::Join { hotkey, .. } => Call::Join(*hotkey),
			Op::Leave { hotkey, .. } => Call::Leave(*hotkey),
			Op::Advance { .. } | Op::ToPeriod { .. } | Op::Batch { .. } => {
				unreachable!("not a single call")
			}
		}
	}

	/// `by` signs `call`: its effect, or every rule it breaks (and then no effect).
	fn signed(&mut self, by: Acc, call: &Call) -> Result<Expect, Vec<&'static str>> {
		match call {
			Call::Propose(p) => self.propose(by, p.clone()),
			Call::Vote { hotkey, proposal, aye, .. } => self.vote(by, *hotkey, proposal, *aye),
			Call::Close { proposal, .. } => self.close(by, proposal),
			Call::Stake { hotkey, amount } => self.add_stake(by, *hotkey, *amount),
			Call::Unstake { hotkey, amount } => self.remove_stake(by, *hotkey, *amount),
			Call::Move { from, to, amount } => {
				if from == to {
					return Err(vec!["SamePosition"]);
				}
				let mut trial = self.clone();
				trial.remove_stake(by, *from, *amount)?;
				trial.add_stake(by, *to, *amount)?;
				*self = trial;
				Ok(Expect::Ok)
			}
			Call::Join(h) => self.join(by, *h),
			Call::Leave(h) => self.leave(by, *h),
		}
	}

	fn fail<T>(errors: Vec<&'static str>) -> Result<T, Vec<&'static str>> {
		Err(errors)
	}

	fn propose(&mut self, by: Acc, proposal: Proposal) -> Result<Expect, Vec<&'static str>> {
		let mut errors = vec![];
		if !self.triumvirs.contains(&by) {
			errors.push("NotTriumvir");
		}
		if self.seats.len() < 3 {
			errors.push("TooFewSeats");
		}
		if self.motions.iter().filter(|m| m.proposer == by).count() >= 3 {
			errors.push("TooManyMotions");
		}
		if self.motions.iter().any(|m| m.proposal == proposal) {
			errors.push("DuplicateProposal");
		}
		if self.motions.len() >= 10 {
			errors.push("TooManyProposals");
		}
		if !errors.is_empty() {
			return Self::fail(errors);
		}
		let seats = self.seats.len() as u32;
		self.motions.push(Motion {
			proposal,
			proposer: by,
			index: self.next_index,
			threshold: seats / 2 + 1,
			end: self.now + self.params.motion_duration,
			voters: self.seats.clone(),
			ayes: BTreeSet::new(),
			nays: BTreeSet::new(),
		});
		self.next_index += 1;
		Ok(Expect::Ok)
	}

	fn owner_errors(by: Acc, h: Hot, errors: &mut Vec<&'static str>) {
		if h.owner() != by {
			errors.push("NotHotkeyOwner");
		}
	}

	fn vote(
		&mut self,
		by: Acc,
		h: Hot,
		proposal: &Proposal,
		aye: bool,
	) -> Result<Expect, Vec<&'static str>> {
		let mut errors = vec![];
		if self.triumvirs.contains(&by) || self.triumvir_hot(h) {
			errors.push("TriumvirCannotVote");
		}
		Self::owner_errors(by, h, &mut errors);
		let seated = self.seats.contains(&h);
		let Some(m) = self.motions.iter_mut().find(|m| &m.proposal == proposal) else {
			errors.push("ProposalMissing");
			return Self::fail(errors);
		};
		if !m.voters.contains(&h) {
			errors.push(if seated { "SeatedAfterProposal" } else { "NotSenateMember" });
		}
		if (aye && m.ayes.contains(&h)) || (!aye && m.nays.contains(&h)) {
			errors.push("DuplicateVote");
		}
		if !errors.is_empty() {
			return Self::fail(errors);
		}
		if aye {
			m.nays.remove(&h);
			m.ayes.insert(h);
		} else {
			m.ayes.remove(&h);
			m.nays.insert(h);
		}
		Ok(Expect::Ok)
	}

	fn close(&mut self, by: Acc, proposal: &Proposal) -> Result<Expect, Vec<&'static str>> {
		let Some(i) = self.motions.iter().position(|m| &m.proposal == proposal) else {
			return Self::fail(vec!["ProposalMissing"]);
		};
		let m = &self.motions[i];
		let triumvir = self.triumvirs.contains(&by);
		if !triumvir && self.now < m.end {
			return Self::fail(vec!["VotingNotOver"]);
		}
		let ayes = m.ayes.len() as u32;
		let nays = m.nays.len() as u32;
		let approved = ayes >= m.threshold;
		let hopeless = (m.voters.len() as u32).saturating_sub(nays) < m.threshold;
		if !approved && !hopeless && self.now < m.end {
			return Self::fail(vec!["TooEarly"]);
		}
		let motion = self.motions.remove(i);
		if approved {
			let result = self.ratified(motion.proposal);
			Ok(Expect::Closed(Some(result)))
		} else {
			Ok(Expect::Closed(None))
		}
	}

	/// A ratified call runs.
	fn ratified(&mut self, proposal: Proposal) -> Result<(), Vec<&'static str>> {
		let out_of_range = || Err(vec!["ParameterOutOfRange"]);
		match proposal {
			Proposal::MinStake(tao) => {
				if tao * TAO > 100 * TAO {
					return out_of_range();
				}
				self.params.min_stake = tao * TAO;
			}
			Proposal::MotionDuration(d) => {
				if !(10..=100_800).contains(&d) {
					return out_of_range();
				}
				self.params.motion_duration = d;
			}
			Proposal::RefreshInterval(i) => {
				if !(300..=50_400).contains(&i) {
					return out_of_range();
				}
				self.params.refresh_interval = i;
			}
			Proposal::SenateSize(s) => {
				if !(3..=12).contains(&s) {
					return out_of_range();
				}
				self.params.senate_size = s;
				self.recompute(vec![]);
			}
			Proposal::MinStakeShare(p) => {
				if !(15_625_000..=83_333_333).contains(&p) {
					return out_of_range();
				}
				self.params.min_stake_share = p;
				self.recompute(vec![]);
			}
			Proposal::Triumvirate(members) => {
				let set: BTreeSet<Acc> = members.into_iter().collect();
				if set.len() != 3 {
					return Err(vec!["WrongTriumvirateSize"]);
				}
				self.triumvirs = set;
				self.recompute(vec![]);
			}
			Proposal::Upgrade(n) => self.upgrade = Some(n),
			Proposal::Disapprove(target) => {
				let Some(i) = self.motions.iter().position(|m| m.proposal == *target) else {
					return Err(vec!["ProposalMissing"]);
				};
				self.motions.remove(i);
			}
		}
		Ok(())
	}

	fn add_stake(&mut self, by: Acc, h: Hot, amount: u64) -> Result<Expect, Vec<&'static str>> {
		let held = self.positions.get(&(h, by)).copied().unwrap_or(0);
		if held + amount < self.params.min_stake {
			return Self::fail(vec!["StakeBelowMinimum"]);
		}
		if amount + TAO > self.free[&by] {
			return Self::fail(vec!["InsufficientBalance"]);
		}
		self.positions.insert((h, by), held + amount);
		self.added_at.insert((h, by), self.now);
		*self.free.get_mut(&by).expect("every account") -= amount;
		let (value, total) = (self.stake(h) + amount, self.total() + amount);
		self.record_stake(h, value, total);
		Ok(Expect::Ok)
	}

	fn remove_stake(&mut self, by: Acc, h: Hot, amount: u64) -> Result<Expect, Vec<&'static str>> {
		let held = self.positions.get(&(h, by)).copied().unwrap_or(0);
		if held < amount {
			return Self::fail(vec!["NotEnoughStake"]);
		}
		let left = held - amount;
		if left != 0 && left < self.params.min_stake {
			return Self::fail(vec!["StakeBelowMinimum"]);
		}
		if self.added_at.get(&(h, by)).is_some_and(|at| self.now < at + 360) {
			return Self::fail(vec!["StakeCoolingDown"]);
		}
		if left == 0 {
			self.positions.remove(&(h, by));
			self.added_at.remove(&(h, by));
		} else {
			self.positions.insert((h, by), left);
		}
		*self.free.get_mut(&by).expect("every account") += amount;
		let (value, total) = (self.stake(h) - amount, self.total() - amount);
		self.record_stake(h, value, total);
		let voter = self.motions.iter().any(|m| m.voters.contains(&h));
		if self.seats.contains(&h) || voter {
			let lasting = self.lasting(h);
			if lasting == 0 || lasting < self.bar() {
				let mut seats = self.seats.clone();
				seats.remove(&h);
				self.set_seats(seats, &[h]);
			}
		}
		Ok(Expect::Ok)
	}

	fn join(&mut self, by: Acc, h: Hot) -> Result<Expect, Vec<&'static str>> {
		let mut errors = vec![];
		Self::owner_errors(by, h, &mut errors);
		if self.triumvirs.contains(&by) || self.triumvir_hot(h) {
			errors.push("TriumvirCannotJoin");
		}
		let lasting = self.lasting(h);
		if lasting == 0 || lasting < self.bar() {
			errors.push("InsufficientStake");
		}
		if self.candidates.contains(&h) {
			errors.push("AlreadyCandidate");
		}
		if !errors.is_empty() {
			return Self::fail(errors);
		}
		self.candidates.push(h);
		self.recompute(vec![]);
		Ok(Expect::Ok)
	}

	fn leave(&mut self, by: Acc, h: Hot) -> Result<Expect, Vec<&'static str>> {
		let mut errors = vec![];
		Self::owner_errors(by, h, &mut errors);
		if !self.candidates.contains(&h) {
			errors.push("NotCandidate");
		}
		if !errors.is_empty() {
			return Self::fail(errors);
		}
		self.candidates.retain(|c| *c != h);
		self.recompute(vec![h]);
		Ok(Expect::Ok)
	}

	/// Whether a generated step stays away from what the model does not model: the edge of a
	/// coldkey's free balance (fees and the existential deposit).
	pub fn allows(&self, op: &Op) -> bool {
		match op {
			Op::Stake { coldkey, amount, .. } => amount + 2 * TAO <= self.free[coldkey],
			Op::Batch { by, ops, .. } => {
				let staked: u64 = ops
					.iter()
					.map(|o| match o {
						Op::Stake { amount, .. } => *amount,
						_ => 0,
					})
					.sum();
				staked + 2 * TAO <= self.free[by] && ops.iter().all(|o| self.allows(o))
			}
			_ => true,
		}
	}
}

/// Who signs a single-call step.
fn signer(op: &Op) -> Acc {
	match op {
		Op::Propose { by, .. } | Op::Close { by, .. } => *by,
		Op::Vote { coldkey, .. }
		| Op::Stake { coldkey, .. }
		| Op::Unstake { coldkey, .. }
		| Op::Move { coldkey, .. }
		| Op::Join { coldkey, .. }
		| Op::Leave { coldkey, .. } => *coldkey,
		Op::Advance { .. } | Op::ToPeriod { .. } | Op::Batch { .. } => Acc::Alice,
	}
}
