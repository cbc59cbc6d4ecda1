import { sleep } from 'n8n-workflow';

/** Longest stretch of planning before other work in the process gets a turn. */
const PLANNING_SLICE_MS = 20;

/** The end of the last planning turn handed out in this process (n8n loads the node once a process). */
let lastPlanningTurn: Promise<void> = Promise.resolve();

/** A place in the process's queue of executions waiting to plan: wait for `ready`, call `done`. */
function takePlanningTurn(): { ready: Promise<void>; done: () => void } {
	const ready = lastPlanningTurn;
	let done = () => {};
	lastPlanningTurn = new Promise<void>((resolve) => {
		done = resolve;
	});
	return { ready, done };
}

/**
 * Calls `planNext` until it returns false, in this execution's planning turn. Planning is
 * synchronous work (n8n evaluating expressions, milliseconds an item with n8n's `vm` engine), and
 * an n8n worker runs several executions in one event loop. So planning gives the loop back every
 * PLANNING_SLICE_MS, letting other executions' paced requests go out on time, and the process's
 * executions plan one after another: the first one starts sending while the next plans, instead
 * of all of them sending nothing until they have all planned.
 */
export async function inPlanningTurn(planNext: () => boolean): Promise<void> {
	const myTurn = takePlanningTurn();
	await myTurn.ready;
	try {
		let sliceStart = Date.now();
		while (planNext()) {
			if (Date.now() - sliceStart < PLANNING_SLICE_MS) continue;
			await sleep(0);
			sliceStart = Date.now();
		}
	} finally {
		myTurn.done();
	}
}
