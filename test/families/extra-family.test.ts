/**
 * "Adding a family is adding a row": a made-up family, defined here only (a booking's contacts,
 * `crm.booking.contact.*`, shaped like the deal, lead and quote families), given to the node's
 * parts and to the sandbox. It shows up in the node's Resource and Operation options, and Set and
 * Get on it run through n8n-core's engine against the sandbox, which serves it as given.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { Bitrix24 } from '../../nodes/Bitrix24/Bitrix24.node';
import { CONTACT } from '../../nodes/Bitrix24/actions/entities';
import type { EntityInfo } from '../../nodes/Bitrix24/actions/entities';
import type { BindingFamily } from '../../nodes/Bitrix24/actions/families';
import { BINDING_FAMILIES } from '../../nodes/Bitrix24/actions/families';
import { nodeProperties } from '../../nodes/Bitrix24/actions/properties';
import { route } from '../../nodes/Bitrix24/actions/router';
import { listSearchMethods } from '../../nodes/Bitrix24/methods/listSearch';
import { runNode } from '../harness';
import { DOTTED_TEXTS, type SandboxFamily } from '../sandbox/families';
import { callsIn, locator, okItems, restLog, useSandbox, webhookStore } from './helpers';

const BOOKING: EntityInfo = {
	label: 'booking',
	plural: 'bookings',
	title: 'Booking',
	urlPath: 'booking',
	listSearch: 'searchBookings',
	listMethod: 'crm.booking.list',
	searchFields: ['TITLE'],
	select: ['ID', 'TITLE'],
	nameOf: (record) => String(record.TITLE ?? ''),
};

/** The row the node gets: nothing but data. */
const BOOKING_CONTACT: BindingFamily = {
	resource: 'bookingContact',
	displayName: 'Booking Contact',
	methodPrefix: 'crm.booking.contact',
	owner: { ...BOOKING, idParameter: 'bookingId' },
	bound: { ...CONTACT, idParameter: 'contactId', idField: 'CONTACT_ID', pluralTitle: 'Contacts' },
};

const FAMILIES = [...BINDING_FAMILIES, BOOKING_CONTACT];

/** The row the sandbox gets, with the wording of the 2026 deal pages for its errors. */
const SANDBOX_BOOKING_CONTACT: SandboxFamily = {
	key: 'bookingContact',
	prefix: 'crm.booking.contact',
	owner: 'booking',
	bound: 'contact',
	idField: 'CONTACT_ID',
	fields: {
		SORT: { type: 'integer', title: 'Sorting', isRequired: false },
		IS_PRIMARY: { type: 'char', title: 'Primary', isRequired: false },
		CONTACT_ID: { type: 'integer', title: 'Contact', isRequired: true },
	},
	// The wording of the newest family pages (deal, quote), as a new family's would be.
	texts: DOTTED_TEXTS,
	itemsGetUnknownOwner: 'notFound',
};

/** The Bitrix24 node, put together from its own parts with one more family. */
class Bitrix24WithBookings extends Bitrix24 {
	description = { ...new Bitrix24().description, properties: nodeProperties(FAMILIES) };

	methods = { ...new Bitrix24().methods, listSearch: listSearchMethods(FAMILIES) };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, FAMILIES);
	}
}

function propertyNamed(
	properties: INodeProperties[],
	name: string,
	resource?: string,
): INodeProperties {
	const found = properties.find(
		(property) =>
			property.name === name &&
			(resource === undefined || property.displayOptions?.show?.resource?.includes(resource)),
	);
	if (!found) throw new Error(`no parameter ${name}${resource ? ` for ${resource}` : ''}`);
	return found;
}

const optionsOf = (property: INodeProperties) => (property.options ?? []) as INodePropertyOptions[];

describe('a family given as one more row', () => {
	const sandbox = useSandbox({ families: [SANDBOX_BOOKING_CONTACT] });
	const node = new Bitrix24WithBookings();
	const run = async (operation: string, parameters: object) =>
		await runNode({
			node,
			parameters: {
				authentication: 'webhook',
				resource: 'bookingContact',
				operation,
				...parameters,
			},
			credentials: webhookStore(sandbox()),
			items: [{}],
		});

	test('appears among the Resource options, in alphabetical place, worded from its row', () => {
		const resource = propertyNamed(node.description.properties, 'resource');
		expect(optionsOf(resource).map((option) => option.name)).toEqual([
			'Booking Contact',
			'Company Contact',
			'Contact Company',
			'Deal Contact',
			'Lead Contact',
			'Quote Contact',
		]);
		expect(optionsOf(resource)[0]).toEqual({
			name: 'Booking Contact',
			value: 'bookingContact',
			description: 'The contacts bound to a booking',
		});
		// The node as shipped does not serve it.
		expect(
			optionsOf(propertyNamed(new Bitrix24().description.properties, 'resource')).map(
				(o) => o.value,
			),
		).not.toContain('bookingContact');
	});

	test('gets every operation, with its parameters and a picker for its records', () => {
		const operation = propertyNamed(node.description.properties, 'operation', 'bookingContact');
		expect(optionsOf(operation).map((option) => [option.value, option.action])).toEqual([
			['add', 'Add a contact to a booking'],
			['clear', 'Remove all contacts from a booking'],
			['get', 'Get the contacts of a booking'],
			['getFields', 'Get the fields of a booking–contact binding'],
			['remove', 'Remove a contact from a booking'],
			['set', 'Replace the contacts of a booking'],
		]);
		const bookingId = propertyNamed(node.description.properties, 'bookingId', 'bookingContact');
		expect(bookingId.displayOptions?.show?.operation).toEqual(['get']);
		expect(Object.keys(node.methods.listSearch)).toContain('searchBookings');
	});

	test('Set and Get run against the sandbox through its own methods', async () => {
		const seeded = await sandbox().control.seed({
			records: { booking: [{ TITLE: 'Conference room, Monday' }] },
		});
		const bookingId = seeded.records?.booking[0] as number;

		const rows = {
			contact: [
				{ contactId: locator(82), isPrimary: false, sort: 0 },
				{ contactId: locator(54), isPrimary: true, sort: 0 },
			],
		};
		const set = okItems(
			await run('set', { bookingId: locator(bookingId), contactsInput: 'fields', contacts: rows }),
		);
		expect(set).toEqual([
			{
				bookingId,
				updated: true,
				contacts: [
					{ contactId: 82, isPrimary: false, sort: 10, roleId: 0 },
					{ contactId: 54, isPrimary: true, sort: 20, roleId: 0 },
				],
			},
		]);
		const state = await sandbox().control.getState();
		expect(state.familyBindings.bookingContact?.[String(bookingId)]).toEqual([
			{ CONTACT_ID: 82, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'N' },
			{ CONTACT_ID: 54, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'Y' },
		]);

		await sandbox().control.clearLog();
		const get = okItems(await run('get', { bookingId: locator(bookingId), output: 'perOwner' }));
		expect(get).toEqual([
			{
				bookingId,
				contacts: [
					{ contactId: 82, isPrimary: false, sort: 10, roleId: 0 },
					{ contactId: 54, isPrimary: true, sort: 20, roleId: 0 },
				],
			},
		]);
		expect(callsIn(await restLog(sandbox())).map((call) => call.method)).toEqual([
			'crm.booking.contact.items.get',
		]);
	});

	test("access denied names the rights of the family's own records", async () => {
		const denied = { error: 'ACCESS_DENIED', error_description: 'Access denied!' };
		await sandbox().control.injectFault({
			match: { method: 'crm.booking.contact.items.get' },
			fault: { kind: 'status', status: 403, body: denied },
		});
		const result = await run('get', { bookingId: locator(1) });
		expect(result.error?.description).toMatch(
			/permission to read and edit bookings and to read contacts \(CRM/,
		);
	});

	test('a booking that does not exist is named in the error', async () => {
		const result = await run('get', { bookingId: locator(999) });
		expect(result.error?.message).toBe('Booking 999 does not exist in Bitrix24');
	});
});
