/**
 * The queue-mode workload: concurrent calls of the production webhook, each a list of contacts
 * whose companies Bitrix24 Set replaces. Every contact gets its own pair of companies, and starts
 * bound to a company the Set must remove, so a lost, misrouted or repeated item shows in the state.
 */
import type { SandboxControl } from '../../sandbox/control-client';
import type { ContactCompanies } from '../../n8n/queue/webhook-workflow';

/** Above every contact the demo seed or the other suites create. */
export const FIRST_LOAD_CONTACT = 20_001;
/** Demo companies 7–19 are assigned; 20 is bound before the load and must be gone after it. */
const ASSIGNED_COMPANIES = Array.from({ length: 13 }, (_, i) => 7 + i);
export const REPLACED_COMPANY = 20;
const SEED_CHUNK = 1_000;

/** One list of contacts per call. */
export type LoadPlan = ContactCompanies[][];

export function planLoad(
	calls: number,
	itemsPerCall: number,
	firstContact = FIRST_LOAD_CONTACT,
): LoadPlan {
	return Array.from({ length: calls }, (_, call) =>
		Array.from({ length: itemsPerCall }, (_, index) => {
			const n = call * itemsPerCall + index;
			const first = n % ASSIGNED_COMPANIES.length;
			// An offset of 1–12 from the first: always a different company, in many combinations.
			const second =
				(first +
					1 +
					(Math.floor(n / ASSIGNED_COMPANIES.length) % (ASSIGNED_COMPANIES.length - 1))) %
				ASSIGNED_COMPANIES.length;
			return {
				contactId: firstContact + n,
				companies: [ASSIGNED_COMPANIES[first], ASSIGNED_COMPANIES[second]],
			};
		}),
	);
}

/** The contacts, each bound to REPLACED_COMPANY only; in chunks, as the control API reads a bounded body. */
export async function seedLoad(control: SandboxControl, plan: LoadPlan): Promise<void> {
	const contacts = plan.flat();
	for (let start = 0; start < contacts.length; start += SEED_CHUNK) {
		const chunk = contacts.slice(start, start + SEED_CHUNK);
		await control.seed({
			contacts: chunk.map(({ contactId }) => ({ ID: contactId, NAME: `Queue ${contactId}` })),
			bindings: Object.fromEntries(
				chunk.map(({ contactId }) => [
					contactId,
					[{ COMPANY_ID: REPLACED_COMPANY, IS_PRIMARY: 'Y' as const }],
				]),
			),
		});
	}
}

export interface CallAnswer {
	status: number;
	/** The workflow's output items (Respond: all entries), or the error body. */
	body: unknown;
	ms: number;
}

export interface LoadRun {
	/** Unix ms when the first call was sent. */
	startedAt: number;
	/** First call sent → last answer received. */
	wallMs: number;
	answers: CallAnswer[];
}

async function call(
	webhookUrl: string,
	contacts: ContactCompanies[],
	timeoutMs: number,
	started: number,
): Promise<CallAnswer> {
	const res = await fetch(webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ contacts }),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: kept as text for the failure message
	}
	return { status: res.status, body, ms: Date.now() - started };
}

/** Every call at once; each answers when its execution has finished on a worker. */
export async function fireLoad(
	webhookUrl: string,
	plan: LoadPlan,
	timeoutMs: number,
): Promise<LoadRun> {
	const startedAt = Date.now();
	const answers = await Promise.all(
		plan.map((contacts) => call(webhookUrl, contacts, timeoutMs, startedAt)),
	);
	return { startedAt, wallMs: Date.now() - startedAt, answers };
}
