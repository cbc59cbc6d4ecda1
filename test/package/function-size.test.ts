/** Small functions with one job: none in nodes/ or credentials/ runs past 40 lines. */
import {
	describeFunction,
	longFunctions,
	MAX_FUNCTION_LINES,
	measureFunctions,
} from './function-lengths';

it('measures each function from its first line of code to its last, nested ones on their own', () => {
	const text = [
		'/** Not counted. */',
		'export function outer(): void {',
		'\tconst inner = () => {',
		'\t\treturn 1;',
		'\t};',
		'\tinner();',
		'}',
		'export const TABLE = {',
		'\trun: (x: number) =>',
		'\t\tx + 1,',
		'\tstop() {},',
		'};',
		'class Gate {',
		'\tconstructor() {}',
		'\tget open() {',
		'\t\treturn true;',
		'\t}',
		'}',
		'[1].map(function () {});',
	].join('\n');
	expect(measureFunctions('x.ts', text).map(describeFunction)).toEqual([
		'x.ts:2 outer 6 lines',
		'x.ts:3 inner 3 lines',
		'x.ts:9 TABLE.run 2 lines',
		'x.ts:11 TABLE.stop 1 lines',
		'x.ts:14 Gate.constructor 1 lines',
		'x.ts:15 get Gate.open 3 lines',
		'x.ts:19 <anonymous> 1 lines',
	]);
});

it(`keeps every function in nodes/ and credentials/ within ${MAX_FUNCTION_LINES} lines`, () => {
	expect(longFunctions().map(describeFunction)).toEqual([]);
});
