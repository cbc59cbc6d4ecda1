/**
 * The README's code blocks that tests run or check. Each one follows a marker line naming it and
 * the test:
 *
 *   <!-- tested block: NAME (test/…) -->
 *   ```sh
 *   …
 *   ```
 *
 * so a test reads the very text a reader copies, and an edit of the block is what gets tested.
 */
export interface TestedBlock {
	/** The fence's language: `sh`, `yaml`. */
	language: string;
	code: string;
}

export function testedBlock(markdown: string, name: string): TestedBlock {
	const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const found = new RegExp(
		`<!-- tested block: ${escaped}\\b[^>]*-->\\n\`\`\`(\\w*)\\n([\\s\\S]*?)\\n\`\`\`\\n`,
	).exec(markdown);
	if (!found) throw new Error(`no code block after the marker "tested block: ${name}"`);
	return { language: found[1], code: found[2] };
}
