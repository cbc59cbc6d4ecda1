/**
 * A PostgreSQL cluster of our own for queue mode: its data in a folder we choose, listening on
 * 127.0.0.1 only, user `n8n` trusted without a password (a local stand-in, like the sandbox).
 * PostgreSQL refuses to run as root, so as root every server command runs as the `postgres` user,
 * on a folder that user owns. The server detaches from our terminal (pg_ctl starts it in a session
 * of its own), so Ctrl-C reaches only us and we stop it last, after n8n.
 */
import { existsSync, mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { runCommand, runOrThrow } from '../run-command';

export const POSTGRES_USER = 'n8n';
export const POSTGRES_DATABASE = 'n8n';

export interface Postgres {
	host: '127.0.0.1';
	port: number;
	dataDir: string;
	/** The postmaster's pid, as its postmaster.pid file says. */
	pid: number;
	/** Rows of a query on the n8n database, each a list of column texts. */
	query(sql: string): Promise<string[][]>;
	stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** The command as the `postgres` user when we are root (runuser needs no password or terminal). */
function asServerUser(command: string, args: string[]): [string, string[]] {
	return asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function serverIsRunning(bin: string, dataDir: string): Promise<boolean> {
	if (!existsSync(join(dataDir, 'PG_VERSION'))) return false;
	const result = await runCommand(...asServerUser(join(bin, 'pg_ctl'), ['-D', dataDir, 'status']));
	return result.code === 0;
}

async function stopServer(bin: string, dataDir: string): Promise<void> {
	if (!(await serverIsRunning(bin, dataDir))) return;
	await runOrThrow(
		...asServerUser(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']),
	);
}

/** Rows of a query, each a list of column texts (psql's unaligned output; no value holds a tab here). */
export async function queryRows(
	bin: string,
	port: number,
	sql: string,
	database = POSTGRES_DATABASE,
): Promise<string[][]> {
	const args = [
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-U',
		POSTGRES_USER,
		'-d',
		database,
		'-X',
		'-A',
		'-t',
		'-F',
		'\t',
		'-c',
		sql,
	];
	const { stdout } = await runOrThrow(join(bin, 'psql'), args);
	return stdout
		.split('\n')
		.filter((line) => line.length > 0)
		.map((line) => line.split('\t'));
}

export async function startPostgres(options: {
	bin: string;
	dataDir: string;
	port: number;
}): Promise<Postgres> {
	const { bin, dataDir, port } = options;
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	if (asRoot) {
		await runOrThrow('chown', ['-R', 'postgres:postgres', dataDir]);
		// A folder on the way (a home folder, a private temp folder) may keep that user out.
		const reachable = await runCommand(...asServerUser('test', ['-w', dataDir]));
		if (reachable.code !== 0) {
			throw new Error(
				`PostgreSQL runs as the postgres user, which cannot reach ${dataDir}: choose a data folder it can reach (QUEUE_DATA_DIR, e.g. /tmp/n8n-queue)`,
			);
		}
	}
	// A server left by a run that was killed outright would hold the folder: stop it first.
	await stopServer(bin, dataDir);
	if (!existsSync(join(dataDir, 'PG_VERSION'))) {
		await runOrThrow(
			...asServerUser(join(bin, 'initdb'), [
				'-D',
				dataDir,
				'-A',
				'trust',
				'-U',
				POSTGRES_USER,
				'-E',
				'UTF8',
				'--locale=C',
			]),
		);
	}
	// TCP on 127.0.0.1 only and no Unix socket (its path length would depend on the folder).
	// synchronous_commit off: a crash loses the last moments, never the database.
	const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c synchronous_commit=off`;
	await runOrThrow(
		...asServerUser(join(bin, 'pg_ctl'), [
			'-D',
			dataDir,
			'-o',
			serverOptions,
			'-l',
			join(dataDir, 'server.log'),
			'-w',
			'-t',
			'120',
			'start',
		]),
	);
	const exists = await queryRows(
		bin,
		port,
		`select 1 from pg_database where datname = '${POSTGRES_DATABASE}'`,
		'postgres',
	);
	if (exists[0]?.[0] !== '1')
		await queryRows(bin, port, `create database ${POSTGRES_DATABASE}`, 'postgres');
	return {
		host: '127.0.0.1',
		port,
		dataDir,
		pid: Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
		query: (sql) => queryRows(bin, port, sql),
		stop: () => stopServer(bin, dataDir),
	};
}
