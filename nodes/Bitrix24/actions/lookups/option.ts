import type { INodeProperties } from 'n8n-workflow';

/** The Options entry's name; saved workflows will hold it. */
export const SEVERAL_MATCHES_OPTION = 'severalMatches';

/** Options > When Several Records Match: what a value that finds more than one record does. */
export const severalMatchesOption: INodeProperties = {
	displayName: 'When Several Records Match',
	name: SEVERAL_MATCHES_OPTION,
	type: 'options',
	options: [
		{
			name: 'Fail the Item',
			value: 'fail',
			description: 'The item changes nothing, and its error lists the IDs that match',
		},
		{
			name: 'Use the Oldest',
			value: 'oldest',
			description: 'Take the record created first (the lowest ID)',
		},
	],
	default: 'fail',
	description:
		'What to do when a record given by e-mail, phone, company name or tax ID matches more than one record in Bitrix24',
};
