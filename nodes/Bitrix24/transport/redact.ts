/** Where secrets sit in URLs, query strings, JSON and headers, whatever their value. */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
	[/(\/rest\/\d+\/)[^/\s?#"']+/g, '$1***'],
	[/((?:auth|access_token|refresh_token|client_secret|code)=)[^&\s"']+/gi, '$1***'],
	[/("(?:auth|access_token|refresh_token|client_secret)"\s*:\s*")[^"]*/gi, '$1***'],
	[/(Bearer\s+)[A-Za-z0-9._~+/-]+=*/gi, '$1***'],
];

/**
 * Removes secrets from any text before it leaves the node. Known values are removed outright; the
 * patterns catch secrets we could not know in advance, such as a token refreshed mid-run.
 */
export function redact(text: string, secrets: readonly string[]): string {
	let clean = text;
	for (const secret of secrets) {
		if (secret) clean = clean.split(secret).join('***');
	}
	for (const [pattern, replacement] of SECRET_PATTERNS) {
		clean = clean.replace(pattern, replacement);
	}
	return clean;
}
