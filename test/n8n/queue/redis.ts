/**
 * A Redis of our own for queue mode's job queue: 127.0.0.1 on a port we choose, nothing saved to
 * disk (the queue holds only jobs in flight; executions live in PostgreSQL). It runs in a process
 * group of its own, so Ctrl-C reaches only us and we stop it after n8n, which needs it to shut down.
 */
import { spawn } from 'child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createConnection } from 'net';
import { join } from 'path';

import { sleep } from 'n8n-workflow';

export interface Redis {
	port: number;
	pid: number;
	stop(): Promise<void>;
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** `PING` answered with `+PONG`: Redis accepts commands. */
function pong(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
	});
}

/** A Redis that a run killed outright left behind (its pid file names it). */
function stopLeftover(pidFile: string): void {
	if (!existsSync(pidFile)) return;
	const pid = Number(readFileSync(pidFile, 'utf8'));
	const command = existsSync(`/proc/${pid}/cmdline`)
		? readFileSync(`/proc/${pid}/cmdline`, 'utf8')
		: '';
	if (pid && command.includes('redis-server')) process.kill(pid, 'SIGKILL');
	rmSync(pidFile, { force: true });
}

export async function startRedis(options: {
	redisServer: string;
	dir: string;
	port: number;
}): Promise<Redis> {
	const { redisServer, dir, port } = options;
	const pidFile = join(dir, 'redis.pid');
	stopLeftover(pidFile);
	const log = openSync(join(dir, 'redis.log'), 'a');
	const child = spawn(
		redisServer,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ detached: true, stdio: ['ignore', log, log] },
	);
	closeSync(log);
	const pid = child.pid!;
	writeFileSync(pidFile, String(pid));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		if (isAlive(pid)) {
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(killer);
		}
		rmSync(pidFile, { force: true });
	};
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline && child.exitCode === null) {
		if (await pong(port)) return { port, pid, stop };
		await sleep(200);
	}
	await stop();
	throw new Error(`Redis did not answer on port ${port}; see ${join(dir, 'redis.log')}`);
}
