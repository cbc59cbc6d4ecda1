/**
 * Which processes a process started, read from /proc (Linux): so a stack can signal what it started
 * while starting up, and a test can prove that nothing it started outlives it.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';

export interface ProcessInfo {
	pid: number;
	ppid: number;
	/** Clock ticks after boot: with the pid, it names one process even after the pid is reused. */
	startTime: number;
	command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name in parentheses may itself hold spaces or parentheses: the fields follow the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// A zombie has exited; only its parent has not collected it yet.
		if (fields[0] === 'Z') return undefined;
		const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
		return { pid, ppid: Number(fields[1]), startTime: Number(fields[19]), command };
	} catch {
		return undefined; // gone meanwhile
	}
}

export function allProcesses(): ProcessInfo[] {
	if (!existsSync('/proc')) return [];
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map((name) => readProcess(Number(name)))
		.filter((info): info is ProcessInfo => info !== undefined);
}

/** Every process below `pid` (children, their children, …), and `pid` itself when asked. */
export function processTree(pid: number, includeRoot = false): ProcessInfo[] {
	const processes = allProcesses();
	const found: ProcessInfo[] = includeRoot ? processes.filter((p) => p.pid === pid) : [];
	const parents = new Set([pid]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const info of processes) {
			if (parents.has(info.ppid) && !parents.has(info.pid)) {
				parents.add(info.pid);
				found.push(info);
				grew = true;
			}
		}
	}
	return found;
}

/** Those of `processes` that still run (same pid and start time). */
export function stillRunning(processes: ProcessInfo[]): ProcessInfo[] {
	return processes.filter((info) => readProcess(info.pid)?.startTime === info.startTime);
}
