// Runs the lint of n8n's community-package scanner (`analyzePackage` from
// @n8n/scan-community-package) over one folder, the way the scanner runs it after its provenance
// check, and prints the verdict as JSON. A process of its own, because the scanner is an ES module
// and the tests run as CommonJS.
//
//   node test/package/scan-package.mjs source <source checkout>
//   node test/package/scan-package.mjs tarball <unpacked tarball>
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

// The scanner lints the attested source with SOURCE_FILE_PATTERNS (package.json, nodes/**,
// credentials/**) and the published tarball's compiled JavaScript and package.json.
const PATTERNS = { source: SOURCE_FILE_PATTERNS, tarball: ['**/*.js', 'package.json'] };

const [leg, folder] = process.argv.slice(2);
if (!PATTERNS[leg] || !folder) {
	process.stderr.write('usage: scan-package.mjs source|tarball <folder>\n');
	process.exit(2);
}
const { passed, message, details } = await analyzePackage(folder, PATTERNS[leg]);
process.stdout.write(JSON.stringify({ passed, message, details }));
