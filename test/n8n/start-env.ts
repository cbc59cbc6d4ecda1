/** What `npm start` and `npm run start:queue` read from the environment, read in one place. */
export interface StartEnv {
	/** A real portal's webhook URL (BITRIX24_WEBHOOK_URL), when the user gave one. */
	portalWebhookUrl: string | undefined;
	/** n8n's port (N8N_PORT, default 5678). */
	port: number;
	/** The sandbox's port (SANDBOX_PORT, default 8024). */
	sandboxPort: number;
}

export function readStartEnv(env: NodeJS.ProcessEnv = process.env): StartEnv {
	return {
		portalWebhookUrl: env.BITRIX24_WEBHOOK_URL?.trim() || undefined,
		port: Number(env.N8N_PORT ?? 5678),
		sandboxPort: Number(env.SANDBOX_PORT ?? 8024),
	};
}
