import { retryKindOf } from '../engine/retryPolicy';
import type { BitrixFailure } from '../transport/failure';
import type { Explain, Explanation, FailureContext } from './context';
import { gaveUpNote } from './context';

function capitalised(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Bitrix24's words for a record that is not there, or an ID it cannot take. */
function explainRecordProblem(
	failure: BitrixFailure,
	context: FailureContext,
): Explanation | undefined {
	const { description } = failure;
	const subject = context.subject ?? 'the record';
	if (/not found/i.test(description)) {
		return {
			message: `${capitalised(subject)} does not exist in Bitrix24`,
			description: `Bitrix24 answered "${description}" to ${context.method}. Check the ID, or pick the record from the list.`,
		};
	}
	if (/ownerEntityID/i.test(description)) {
		return {
			message: `Bitrix24 refused the ID of ${subject}`,
			description: `Bitrix24 answered "${description}". The ID must be a positive whole number of an existing record.`,
		};
	}
	return undefined;
}

/** Failures no table entry explains, told apart by what Bitrix24 said and the status. */
export const explainByDescription: Explain = (failure, context, said) => {
	const recordProblem = explainRecordProblem(failure, context);
	if (recordProblem) return recordProblem;
	const { code, httpStatus } = failure;
	if (code && httpStatus !== undefined && httpStatus >= 500) {
		return {
			message: `Bitrix24 failed on ${context.method} (${code}, HTTP ${httpStatus})`,
			description:
				`${said} This is an error inside the portal for this call, not a network problem, so the node did not repeat it: the same call fails the same way. Check the data of this item; if it keeps failing, the portal's administrator or Bitrix24 support can look into it.`.trim(),
		};
	}
	if (retryKindOf(failure) === 'transient') {
		return {
			message: `Bitrix24 failed on ${context.method}${httpStatus ? ` (HTTP ${httpStatus})` : ''}`,
			description:
				`${said}${gaveUpNote(context)} The portal had a server error; try again later.`.trim(),
		};
	}
	return {
		message: `Bitrix24 refused ${context.method}${code ? ` (${code})` : ''}`,
		description: `${said} Check the input of this item.`.trim(),
	};
};
