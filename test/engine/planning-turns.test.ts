/**
 * Planning (n8n evaluating each item's expressions) is synchronous work, and an n8n worker runs
 * several executions in one event loop. The planner gives the loop back between slices, so other
 * executions' requests and timers still run, and the process's executions plan one after another.
 */
import type { INode } from 'n8n-workflow';
import { ItemPlanner } from '../../nodes/Bitrix24/actions/planner';
import type {
	BindingOperation,
	OperationInput,
} from '../../nodes/Bitrix24/actions/common/operationInput';

const node = {
	name: 'Bitrix24',
	type: 'bitrix24',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
} as unknown as INode;

/** Busy for about `ms` of CPU, as expression evaluation is. */
function work(ms: number): void {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		// spin
	}
}

/** A planner over `count` items whose planning records its order in `events` and takes 2 ms an item. */
function planner(label: string, count: number, events: string[]): ItemPlanner {
	const operation = {
		plan: (input: OperationInput) => {
			work(2);
			events.push(`${label}${input.itemIndex}`);
			return { calls: [{ method: 'crm.contact.company.items.get', params: {} }], output: () => [] };
		},
	} as unknown as BindingOperation;
	const inputs = Array.from({ length: count }, (_, itemIndex) => ({ itemIndex }) as OperationInput);
	return new ItemPlanner(inputs, operation, node, false);
}

it('gives the event loop back while it plans, so timers of other work still fire in between', async () => {
	const events: string[] = [];
	let ticking = true;
	const tick = () => {
		events.push('tick');
		if (ticking) setTimeout(tick, 0);
	};
	setTimeout(tick, 0);
	await planner('a', 100, events).planAll();
	ticking = false;

	const lastPlan = events.lastIndexOf('a99');
	const ticksWhilePlanning = events
		.slice(events.indexOf('a0'), lastPlan)
		.filter((event) => event === 'tick');
	// 100 items at 2 ms are several slices: the loop ran other work between them.
	expect(ticksWhilePlanning.length).toBeGreaterThan(0);
});

it('plans the executions of one process one after another, in the order they asked', async () => {
	const events: string[] = [];
	await Promise.all([
		planner('a', 60, events).planAll(),
		planner('b', 60, events).planAll(),
		planner('c', 60, events).planAll(),
	]);

	const order = events.map((event) => event[0]).join('');
	expect(order).toBe(`${'a'.repeat(60)}${'b'.repeat(60)}${'c'.repeat(60)}`);
});

it('hands the turn on when planning throws (a bad item without continue-on-fail)', async () => {
	const events: string[] = [];
	const failing = new ItemPlanner(
		[{ itemIndex: 0 } as OperationInput],
		{
			plan: () => {
				throw new Error('Item 0: the contact ID must be a positive whole number');
			},
		} as unknown as BindingOperation,
		node,
		false,
	);
	const results = await Promise.allSettled([failing.planAll(), planner('b', 3, events).planAll()]);

	expect(results[0]).toMatchObject({
		status: 'rejected',
		reason: { message: expect.stringContaining('positive whole number') },
	});
	expect(results[1].status).toBe('fulfilled');
	expect(events).toEqual(['b0', 'b1', 'b2']);
});
