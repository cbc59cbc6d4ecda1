/**
 * One installer at a time: jest may start several end-to-end files at once, and `npm start` may
 * run beside the tests; two `npm install`s into one folder would corrupt it. The lock is a file
 * holding the installer's pid, so a lock left by a killed process is noticed and taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'fs';

import { sleep } from 'n8n-workflow';

function ownerIsAlive(lockFile: string): boolean {
	try {
		const pid = Number(readFileSync(lockFile, 'utf8'));
		if (!pid) return false;
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export async function withInstallLock<T>(
	lockFile: string,
	work: () => Promise<T>,
	onWait?: () => void,
): Promise<T> {
	let waited = false;
	for (;;) {
		try {
			const fd = openSync(lockFile, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			if (!ownerIsAlive(lockFile)) {
				rmSync(lockFile, { force: true });
				continue;
			}
			if (!waited) onWait?.();
			waited = true;
			await sleep(2000);
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lockFile, { force: true });
	}
}
