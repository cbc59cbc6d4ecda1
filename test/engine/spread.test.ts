/**
 * The last requests of a run are spread over the free lanes (engine/spread.ts): what each lane
 * takes, as the lanes ask one after another, for the sizes that matter.
 */
import { commandsForNextRequest } from '../../nodes/Bitrix24/engine/spread';
import type { ItemPlan } from '../../nodes/Bitrix24/engine/types';
import { WorkQueue } from '../../nodes/Bitrix24/engine/workQueue';

const call = { method: 'crm.contact.company.items.set', params: {} };

function queueOf(callCounts: number[]): WorkQueue {
	const plans: ItemPlan[] = callCounts.map((calls, itemIndex) => ({
		itemIndex,
		calls: Array(calls).fill(call),
	}));
	return new WorkQueue(plans, () => undefined);
}

/**
 * The commands of each request as `lanes` free lanes take them in turn (the last lane then takes
 * the rest), each request taking one place of `room` in the bucket.
 */
function requestSizes(queue: WorkQueue, lanes: number, room = 49): number[] {
	const sizes: number[] = [];
	for (let free = lanes; ; free = Math.max(1, free - 1)) {
		const batch = queue.nextBatch(commandsForNextRequest(queue, 50, free, room - sizes.length));
		if (!batch) return sizes;
		sizes.push(batch.reduce((sum, run) => sum + run.plan.calls.length, 0));
	}
}

it('shares a Set of 150 items (300 commands) evenly among 8 free lanes', () => {
	const sizes = requestSizes(queueOf(Array(150).fill(2)), 8);
	// ceil(300 / 8) = 38 a lane, in whole items, each lane sharing what is left with those after it
	expect(sizes).toEqual([38, 38, 38, 38, 36, 38, 36, 38]);
});

it('sends a Set of 30 items as 8 requests of 3 or 4 items, not 25 and 5', () => {
	expect(requestSizes(queueOf(Array(30).fill(2)), 8)).toEqual([8, 8, 8, 8, 6, 8, 6, 8]);
});

it('fills requests while more is left than the free lanes hold', () => {
	// 420 commands: each lane finds more left than it and the lanes after it hold at 50 each
	expect(requestSizes(queueOf(Array(420).fill(1)), 8)).toEqual([...Array(8).fill(50), 20]);
	// 400 fit the 8 lanes: no request is fuller than it needs to be
	expect(requestSizes(queueOf(Array(400).fill(1)), 8)).toEqual(Array(8).fill(50));
	expect(requestSizes(queueOf(Array(399).fill(1)), 8)).toEqual([...Array(7).fill(50), 49]);
});

it('keeps a handful of commands together: no request of fewer than 5 for the sake of spreading', () => {
	expect(requestSizes(queueOf(Array(6).fill(1)), 8)).toEqual([6]);
	expect(requestSizes(queueOf(Array(12).fill(1)), 8)).toEqual([6, 6]);
});

it('sends full requests when one lane is free or the bucket has little room', () => {
	expect(requestSizes(queueOf(Array(60).fill(1)), 1)).toEqual([50, 10]);
	expect(requestSizes(queueOf(Array(60).fill(1)), 8, 15)[0]).toBe(50);
	// room for twice the free lanes' requests
	expect(requestSizes(queueOf(Array(60).fill(1)), 8, 16)).toEqual([8, 8, 8, 8, 7, 7, 7, 7]);
});

it('counts the follow-ups waiting in the queue', () => {
	const queue = queueOf(Array(20).fill(1));
	queue.putFirst({ itemIndex: 99, calls: Array(20).fill(call) });
	expect(commandsForNextRequest(queue, 50, 8, 49)).toBe(5);
});

it('keeps the runs packed when two items are about one record, so the later one runs last', () => {
	const about = (contact: number): ItemPlan['calls'] => [
		{ ...call, subject: `contact ${contact}` },
		{ ...call, method: 'crm.contact.company.items.get', subject: `contact ${contact}` },
	];
	const plans = (contacts: number[]): ItemPlan[] =>
		contacts.map((contact, itemIndex) => ({ itemIndex, calls: about(contact) }));
	const twice = new WorkQueue(plans([54, 82, 83, 84, 85, 86, 87, 54, 88, 89]), () => undefined);
	expect(requestSizes(twice, 8)).toEqual([20]);
	const distinct = new WorkQueue(plans([54, 82, 83, 84, 85, 86, 87, 90, 88, 89]), () => undefined);
	expect(requestSizes(distinct, 8)).toEqual([4, 6, 4, 6]);
});
