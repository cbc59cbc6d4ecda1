/** Faults injected through the control API for the next N matching requests or batch sub-calls. */
import type { AuthMode, FaultMatch, FaultRule, FaultSpec } from './types';

export interface FaultTarget {
	path: string;
	method: string | null;
	authMode: AuthMode;
}

/** Kinds that replace the whole HTTP answer, even when a batch sub-call matched them. */
export const httpLevelKinds: ReadonlySet<FaultSpec['kind']> = new Set([
	'html',
	'truncated',
	'empty',
	'drop',
]);

export class FaultStore {
	private rules: FaultRule[] = [];
	private nextId = 1;

	add(match: FaultMatch, count: number, fault: FaultSpec): FaultRule {
		const rule: FaultRule = { id: this.nextId++, match, remaining: count, fault };
		this.rules.push(rule);
		return rule;
	}

	clear(): void {
		this.rules = [];
	}

	list(): FaultRule[] {
		return this.rules.map((r) => ({ ...r }));
	}

	private matches(match: FaultMatch, target: FaultTarget): boolean {
		if (match.method !== undefined && match.method.toLowerCase() !== target.method) return false;
		if (match.path !== undefined && !target.path.startsWith(match.path)) return false;
		if (match.authMode !== undefined && match.authMode !== target.authMode) return false;
		return true;
	}

	/** Finds the first live rule for the target that `accept` allows, and uses up one of its count. */
	take(
		target: FaultTarget,
		accept: (fault: FaultSpec) => boolean = () => true,
	): FaultSpec | undefined {
		const rule = this.rules.find(
			(r) => r.remaining > 0 && accept(r.fault) && this.matches(r.match, target),
		);
		if (!rule) return undefined;
		rule.remaining -= 1;
		if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
		return rule.fault;
	}
}
