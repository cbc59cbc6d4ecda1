/** The work queue packs whole items into batches and pulls plans only as batches are asked for. */
import type { ItemPlan } from '../../nodes/Bitrix24/engine/types';
import { WorkQueue } from '../../nodes/Bitrix24/engine/workQueue';

const call = { method: 'crm.contact.company.items.get', params: {} };

/** Plans with the given number of calls each, counting how many were pulled. */
function source(callCounts: number[]) {
	const pulled = { count: 0 };
	function* plans(): Generator<ItemPlan> {
		for (const [itemIndex, calls] of callCounts.entries()) {
			pulled.count += 1;
			yield { itemIndex, calls: Array(calls).fill(call) };
		}
	}
	return { plans: plans(), pulled };
}

const indexes = (batch: Array<{ plan: ItemPlan }> | undefined) =>
	batch?.map((run) => run.plan.itemIndex);

it('pulls plans only as batches are handed out (one plan of look-ahead)', () => {
	const { plans, pulled } = source(Array(120).fill(1));
	const queue = new WorkQueue(plans, () => undefined);
	expect(pulled.count).toBe(0);

	expect(indexes(queue.nextBatch(50))).toHaveLength(50);
	expect(pulled.count).toBe(51);
	expect(indexes(queue.nextBatch(50))?.[0]).toBe(50);
	expect(indexes(queue.nextBatch(50))).toHaveLength(20);
	expect(queue.nextBatch(50)).toBeUndefined();
});

it('keeps an item’s calls in one batch: 49 single items, then a pair that does not fit', () => {
	const queue = new WorkQueue(source([...Array(49).fill(1), 2, 1]).plans, () => undefined);

	expect(indexes(queue.nextBatch(50))).toEqual(Array.from({ length: 49 }, (_, index) => index));
	expect(indexes(queue.nextBatch(50))).toEqual([49, 50]);
});

it('finishes items without calls at once and never hands them out', () => {
	const noCalls: number[] = [];
	const queue = new WorkQueue(source([0, 1, 0, 1]).plans, (run) =>
		noCalls.push(run.plan.itemIndex),
	);

	expect(queue.peek(2).map((run) => run.plan.itemIndex)).toEqual([1, 3]);
	expect(noCalls).toEqual([0, 2]);
	expect(queue.nextRun()?.plan.itemIndex).toBe(1);
	expect(queue.nextRun()?.plan.itemIndex).toBe(3);
	expect(queue.nextRun()).toBeUndefined();
});

describe('items that change one record go one after another, in their order', () => {
	const about = (itemIndex: number, record?: string): ItemPlan => ({
		itemIndex,
		calls: [call, call],
		...(record && { changes: record }),
	});

	it('holds a run back while its record is in a request in flight, and the later runs of that record too', () => {
		const queue = new WorkQueue(
			[
				about(0, 'contact 54'),
				about(1, 'contact 82'),
				about(2, 'contact 54'),
				about(3),
				about(4, 'contact 54'),
			],
			() => undefined,
		);
		const first = queue.nextBatch(2);
		expect(indexes(first)).toEqual([0]);
		// 2 and 4 wait for 0; the others go
		expect(indexes(queue.nextBatch(50))).toEqual([1, 3]);
		expect(queue.nextBatch(50)).toBeUndefined();
		expect(queue.nextRun()).toBeUndefined();
		queue.release(first ?? []);
		// one request runs its commands in order, so 2 and 4 may share one
		expect(indexes(queue.nextBatch(50))).toEqual([2, 4]);
	});

	it('lets a follow-up of the record go before the later items of it', () => {
		const queue = new WorkQueue([about(0, 'contact 54'), about(1, 'contact 54')], () => undefined);
		const first = queue.nextBatch(2);
		queue.putFirst(about(0, 'contact 54'));
		expect(queue.nextBatch(50)).toBeUndefined();
		queue.release(first ?? []);
		expect(indexes(queue.nextBatch(2))).toEqual([0]);
		expect(queue.nextRun()).toBeUndefined();
	});

	it('stops looking past held runs after 50, so one busy record does not plan the whole input', () => {
		const pulled = { count: 0 };
		function* busy(): Generator<ItemPlan> {
			for (let index = 0; index < 1000; index++) {
				pulled.count += 1;
				yield about(index, 'contact 54');
			}
		}
		const queue = new WorkQueue(busy(), () => undefined);
		queue.nextBatch(2);
		expect(queue.nextBatch(50)).toBeUndefined();
		expect(pulled.count).toBeLessThan(60);
	});
});
