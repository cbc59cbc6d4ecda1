/**
 * What the fault matrix runs each case on: the operations' demo contacts and parameters, the two
 * modes, and the shape of a case and of a fault kind (fault-kinds.ts holds the kinds).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { CredentialStore } from '../harness';
import type { RunNodeResult } from '../harness';
import type { Sandbox } from '../sandbox/server';
import type { Auth, Operation } from './support';
import { fromItem, locator, nodeParameters } from './support';

export type Mode = 'single' | 'batched';
export const MODES: Mode[] = ['single', 'batched'];
export const BATCH_SIZE = 3;

export const BASE_OPTIONS = {
	maxRetries: 3,
	retryDelayMs: 10,
	maxRetryWaitSeconds: 2,
	timeoutMs: 10_000,
	maxLimitWaitMinutes: 0.05,
};
export type Options = typeof BASE_OPTIONS;

/** What each operation is run on: the demo seed's contacts (README of the sandbox). */
interface OperationSetup {
	method: string;
	contacts: number[];
	/** Contacts no case touches, for warming up the operating-time clock. */
	spare: number[];
	companies?: number[];
	parameters: INodeParameters;
}

export const PREFIX = 'crm.contact.company';
export const SETUP: Record<Operation, OperationSetup> = {
	get: {
		method: `${PREFIX}.items.get`,
		contacts: [54, 85, 83],
		spare: [88, 89, 90],
		parameters: { contactId: fromItem('contactId'), output: 'perOwner' },
	},
	set: {
		method: `${PREFIX}.items.set`,
		contacts: [82, 84, 86],
		spare: [88, 89, 90],
		parameters: {
			contactId: fromItem('contactId'),
			companiesInput: 'fields',
			companies: {
				company: [
					{ companyId: locator('8'), isPrimary: true, sort: 100 },
					{ companyId: locator('9'), isPrimary: false, sort: 0 },
				],
			},
		},
	},
	clear: {
		method: `${PREFIX}.items.delete`,
		contacts: [54, 85, 83],
		spare: [88, 89, 90],
		parameters: { contactId: fromItem('contactId') },
	},
	add: {
		method: `${PREFIX}.add`,
		contacts: [82, 54, 85],
		spare: [88, 89, 90],
		companies: [10, 10, 10],
		parameters: {
			contactId: fromItem('contactId'),
			companyId: fromItem('companyId'),
			isPrimary: false,
			sort: 0,
		},
	},
	remove: {
		method: `${PREFIX}.delete`,
		contacts: [54, 85, 83],
		spare: [88, 89, 90],
		// 13 is 85's primary company: removing it must make the other one primary.
		companies: [8, 13, 11],
		parameters: { contactId: fromItem('contactId'), companyId: fromItem('companyId') },
	},
	getFields: { method: `${PREFIX}.fields`, contacts: [], spare: [], parameters: {} },
};

export function itemsFor(
	operation: Operation,
	count: number,
	contacts = SETUP[operation].contacts,
): IDataObject[] {
	const setup = SETUP[operation];
	return Array.from({ length: count }, (_, index) => {
		if (operation === 'getFields') return {};
		const item: IDataObject = { contactId: contacts[index] };
		if (setup.companies) item.companyId = setup.companies[index];
		return item;
	});
}

export function parametersFor(auth: Auth, operation: Operation, options: Options): INodeParameters {
	return nodeParameters(auth, operation, { ...SETUP[operation].parameters, options });
}

export interface Case {
	sandbox: Sandbox;
	store: CredentialStore;
	auth: Auth;
	operation: Operation;
	mode: Mode;
	items: IDataObject[];
	options: Options;
}

export type Outcome = 'ok' | 'fail';

export interface FaultKind {
	name: string;
	auth?: Auth;
	options?: Partial<Options>;
	/** Sets the fault up; may change the items (e.g. a contact that does not exist). */
	arrange: (c: Case) => Promise<void>;
	/** Runs while the node runs, for faults that must strike mid-run. */
	during?: (c: Case) => Promise<void>;
	outcome: Outcome | ((index: number, c: Case) => Outcome);
	/** What a failed item's message and description must say, all of them. */
	says?: RegExp[];
	/** REST requests the case must make exactly, when the kind fixes it. */
	requests?: number | ((c: Case) => number);
	/** Wait for requests still sleeping in the sandbox (delay faults) before reading its state. */
	settleMs?: number;
	check?: (c: Case, result: RunNodeResult) => Promise<void>;
	/** The output of an item that succeeded, when it is not exactly the reference's. */
	okOutput?: (reference: IDataObject, c: Case) => unknown;
}
