/** The report's chart as an SVG image: one horizontal bar a phase, with the target as a line. */
const escape = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function barChartSvg(rows: Array<{ label: string; value: number }>, target: number): string {
	const labelWidth = 430;
	const barWidth = 360;
	const rowHeight = 26;
	const top = 40;
	const scaleMax = Math.max(target * 1.2, ...rows.map((row) => row.value));
	const x = (value: number) => labelWidth + (value / scaleMax) * barWidth;
	const height = top + rows.length * rowHeight + 30;
	const width = labelWidth + barWidth + 70;
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
		`<rect width="${width}" height="${height}" fill="#ffffff"/>`,
		`<text x="10" y="20" font-size="14" font-weight="bold">Wall time / least time any client needs (lower is better; 1.00 is the bound)</text>`,
	];
	rows.forEach((row, index) => {
		const y = top + index * rowHeight;
		const over = row.value > target;
		parts.push(
			`<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escape(row.label)}</text>`,
			`<rect x="${labelWidth}" y="${y + 4}" width="${(x(row.value) - labelWidth).toFixed(1)}" height="${rowHeight - 8}" fill="${over ? '#d9534f' : '#3a7bd5'}"/>`,
			`<text x="${(x(row.value) + 4).toFixed(1)}" y="${y + 16}">${row.value.toFixed(2)}</text>`,
		);
	});
	const bottom = top + rows.length * rowHeight;
	for (const [value, colour, dash] of [
		[1, '#333333', ''],
		[target, '#d9534f', ' stroke-dasharray="4 3"'],
	] as const) {
		parts.push(
			`<line x1="${x(value).toFixed(1)}" y1="${top - 4}" x2="${x(value).toFixed(1)}" y2="${bottom + 4}" stroke="${colour}"${dash}/>`,
			`<text x="${x(value).toFixed(1)}" y="${bottom + 18}" text-anchor="middle" fill="${colour}">${value.toFixed(2)}</text>`,
		);
	}
	parts.push('</svg>', '');
	return parts.join('\n');
}
