//! How steps are generated: mostly the moves of the people the model has (triumvirs proposing
//! and closing, senators voting, a whale and a newcomer staking and joining), with blocks
//! passing across period boundaries and several moves batched in one extrinsic.

use crate::model::{Acc, Draft, Hot, Op, Proposal, TAO};
use proptest::{prelude::*, sample::select};

fn acc() -> impl Strategy<Value = Acc> {
	select(Acc::ALL.to_vec())
}

fn triumvir_mostly() -> impl Strategy<Value = Acc> {
	prop_oneof![
		8 => select(vec![Acc::Alice, Acc::Bob, Acc::Charlie]),
		2 => acc(),
	]
}

fn hot() -> impl Strategy<Value = Hot> {
	select(Hot::ALL.to_vec())
}

/// A hotkey, most often one `coldkey` owns.
fn hot_of(coldkey: Acc) -> impl Strategy<Value = Hot> {
	let own: Vec<Hot> = Hot::ALL.iter().copied().filter(|h| h.owner() == coldkey).collect();
	if own.is_empty() {
		hot().boxed()
	} else {
		prop_oneof![4 => select(own), 1 => hot()].boxed()
	}
}

/// Who stakes and votes: the senators' coldkeys, the whale and the newcomer, sometimes a
/// triumvir.
fn holder() -> impl Strategy<Value = Acc> {
	prop_oneof![
		6 => select(vec![Acc::Dave, Acc::Eve, Acc::Ferdie, Acc::One, Acc::Two]),
		1 => acc(),
	]
}

fn amount() -> impl Strategy<Value = u64> {
	select(vec![TAO / 10_000, TAO, 500 * TAO, 2_000 * TAO, 5_000 * TAO, 20_000 * TAO])
}

fn proposal() -> impl Strategy<Value = Draft> {
	prop_oneof![
		2 => select(vec![1u64, 2, 3, 200]).prop_map(|t| Draft::Plain(Proposal::MinStake(t))),
		1 => select(vec![5u32, 10, 20, 30, 200_000])
			.prop_map(|d| Draft::Plain(Proposal::MotionDuration(d))),
		1 => select(vec![100u32, 300, 360, 500, 60_000])
			.prop_map(|i| Draft::Plain(Proposal::RefreshInterval(i))),
		1 => select(vec![2u32, 3, 5, 12, 13]).prop_map(|s| Draft::Plain(Proposal::SenateSize(s))),
		1 => select(vec![10_000_000u32, 20_000_000, 50_000_000, 90_000_000])
			.prop_map(|p| Draft::Plain(Proposal::MinStakeShare(p))),
		1 => select(vec![
			[Acc::Alice, Acc::Bob, Acc::Charlie],
			[Acc::Alice, Acc::Bob, Acc::Dave],
			[Acc::Alice, Acc::One, Acc::Two],
			[Acc::Alice, Acc::Alice, Acc::Bob],
		])
		.prop_map(|m| Draft::Plain(Proposal::Triumvirate(m))),
		1 => select(vec![1u8, 2]).prop_map(|n| Draft::Plain(Proposal::Upgrade(n))),
		1 => any::<u8>().prop_map(Draft::DisapproveOpen),
	]
}

/// The moves a coldkey can put in a batch of its own.
fn batched(by: Acc) -> impl Strategy<Value = Op> {
	prop_oneof![
		3 => (hot_of(by), amount())
			.prop_map(move |(hotkey, amount)| Op::Stake { coldkey: by, hotkey, amount }),
		3 => (hot_of(by), amount())
			.prop_map(move |(hotkey, amount)| Op::Unstake { coldkey: by, hotkey, amount }),
		1 => (hot_of(by), hot_of(by), amount())
			.prop_map(move |(from, to, amount)| Op::Move { coldkey: by, from, to, amount }),
		2 => hot_of(by).prop_map(move |hotkey| Op::Join { coldkey: by, hotkey }),
		1 => hot_of(by).prop_map(move |hotkey| Op::Leave { coldkey: by, hotkey }),
		2 => (hot_of(by), any::<u8>(), any::<bool>())
			.prop_map(move |(hotkey, motion, aye)| Op::Vote { coldkey: by, hotkey, motion, aye }),
	]
}

/// One step.
pub fn op() -> BoxedStrategy<Op> {
	prop_oneof![
		3 => (triumvir_mostly(), proposal()).prop_map(|(by, draft)| Op::Propose { by, draft }),
		5 => holder()
			.prop_flat_map(|coldkey| (Just(coldkey), hot_of(coldkey), any::<u8>(), any::<bool>()))
			.prop_map(|(coldkey, hotkey, motion, aye)| Op::Vote { coldkey, hotkey, motion, aye }),
		2 => (acc(), any::<u8>()).prop_map(|(by, motion)| Op::Close { by, motion }),
		3 => holder()
			.prop_flat_map(|coldkey| (Just(coldkey), hot_of(coldkey), amount()))
			.prop_map(|(coldkey, hotkey, amount)| Op::Stake { coldkey, hotkey, amount }),
		3 => holder()
			.prop_flat_map(|coldkey| (Just(coldkey), hot_of(coldkey), amount()))
			.prop_map(|(coldkey, hotkey, amount)| Op::Unstake { coldkey, hotkey, amount }),
		1 => holder()
			.prop_flat_map(|coldkey| (Just(coldkey), hot_of(coldkey), hot(), amount()))
			.prop_map(|(coldkey, from, to, amount)| Op::Move { coldkey, from, to, amount }),
		2 => holder()
			.prop_flat_map(|coldkey| (Just(coldkey), hot_of(coldkey)))
			.prop_map(|(coldkey, hotkey)| Op::Join { coldkey, hotkey }),
		1 => holder()
			.prop_flat_map(|coldkey| (Just(coldkey), hot_of(coldkey)))
			.prop_map(|(coldkey, hotkey)| Op::Leave { coldkey, hotkey }),
		3 => (1u32..30).prop_map(|blocks| Op::Advance { blocks }),
		1 => (-1i8..=1).prop_map(|offset| Op::ToPeriod { offset }),
		1 => (select(vec![Acc::One, Acc::Two, Acc::Dave]), any::<bool>())
			.prop_flat_map(|(by, atomic)| {
				(Just(by), Just(atomic), proptest::collection::vec(batched(by), 2..5))
			})
			.prop_map(|(by, atomic, ops)| Op::Batch { by, atomic, ops }),
	]
	.boxed()
}
