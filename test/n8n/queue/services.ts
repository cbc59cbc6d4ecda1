/**
 * Queue mode needs Redis (the job queue) and PostgreSQL (the database every process shares; SQLite
 * is not for queue mode). Both come from Debian's packages, installed when missing, the way the
 * end-to-end setup installs Chromium. We run them ourselves on free ports (see redis.ts,
 * postgres.ts); the service instances the packages may set up are left alone.
 */
import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import { aptInstall } from '../debian-packages';

export const REDIS_SERVER = '/usr/bin/redis-server';
const POSTGRES_ROOT = '/usr/lib/postgresql';

export interface QueueBinaries {
	redisServer: string;
	/** The newest installed PostgreSQL's bin folder (initdb, pg_ctl, postgres, psql). */
	postgresBin: string;
}

function postgresBinDir(): string | undefined {
	if (!existsSync(POSTGRES_ROOT)) return undefined;
	const versions = readdirSync(POSTGRES_ROOT)
		.filter((name) => /^\d+$/.test(name) && existsSync(join(POSTGRES_ROOT, name, 'bin', 'pg_ctl')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(POSTGRES_ROOT, versions[0], 'bin') : undefined;
}

export function findQueueBinaries(): QueueBinaries | undefined {
	const postgresBin = postgresBinDir();
	return existsSync(REDIS_SERVER) && postgresBin
		? { redisServer: REDIS_SERVER, postgresBin }
		: undefined;
}

/** Installs Debian's `redis-server` and `postgresql` unless both are there (about a minute). */
export async function ensureQueueServices(): Promise<QueueBinaries> {
	const found = findQueueBinaries();
	if (found) return found;
	const missing = [
		...(existsSync(REDIS_SERVER) ? [] : ['redis-server']),
		...(postgresBinDir() ? [] : ['postgresql']),
	];
	console.log(`[queue mode] Installing ${missing.join(' and ')} from Debian (about a minute) …`);
	await aptInstall(missing);
	const installed = findQueueBinaries();
	if (!installed)
		throw new Error(
			`apt-get installed ${missing.join(', ')} but redis-server or PostgreSQL's pg_ctl is still missing`,
		);
	return installed;
}
