/** What `npm start` and `npm run start:queue` print: their steps, and the ready banner's frame. */
const RULE = '━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━';

export const step = (message: string) => console.log(`\n▶ ${message}`);

/** The banner shown once n8n is ready: its lines between two rules, ending with how to stop. */
export function framedBanner(lines: string[]): string {
	return ['', RULE, ...lines, '', ' Stop with Ctrl-C.', RULE].join('\n');
}
