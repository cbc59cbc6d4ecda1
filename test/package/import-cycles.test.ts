/** Layers stay layers: no file of nodes/ or credentials/ imports itself back, not even for a type. */
import { importCycles, importGraph, moduleSpecifiers } from './import-graph';

it('reads every kind of import, type-only ones included', () => {
	const text = [
		"import type { A } from './a';",
		"import './b';",
		"export { C } from './c';",
		"export * from './d';",
		"type E = import('./e').E;",
		"const f = () => import('./f');",
		"import g = require('./g');",
	].join('\n');
	expect(moduleSpecifiers('x.ts', text)).toEqual(['./a', './b', './c', './d', './e', './f', './g']);
});

it('reports each import that closes a cycle, as a closed list of files', () => {
	const graph = new Map([
		['a.ts', ['b.ts']],
		['b.ts', ['a.ts', 'c.ts']],
		['c.ts', ['b.ts', 'd.ts']],
		['d.ts', ['d.ts']],
		['e.ts', ['a.ts']],
	]);
	expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([
		'a.ts -> b.ts -> a.ts',
		'b.ts -> c.ts -> b.ts',
		'd.ts -> d.ts',
	]);
});

it('has no import cycles among nodes/ and credentials/', () => {
	const graph = importGraph();
	const edges = [...graph.values()].reduce((sum, targets) => sum + targets.length, 0);
	expect(graph.size).toBeGreaterThan(20);
	expect(edges).toBeGreaterThan(graph.size);
	expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
});
