/**
 * What makes n8n run in queue mode (n8n-io/n8n-docs docs/hosting/scaling/queue-mode.md): every process, main and workers, reads
 * the same PostgreSQL database and Redis queue, with the same encryption key and user folder (so
 * every process loads the community package from `<user folder>/.n8n/nodes`). Each process runs
 * its own task-runner broker, so each needs its own broker port; workers also serve a health check.
 */
import { POSTGRES_DATABASE, POSTGRES_USER } from './postgres';

export interface QueueServicePorts {
	postgres: number;
	redis: number;
}

/** For the main process, every worker and every CLI command on the shared database. */
export function queueEnv(ports: QueueServicePorts): NodeJS.ProcessEnv {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(ports.postgres),
		DB_POSTGRESDB_USER: POSTGRES_USER,
		DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(ports.redis),
		// "Execute workflow" in the editor runs on a worker too, as production executions do.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

/** A worker's health server (`/healthz/readiness`), which also tells us when it is ready. */
export function workerHealthEnv(healthPort: number): NodeJS.ProcessEnv {
	return {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
}
