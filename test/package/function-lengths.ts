/**
 * How long each function of the package is, measured on the syntax tree: from the line its code
 * starts on (leading comments left out) to the line it ends on. A nested function is measured on
 * its own and also counts inside its parent; a function in a table (an object literal's entry)
 * is measured like any other.
 */
import { readFileSync } from 'fs';
import { relative } from 'path';
import * as ts from 'typescript';
import { packageSourceFiles, ROOT } from './source-files';

export const MAX_FUNCTION_LINES = 40;

export interface FunctionLength {
	file: string;
	line: number;
	name: string;
	lines: number;
}

type FunctionLike =
	| ts.FunctionDeclaration
	| ts.MethodDeclaration
	| ts.FunctionExpression
	| ts.ArrowFunction
	| ts.ConstructorDeclaration
	| ts.GetAccessorDeclaration
	| ts.SetAccessorDeclaration;

function isFunctionLike(node: ts.Node): node is FunctionLike {
	return (
		ts.isFunctionDeclaration(node) ||
		ts.isMethodDeclaration(node) ||
		ts.isFunctionExpression(node) ||
		ts.isArrowFunction(node) ||
		ts.isConstructorDeclaration(node) ||
		ts.isGetAccessorDeclaration(node) ||
		ts.isSetAccessorDeclaration(node)
	);
}

/** Skips the wrappers that leave a value as it is: `( )`, `as`, `satisfies`, `!`. */
function outerParent(node: ts.Node): ts.Node {
	let parent = node.parent;
	while (
		ts.isParenthesizedExpression(parent) ||
		ts.isAsExpression(parent) ||
		ts.isSatisfiesExpression(parent) ||
		ts.isNonNullExpression(parent)
	) {
		parent = parent.parent;
	}
	return parent;
}

function qualified(owner: string | undefined, name: string): string {
	return owner === undefined ? name : `${owner}.${name}`;
}

/** What holds a class member or an object literal's entry: the class or the table's name. */
function ownerName(container: ts.Node): string | undefined {
	if (ts.isClassLike(container)) return container.name?.text;
	if (!ts.isObjectLiteralExpression(container) && !ts.isArrayLiteralExpression(container)) {
		return undefined;
	}
	const holder = outerParent(container);
	const suffix = ts.isArrayLiteralExpression(container) ? '[]' : '';
	if (ts.isArrayLiteralExpression(holder)) return `${ownerName(holder) ?? ''}[]`;
	if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) {
		return holder.name.text + suffix;
	}
	if (ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) {
		return qualified(ownerName(holder.parent), holder.name.getText()) + suffix;
	}
	return undefined;
}

function assignedName(fn: ts.FunctionExpression | ts.ArrowFunction): string {
	if (fn.name) return fn.name.text;
	const holder = outerParent(fn);
	if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
	if (ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) {
		return qualified(ownerName(holder.parent), holder.name.getText());
	}
	if (ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
		return holder.left.getText();
	}
	if (ts.isExportAssignment(holder)) return 'default';
	return '<anonymous>';
}

function functionName(fn: FunctionLike): string {
	if (ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) return assignedName(fn);
	if (ts.isFunctionDeclaration(fn)) return fn.name?.text ?? '<anonymous>';
	const owner = ownerName(fn.parent);
	if (ts.isConstructorDeclaration(fn)) return qualified(owner, 'constructor');
	const name = qualified(owner, fn.name.getText());
	if (ts.isGetAccessorDeclaration(fn)) return `get ${name}`;
	if (ts.isSetAccessorDeclaration(fn)) return `set ${name}`;
	return name;
}

/** Every function in one source text, in the order they start. */
export function measureFunctions(file: string, text: string): FunctionLength[] {
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
	const found: FunctionLength[] = [];
	const visit = (node: ts.Node): void => {
		if (isFunctionLike(node)) {
			const line = lineOf(node.getStart(source));
			const lines = lineOf(node.getEnd()) - line + 1;
			found.push({ file, line, name: functionName(node), lines });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

/** The package's functions over `max` lines, longest first. */
export function longFunctions(max = MAX_FUNCTION_LINES): FunctionLength[] {
	return packageSourceFiles()
		.flatMap((path) => measureFunctions(relative(ROOT, path), readFileSync(path, 'utf8')))
		.filter(({ lines }) => lines > max)
		.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

export function describeFunction({ file, line, name, lines }: FunctionLength): string {
	return `${file}:${line} ${name} ${lines} lines`;
}
