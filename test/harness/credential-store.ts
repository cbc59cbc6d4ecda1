import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

export interface StoredCredential {
	/** What n8n would keep in its database row: the credential's id, name and type. */
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

export interface TokenUpdate {
	type: string;
	at: number;
	oauthTokenData: IDataObject;
}

/** structuredClone is Node 17+, and the data here is plain JSON, so this is exact. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * n8n's credentials table, in memory: one credential per type. Values are copied in and out, as
 * a database would, so a run cannot change stored data except through the credentials helper.
 * Several runs may share one store; that is how tests make concurrent executions race on one
 * OAuth2 token.
 */
let storeCounter = 0;

export class CredentialStore {
	private readonly rows = new Map<string, StoredCredential>();

	/**
	 * Ids are unique per store: n8n-core's OAuth2 refresh is single-flight per credential id across
	 * the whole process, so two stores sharing an id would hand each other their tokens.
	 */
	private readonly idPrefix = `store${++storeCounter}`;

	/** Every `updateCredentialsOauthTokenData` call, oldest first. */
	readonly tokenUpdates: TokenUpdate[] = [];

	set(type: string, data: ICredentialDataDecryptedObject, name = `${type} account`): this {
		this.rows.set(type, { id: `${this.idPrefix}-${type}`, name, type, data: copy(data) });
		return this;
	}

	/** The stored (raw, un-defaulted) data, or undefined. */
	get(type: string): ICredentialDataDecryptedObject | undefined {
		const row = this.rows.get(type);
		return row ? copy(row.data) : undefined;
	}

	/** The row, for the node's `credentials: { [type]: { id, name } }` reference. */
	row(type: string): StoredCredential | undefined {
		const row = this.rows.get(type);
		return row ? copy(row) : undefined;
	}

	findById(id: string | null, type: string): StoredCredential | undefined {
		const row = this.rows.get(type);
		return row && row.id === id ? copy(row) : undefined;
	}

	/** Replaces a row's data, as the cli's `updateCredentials` does. */
	update(type: string, data: ICredentialDataDecryptedObject): void {
		const row = this.rows.get(type);
		if (!row) throw new Error(`No stored credential of type "${type}"`);
		row.data = copy(data);
	}

	/** Stores refreshed token data and records the call, as n8n's `updateCredentialsOauthTokenData`. */
	updateOauthTokenData(type: string, oauthTokenData: IDataObject): void {
		const row = this.rows.get(type);
		if (!row) throw new Error(`No stored credential of type "${type}"`);
		row.data = { ...row.data, oauthTokenData: copy(oauthTokenData) };
		this.tokenUpdates.push({ type, at: Date.now(), oauthTokenData: copy(oauthTokenData) });
	}

	/** How many times n8n persisted refreshed OAuth2 tokens. */
	get updates(): number {
		return this.tokenUpdates.length;
	}
}
