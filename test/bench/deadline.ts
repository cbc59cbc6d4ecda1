/**
 * Runs a benchmark's main function as a process: it exits 0 when main ends, 1 when it throws or
 * when the whole run passes its deadline (after `onDeadline` has stopped what it started).
 */
export function runWithDeadline(
	main: () => Promise<void>,
	deadline: { ms: number; what: string; onDeadline?: () => void },
): void {
	const timer = setTimeout(() => {
		deadline.onDeadline?.();
		console.error(
			`The ${deadline.what} passed its ${deadline.ms / 60_000}-minute limit and was stopped.`,
		);
		process.exit(1);
	}, deadline.ms);
	timer.unref();

	main().then(
		() => process.exit(0),
		(error: unknown) => {
			console.error(error instanceof Error ? error.stack : error);
			process.exit(1);
		},
	);
}
