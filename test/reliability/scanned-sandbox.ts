/**
 * A reliability suite's sandbox, watched by the suite's secret scanner: after the suite, nothing
 * the runs showed may hold a secret, and the suite's figures are written with the scan's counts.
 */
import type { Sandbox } from '../sandbox/server';
import type { SecretScanner } from './secret-scanner';
import { reliabilitySandbox, writeFigures } from './support';

export function useScannedSandbox(
	suite: { name: string; figures: Record<string, unknown>; scanner: SecretScanner },
	use: (sandbox: Sandbox) => void,
): void {
	let sandbox: Sandbox | undefined;
	beforeAll(async () => {
		sandbox = await reliabilitySandbox();
		suite.scanner.watch(sandbox);
		use(sandbox);
	});
	afterAll(async () => {
		expect(await suite.scanner.finish()).toEqual([]);
		writeFigures(suite.name, { ...suite.figures, secretScan: suite.scanner.counts });
		await sandbox?.close();
	});
}
