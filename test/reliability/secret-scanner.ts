/**
 * One scanner for every reliability suite: everything the node lets a user or an operator see
 * (output items, error items, the run's error with its message, description and context, the run
 * data, every log line) is recorded as text, then searched for every secret the sandbox knows of:
 * the webhook secret, the OAuth client secret, and every access and refresh token the sandbox ever
 * issued. Tokens are read from the sandbox at flush time, so tokens refreshed during a run count
 * too; suites flush before resetting a sandbox, because a reset forgets its tokens.
 */
import type { RunNodeResult } from '../harness';
import { visibleJson } from '../harness/visible-json';
import { logCapture } from '../harness';
import type { Sandbox } from '../sandbox/server';

/** A value that must never be shown, and what it is (for the report; never the value itself). */
interface Secret {
	value: string;
	kind: string;
}

export interface Leak {
	where: string;
	kind: string;
}

export interface ScanFigures {
	/** Texts scanned: output items, errors, run data, log lines... */
	texts: number;
	characters: number;
	/** Distinct secret values searched for. */
	secrets: number;
	/** Log lines among the texts. */
	logLines: number;
	leaks: number;
}

export class SecretScanner {
	private readonly fixed: Secret[] = [];

	private readonly sandboxes = new Set<Sandbox>();

	private pending: Array<{ where: string; text: string }> = [];

	private readonly figures: ScanFigures = {
		texts: 0,
		characters: 0,
		secrets: 0,
		logLines: 0,
		leaks: 0,
	};

	/** Every secret value seen so far, kept after its sandbox is gone, for the final process-log scan. */
	private readonly allSecrets = new Map<string, string>();

	readonly leaks: Leak[] = [];

	/** Watches a sandbox: its webhook secret, client secret and every token it issues. */
	watch(sandbox: Sandbox): this {
		this.sandboxes.add(sandbox);
		this.addSecret(sandbox.webhookSecret, 'webhook secret');
		this.addSecret(sandbox.oauth.clientSecret, 'client secret');
		return this;
	}

	/** Stops asking a sandbox for tokens (flush first: its secrets are remembered). */
	unwatch(sandbox: Sandbox): void {
		this.sandboxes.delete(sandbox);
	}

	addSecret(value: string | undefined, kind: string): void {
		if (typeof value === 'string' && value.length >= 6) this.fixed.push({ value, kind });
	}

	record(where: string, value: unknown): void {
		const text = typeof value === 'string' ? value : visibleJson(value);
		this.pending.push({ where, text });
	}

	/** Everything a run exposes: the items, the error (all its fields), the run data, its log lines. */
	recordRun(where: string, result: RunNodeResult): void {
		this.record(`${where}: output`, result.items);
		if (result.error) {
			const error = result.error as unknown as Record<string, unknown>;
			this.record(`${where}: error message`, String(error.message ?? ''));
			this.record(`${where}: error description`, String(error.description ?? ''));
			this.record(`${where}: error`, result.error);
		}
		this.record(`${where}: run data`, result.runData);
		for (const line of result.logs) {
			this.record(`${where}: log line`, `${line.level} ${line.message} ${visibleJson(line.meta)}`);
			this.figures.logLines += 1;
		}
	}

	private async currentSecrets(): Promise<Secret[]> {
		const secrets = [...this.fixed];
		for (const sandbox of this.sandboxes) {
			const tokens = await sandbox.control.getTokens();
			for (const { token } of tokens.accessTokens)
				secrets.push({ value: token, kind: 'access token' });
			for (const { token } of tokens.refreshTokens)
				secrets.push({ value: token, kind: 'refresh token' });
		}
		return secrets.filter((secret) => secret.value.length >= 6);
	}

	private scan(secrets: Secret[]): Leak[] {
		const found: Leak[] = [];
		for (const { where, text } of this.pending) {
			this.figures.texts += 1;
			this.figures.characters += text.length;
			for (const secret of secrets) {
				if (text.includes(secret.value)) found.push({ where, kind: secret.kind });
			}
		}
		this.pending = [];
		this.leaks.push(...found);
		this.figures.leaks = this.leaks.length;
		return found;
	}

	/** Scans what was recorded since the last flush; call it before a sandbox reset or close. */
	async flush(): Promise<Leak[]> {
		for (const secret of await this.currentSecrets())
			this.allSecrets.set(secret.value, secret.kind);
		this.figures.secrets = this.allSecrets.size;
		return this.scan(this.knownSecrets());
	}

	/**
	 * The last scan of a suite: lines the process logged outside any run (n8n-core's own), against
	 * every secret seen in the suite. Takes them out of the shared capture.
	 */
	async finish(): Promise<Leak[]> {
		const pending = await this.flush();
		for (const line of logCapture.entries) {
			this.pending.push({
				where: 'process log line',
				text: `${line.level} ${line.message} ${visibleJson(line.meta)}`,
			});
			this.figures.logLines += 1;
		}
		logCapture.clear();
		return [...pending, ...this.scan(this.knownSecrets())];
	}

	/** Every secret seen so far, including those of sandboxes no longer watched. */
	private knownSecrets(): Secret[] {
		return [...this.allSecrets].map(([value, kind]) => ({ value, kind }));
	}

	/** Adds another scanner's figures (one per concurrent case) to this one. */
	absorb(other: SecretScanner): void {
		const counts = other.counts;
		this.figures.texts += counts.texts;
		this.figures.characters += counts.characters;
		this.figures.logLines += counts.logLines;
		for (const [value, kind] of other.allSecrets) this.allSecrets.set(value, kind);
		this.figures.secrets = this.allSecrets.size;
		this.leaks.push(...other.leaks);
		this.figures.leaks = this.leaks.length;
	}

	get counts(): ScanFigures {
		return { ...this.figures };
	}
}
