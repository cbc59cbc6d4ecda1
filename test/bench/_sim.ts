import { LeakyBucket } from '../../nodes/Bitrix24/engine/rateLimiter';
// eslint-disable-next-line
const Old = require('/tmp/oldLimiter.ts').LeakyBucket;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function sim(kind: 'old' | 'new', latency: number, requests = 400, lanes = 4) {
	const limit = { burst: 50, drainPerSecond: 20 };
	const b = kind === 'new' ? new LeakyBucket(limit) : new Old(limit);
	// server bucket
	let level = 0, at = Date.now(), refused = 0, next = 0;
	const t0 = Date.now();
	await Promise.all(Array.from({ length: lanes }, async () => {
		while (next < requests) {
			next++;
			let release = () => {};
			if (kind === 'new') release = await b.acquire(async (ms: number) => { const u = Date.now() + ms; for (let l = ms; l > 0; l = u - Date.now()) await sleep(l); });
			else { const w = b.reserve(); const u = Date.now() + w; for (let l = w; l > 0; l = u - Date.now()) await sleep(l); }
			await sleep(latency / 2);
			const now = Date.now(); level = Math.max(0, level - (now - at) / 1000 * 20); at = now;
			if (level + 1 > 50) refused++; else level++;
			await sleep(latency / 2);
			release();
		}
	}));
	return { kind, latency, s: (Date.now() - t0) / 1000, bound: (requests - 50) / 20, refused };
}
if (process.env.TRACE) void trace(); else (async () => {
	for (const latency of [5, 40, 150]) for (const k of ['old', 'new'] as const) console.log(await sim(k, latency));
})();
export async function trace() {
	const b = new LeakyBucket({ burst: 50, drainPerSecond: 20 });
	let next = 0; const t0 = Date.now();
	const timer = setInterval(() => console.log(((Date.now() - t0) / 1000).toFixed(1), 'E', b.currentLevel().toFixed(2), 'pool', (b as any).level.toFixed(2), 'inflight', (b as any).inFlight.size, 'queue', (b as any).queue.length, 'sent', next), 500);
	await Promise.all(Array.from({ length: 4 }, async (_, lane) => {
		while (next < 120) {
			next++;
			const release = await b.acquire(async (ms: number) => { if (lane === 0 && next > 60 && next < 70) console.log('lane0 wait', ms, 'ahead', (b as any).queue.length); await sleep(ms); });
			await sleep(40);
			release();
		}
	}));
	clearInterval(timer);
}
