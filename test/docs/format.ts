/** How the generated tables write values for people. */
import type { INodeProperties } from 'n8n-workflow';

/** A whole number with thousands separators: 10,000. */
export const count = (value: number) => value.toLocaleString('en-US');

/** A figure rounded to the given digits: 1.06. */
export const fixed = (value: number, digits: number) => value.toFixed(digits);

export const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)} %`;

/** Text safe inside a Markdown table cell. */
export const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');

export function table(header: string[], align: Array<'left' | 'right'>, rows: string[][]): string {
	return [
		`| ${header.join(' | ')} |`,
		`|${align.map((side) => (side === 'right' ? '---:' : '---')).join('|')}|`,
		...rows.map((row) => `| ${row.join(' | ')} |`),
	].join('\n');
}

/** The unit a parameter's display name gives, as "Timeout (Ms)" does. */
const UNITS: Record<string, string> = { Seconds: 's', Minutes: 'min', Ms: 'ms' };

/** A parameter's default as the editor shows it, in words: "on", "120 s", "Standard (…)", "–". */
export function defaultOf(property: INodeProperties): string {
	const value = property.default;
	if (property.type === 'boolean') return value === true ? 'on' : 'off';
	if (property.type === 'options') {
		const chosen = property.options?.find((option) => 'value' in option && option.value === value);
		return chosen ? chosen.name : String(value);
	}
	if (property.type === 'number' && typeof value === 'number') {
		const unit = UNITS[/\((\w+)\)$/.exec(property.displayName)?.[1] ?? ''];
		return unit ? `${count(value)} ${unit}` : count(value);
	}
	return value === '' || value === undefined || value === null ? '–' : `\`${String(value)}\``;
}
