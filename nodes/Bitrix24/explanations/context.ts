import type { BitrixFailure } from '../transport/failure';

/** The words for one failure: the error's message, and what to do in its description. */
export interface Explanation {
	message: string;
	description: string;
}

export interface FailureContext {
	method: string;
	/** What the call was about, e.g. "contact 54", so messages can name it. */
	subject?: string;
	itemIndex?: number;
	secrets: readonly string[];
	/** Why the engine stopped retrying, when it did. */
	gaveUp?: string;
	/** The credential type in use, so a message can say what to change in it. */
	credentialType?: string;
	/** The CRM rights the call needs, in words, for the hint when Bitrix24 denies access. */
	rights?: string;
}

/** Words for one kind of failure; `said` quotes Bitrix24's own description, or is empty. */
export type Explain = (
	failure: BitrixFailure,
	context: FailureContext,
	said: string,
) => Explanation;

export const gaveUpNote = (context: FailureContext) => (context.gaveUp ? ` ${context.gaveUp}` : '');
