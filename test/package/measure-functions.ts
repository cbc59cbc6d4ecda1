/**
 * Prints every function of nodes/ and credentials/ over 40 lines, longest first:
 * `npx ts-node --transpile-only test/package/measure-functions.ts`.
 */
import { describeFunction, longFunctions, MAX_FUNCTION_LINES } from './function-lengths';

const found = longFunctions();
for (const fn of found) console.log(describeFunction(fn));
console.log(`${found.length} function(s) over ${MAX_FUNCTION_LINES} lines`);
