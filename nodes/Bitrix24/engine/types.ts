import type { IDataObject } from 'n8n-workflow';

import type { BitrixFailure } from '../transport/failure';

/** One Bitrix24 method call, as an operation asks for it. */
export interface BitrixCall {
	method: string;
	params: IDataObject;
	/** What the call is about, for error messages: "contact 54". */
	subject?: string;
	/**
	 * Only reads back what the item's earlier calls changed. When it fails, those changes are made
	 * all the same, so the item is done, without the read-back.
	 */
	readBack?: boolean;
	/** False when the call must not be sent twice: a failure after which it may have run is final. */
	repeatSafe?: false;
}

/** The calls of one input item, run in order; later calls may read what earlier ones changed. */
export interface ItemPlan {
	itemIndex: number;
	calls: BitrixCall[];
	/**
	 * The record the item changes ("contact 54"): items that change one record run one after
	 * another, in their order, so the last one decides it (workQueue.ts).
	 */
	changes?: string;
}

export type ItemOutcome =
	| { ok: true; results: unknown[] }
	| {
			ok: false;
			failure: BitrixFailure;
			call: BitrixCall;
			gaveUp?: string;
			/** The results of the item's calls that succeeded before `call`. */
			results?: unknown[];
	  };

export interface EngineSettings {
	batching: boolean;
	maxRetries: number;
	/** Total time one request may spend waiting between retries. */
	maxRetryWaitMs: number;
	retryBaseDelayMs: number;
	timeoutMs: number;
	/** Requests in flight at once; the limits still pace them. */
	concurrency: number;
	/** Total time the execution may be held back by Bitrix24's limits; 0 = no bound. */
	maxLimitWaitMs: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
	batching: true,
	maxRetries: 5,
	maxRetryWaitMs: 120_000,
	retryBaseDelayMs: 1_000,
	timeoutMs: 60_000,
	// A batch of 50 commands can take Bitrix24 20 s (0.4 s a call), so with few requests in flight
	// the server's time, not a limit, would set the pace.
	concurrency: 8,
	// Twelve operating-time windows: 10,000 Sets on a cloud portal take about 80 minutes.
	maxLimitWaitMs: 120 * 60_000,
};

/** Bitrix24 refuses more than 50 commands in one batch request. */
export const MAX_BATCH_COMMANDS = 50;
