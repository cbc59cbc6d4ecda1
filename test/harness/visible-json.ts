/** JSON that survives cycles and errors; every own property of an Error is included. */
export function visibleJson(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return (
			JSON.stringify(value, (_key, entry: unknown) => {
				if (entry && typeof entry === 'object') {
					if (seen.has(entry)) return '[circular]';
					seen.add(entry);
					if (entry instanceof Error) {
						const copy: Record<string, unknown> = {};
						for (const name of Object.getOwnPropertyNames(entry))
							copy[name] = (entry as unknown as Record<string, unknown>)[name];
						return copy;
					}
				}
				return entry;
			}) ?? ''
		);
	} catch {
		return String(value);
	}
}
