/**
 * n8n in queue mode on one machine: our own PostgreSQL and Redis, one main process (editor,
 * triggers, webhooks; it puts executions on the queue) and N workers (they run them), all on one
 * user folder with this package installed, the credentials and workflows imported. Used by
 * `npm run start:queue` (start.ts). Data lives under one folder:
 *
 *   postgres/  the database cluster (owned by the `postgres` user when we are root)
 *   redis/     Redis's log and pid file (it saves nothing)
 *   user/      N8N_USER_FOLDER: the community package, the encryption key
 *   logs/      main.log, worker-1.log, …: each n8n process's output; cli.log: the imports'
 *
 * Stopping goes in the order that loses nothing: main (no new executions), the workers (they
 * finish what they run), then Redis and PostgreSQL, which n8n needs until it has shut down.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { CredentialFileEntry } from '../credentials';
import { freePorts } from '../free-port';
import { persistentEncryptionKey, prepareUserFolder } from '../instance';
import { N8nCli } from '../n8n-cli';
import { startN8n, type N8nServer } from '../n8n-server';
import { N8N_ENTRY } from '../runtime';
import type { Workflow } from '../workflows';
import { startPostgres, type Postgres } from './postgres';
import { processTree } from './process-tree';
import { queueEnv, workerHealthEnv } from './queue-env';
import { startRedis, type Redis } from './redis';
import { ensureQueueServices, type QueueBinaries } from './services';

export interface QueueStackOptions {
	dataDir: string;
	/** The main process's editor and webhook port. */
	editorPort: number;
	workers: number;
	/** Executions each worker runs at once (`n8n worker --concurrency`). */
	workerConcurrency: number;
	credentials: CredentialFileEntry[];
	workflows: Workflow[];
	/** Workflows whose triggers go live (production webhooks). */
	publish: string[];
	log?: (message: string) => void;
}

export interface QueueProcess {
	name: string;
	server: N8nServer;
	logFile: string;
	brokerPort: number;
	/** Workers only: their health server. */
	healthPort?: number;
}

/** What a launcher prints for tests and tools (no secrets: those stay in the user folder). */
export interface QueueStackInfo {
	dataDir: string;
	editorUrl: string;
	postgres: { port: number; pid: number; dataDir: string; bin: string };
	redis: { port: number; pid: number };
	workerConcurrency: number;
	processes: Array<{
		name: string;
		pid: number;
		logFile: string;
		brokerPort: number;
		healthPort?: number;
	}>;
}

export class QueueStack {
	postgres?: Postgres;
	redis?: Redis;
	main?: QueueProcess;
	workers: QueueProcess[] = [];
	cli?: N8nCli;
	private binaries?: QueueBinaries;
	private stopping = false;
	private starting?: Promise<void>;
	private readonly emergencyStop = () => this.killEverything();

	constructor(readonly options: QueueStackOptions) {}

	get editorUrl(): string {
		return `http://127.0.0.1:${this.options.editorPort}`;
	}

	get logsDir(): string {
		return join(this.options.dataDir, 'logs');
	}

	start(): Promise<void> {
		this.starting = this.startAll();
		return this.starting;
	}

	private async startAll(): Promise<void> {
		const { dataDir, workers, workerConcurrency } = this.options;
		const log = this.options.log ?? (() => undefined);
		// Whatever happens to this process, the servers it started must not outlive it.
		process.once('exit', this.emergencyStop);
		const binaries = await ensureQueueServices();
		this.binaries = binaries;
		// Readable by the `postgres` user on the way to its own folder.
		mkdirSync(dataDir, { recursive: true, mode: 0o755 });
		mkdirSync(join(dataDir, 'redis'), { recursive: true });
		rmSync(this.logsDir, { recursive: true, force: true });
		mkdirSync(this.logsDir, { recursive: true });
		const userFolder = join(dataDir, 'user');
		mkdirSync(userFolder, { recursive: true });

		// PostgreSQL, Redis, main's broker, and a broker and a health port for each worker.
		const [postgresPort, redisPort, mainBrokerPort, ...workerPorts] = await freePorts(
			3 + 2 * workers,
		);

		log('Starting PostgreSQL and Redis');
		const [postgres, redis] = await Promise.allSettled([
			startPostgres({
				bin: binaries.postgresBin,
				dataDir: join(dataDir, 'postgres'),
				port: postgresPort,
			}),
			startRedis({
				redisServer: binaries.redisServer,
				dir: join(dataDir, 'redis'),
				port: redisPort,
			}),
		]);
		if (postgres.status === 'fulfilled') this.postgres = postgres.value;
		if (redis.status === 'fulfilled') this.redis = redis.value;
		if (postgres.status === 'rejected') throw postgres.reason;
		if (redis.status === 'rejected') throw redis.reason;
		this.throwIfStopping();
		const env = queueEnv({ postgres: postgres.value.port, redis: redis.value.port });

		log('Installing the package and importing credentials and workflows (into PostgreSQL)');
		this.cli = new N8nCli({
			userFolder,
			encryptionKey: persistentEncryptionKey(userFolder),
			port: this.options.editorPort,
			brokerPort: mainBrokerPort,
			settings: env,
		});
		const cli = this.cli;
		try {
			await prepareUserFolder(cli, {
				credentials: this.options.credentials,
				workflows: this.options.workflows,
			});
			// Not `import:workflow --activeState=fromJson`: before the owner signs up, n8n refuses
			// that activation for lack of permission; publishing writes the database directly.
			for (const id of this.options.publish) {
				this.throwIfStopping();
				await cli.publishWorkflow(id);
			}
		} finally {
			writeFileSync(join(this.logsDir, 'cli.log'), cli.transcript);
		}
		this.throwIfStopping();

		log(`Starting n8n: main and ${workers} worker${workers === 1 ? '' : 's'}`);
		const mainProcess = this.startProcess('main', mainBrokerPort);
		const workerProcesses = Array.from({ length: workers }, (_, index) =>
			this.startProcess(`worker-${index + 1}`, workerPorts[2 * index], {
				command: ['worker', `--concurrency=${workerConcurrency}`],
				healthPort: workerPorts[2 * index + 1],
			}),
		);
		const started = await Promise.allSettled([mainProcess, ...workerProcesses]);
		for (const result of started) {
			if (result.status !== 'fulfilled') continue;
			if (result.value.name === 'main') this.main = result.value;
			else this.workers.push(result.value);
		}
		const failed = started.find((result) => result.status === 'rejected');
		if (failed) throw (failed as PromiseRejectedResult).reason;
		this.throwIfStopping();
	}

	/** `n8n start` (main), or with `worker` the worker command and its health server. */
	private async startProcess(
		name: string,
		brokerPort: number,
		worker?: { command: string[]; healthPort: number },
	): Promise<QueueProcess> {
		const logFile = join(this.logsDir, `${name}.log`);
		const base = this.cli!.options;
		const server = await startN8n({
			...base,
			port: this.options.editorPort,
			brokerPort,
			outputFile: logFile,
			// Three n8n processes boot at once on a small machine: give them time.
			readyTimeoutMs: 240_000,
			...(worker
				? {
						command: worker.command,
						settings: { ...base.settings, ...workerHealthEnv(worker.healthPort) },
						readyUrl: `http://127.0.0.1:${worker.healthPort}/healthz/readiness`,
					}
				: {}),
		});
		return { name, server, logFile, brokerPort, healthPort: worker?.healthPort };
	}

	private throwIfStopping(): void {
		if (this.stopping) throw new Error('stopped while starting');
	}

	/** Stops what has started, in order; safe to call at any time, also while starting. */
	async stop(): Promise<void> {
		if (!this.stopping && this.starting) {
			// n8n commands still starting up (an import, a server not ready yet) would hold the start
			// back: ask them to quit; servers already up get the same SIGTERM below anyway.
			for (const child of processTree(process.pid).filter(
				(p) => p.ppid === process.pid && p.command.includes(N8N_ENTRY),
			)) {
				process.kill(child.pid, 'SIGTERM');
			}
		}
		this.stopping = true;
		await this.starting?.catch(() => undefined);
		const errors: unknown[] = [];
		const attempt = async (step: () => Promise<void> | undefined) => {
			try {
				await step();
			} catch (error) {
				errors.push(error);
			}
		};
		await attempt(() => this.main?.server.stop());
		await Promise.all(this.workers.map((worker) => attempt(() => worker.server.stop())));
		await attempt(() => this.redis?.stop());
		await attempt(() => this.postgres?.stop());
		// Left in place when something would not stop: exiting then kills it outright.
		if (!errors.length) process.removeListener('exit', this.emergencyStop);
		if (errors.length)
			throw new Error(`stopping the queue-mode stack: ${errors.map(String).join('; ')}`);
	}

	/** Synchronous last resort when the process exits without stop(): nothing may be left running. */
	private killEverything(): void {
		for (const server of [this.main, ...this.workers].map((p) => p?.server)) {
			if (server?.process.exitCode === null) server.process.kill('SIGKILL');
		}
		if (this.redis) {
			try {
				process.kill(this.redis.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		if (this.postgres && this.binaries) {
			const pgCtl = join(this.binaries.postgresBin, 'pg_ctl');
			const args = ['-D', this.postgres.dataDir, '-m', 'immediate', '-w', 'stop'];
			if (process.getuid?.() === 0)
				spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'ignore' });
			else spawnSync(pgCtl, args, { stdio: 'ignore' });
		}
	}

	info(): QueueStackInfo {
		if (!this.postgres || !this.redis || !this.main || !this.binaries)
			throw new Error('the queue-mode stack has not started');
		return {
			dataDir: this.options.dataDir,
			editorUrl: this.editorUrl,
			postgres: {
				port: this.postgres.port,
				pid: this.postgres.pid,
				dataDir: this.postgres.dataDir,
				bin: this.binaries.postgresBin,
			},
			redis: { port: this.redis.port, pid: this.redis.pid },
			workerConcurrency: this.options.workerConcurrency,
			processes: [this.main, ...this.workers].map(
				({ name, server, logFile, brokerPort, healthPort }) => ({
					name,
					pid: server.process.pid!,
					logFile,
					brokerPort,
					healthPort,
				}),
			),
		};
	}
}
