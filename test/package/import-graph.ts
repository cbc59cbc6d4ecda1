/**
 * Which package file imports which, type-only imports included, and the cycles among them.
 * A cycle is reported once for each import edge inside a strongly connected component (Tarjan),
 * as the shortest way back along that edge, so every import that closes a cycle shows up.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { dirname, relative, resolve } from 'path';
import * as ts from 'typescript';
import { packageSourceFiles, ROOT } from './source-files';

export type Graph = Map<string, string[]>;

/** The module specifiers one source text names: imports, re-exports, `import()` and `require()`. */
export function moduleSpecifiers(file: string, text: string): string[] {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const found: string[] = [];
	const add = (node: ts.Node | undefined) => {
		if (node && ts.isStringLiteralLike(node)) found.push(node.text);
	};
	const visit = (node: ts.Node): void => {
		if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
		else if (ts.isImportEqualsDeclaration(node)) {
			if (ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
		} else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
			add(node.argument.literal);
		} else if (ts.isCallExpression(node)) {
			const callee = node.expression;
			const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
			if (callee.kind === ts.SyntaxKind.ImportKeyword || isRequire) add(node.arguments[0]);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

/** The file a relative specifier names: `x.ts` or `x/index.ts`; undefined for anything else. */
export function resolveSpecifier(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
	const candidates = [base, `${base}.ts`, resolve(base, 'index.ts')];
	return candidates.find(
		(path) => path.endsWith('.ts') && existsSync(path) && statSync(path).isFile(),
	);
}

/** The package's import graph, keyed by paths relative to the repository root. */
export function importGraph(files = packageSourceFiles()): Graph {
	const graph: Graph = new Map();
	for (const path of files) {
		const targets = moduleSpecifiers(path, readFileSync(path, 'utf8'))
			.map((specifier) => resolveSpecifier(path, specifier))
			.filter((target): target is string => target !== undefined && files.includes(target))
			.map((target) => relative(ROOT, target));
		graph.set(relative(ROOT, path), [...new Set(targets)].sort());
	}
	return graph;
}

/** Tarjan's strongly connected components, each listed in the graph's key order. */
export function stronglyConnected(graph: Graph): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const components: string[][] = [];
	const connect = (node: string): void => {
		index.set(node, index.size);
		low.set(node, index.get(node)!);
		stack.push(node);
		onStack.add(node);
		for (const next of graph.get(node) ?? []) {
			if (!index.has(next)) connect(next);
			if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, low.get(next)!));
		}
		if (low.get(node) !== index.get(node)) return;
		const component: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			component.push(member);
		} while (member !== node);
		components.push(component);
	};
	for (const node of graph.keys()) if (!index.has(node)) connect(node);
	return components;
}

/** The shortest path from `start` to `goal` inside `within`, both ends included. */
function shortestPath(graph: Graph, start: string, goal: string, within: Set<string>): string[] {
	const cameFrom = new Map<string, string>([[start, start]]);
	const queue = [start];
	while (queue.length > 0 && !cameFrom.has(goal)) {
		const node = queue.shift()!;
		for (const next of graph.get(node) ?? []) {
			if (within.has(next) && !cameFrom.has(next)) {
				cameFrom.set(next, node);
				queue.push(next);
			}
		}
	}
	const path = [goal];
	while (path[0] !== start) path.unshift(cameFrom.get(path[0])!);
	return path;
}

/** Starts a closed cycle (`a, b, a`) at its smallest file, so the same cycle reads the same. */
function rotated(cycle: string[]): string[] {
	const open = cycle.slice(0, -1);
	const first = open.indexOf([...open].sort()[0]);
	const turned = [...open.slice(first), ...open.slice(0, first)];
	return [...turned, turned[0]];
}

/** Cycles as closed lists of files (`a, b, a`), one through every import inside a component. */
export function importCycles(graph: Graph): string[][] {
	const cycles = new Map<string, string[]>();
	for (const component of stronglyConnected(graph)) {
		const members = new Set(component);
		for (const from of component) {
			for (const to of graph.get(from) ?? []) {
				if (!members.has(to)) continue;
				const cycle = rotated([from, ...shortestPath(graph, to, from, members)]);
				cycles.set(cycle.join(' -> '), cycle);
			}
		}
	}
	return [...cycles.keys()].sort().map((key) => cycles.get(key)!);
}
