// Parses a SCIM filter (RFC 7644 §3.4.2.2) into a boolean tree whose leaves scimmy has parsed.
// Why not scimmy's Filter for the whole expression: it distributes `not` over a parenthesised
// group without De Morgan (`not (a or b)` becomes `not a or not b`, as its own docs show) and it
// accepts a dangling `or`. So the and/or/not/parenthesis structure is parsed here, bounded in
// length and clauses, and each comparison (`path op value`, including `emails[type eq "work"]`
// value filters) is handed to scimmy's Filter. Bad input is a SCIM 400 invalidFilter.
import { enterpriseColonForm } from './quirks/enterprise-dot-path.js';
import { SCIMMY, MAX_FILTER_CLAUSES, MAX_FILTER_LENGTH } from './schemas.js';

/** scimmy's representation of one comparison: an OR of AND-objects (see scimmy's Filter docs). */
export type ScimmyExpression = Record<string, unknown>[];

export type FilterNode =
  | { kind: 'and' | 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode }
  | { kind: 'leaf'; source: string; expression: ScimmyExpression };

type Token = { type: 'open' | 'close' } | { type: 'word'; text: string };

export function invalidFilter(message: string): Error {
  return new SCIMMY.Types.Error(400, 'invalidFilter', message);
}

export function parseFilter(source: string): FilterNode {
  if (typeof source !== 'string' || !source.trim()) throw invalidFilter('The filter is empty.');
  if (source.length > MAX_FILTER_LENGTH) throw invalidFilter(`The filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  const tokens = tokenize(source);
  const state = { tokens, pos: 0, clauses: 0 };
  const tree = parseOr(state);
  if (state.pos !== tokens.length) throw invalidFilter(`Unexpected "${describe(tokens[state.pos]!)}" in the filter.`);
  return tree;
}

interface State { tokens: Token[]; pos: number; clauses: number }

function parseOr(s: State): FilterNode {
  const children = [parseAnd(s)];
  while (isWord(s.tokens[s.pos], 'or')) { s.pos++; children.push(parseAnd(s)); }
  return children.length === 1 ? children[0]! : { kind: 'or', children };
}

function parseAnd(s: State): FilterNode {
  const children = [parseUnary(s)];
  while (isWord(s.tokens[s.pos], 'and')) { s.pos++; children.push(parseUnary(s)); }
  return children.length === 1 ? children[0]! : { kind: 'and', children };
}

function parseUnary(s: State): FilterNode {
  const t = s.tokens[s.pos];
  if (!t) throw invalidFilter('The filter ends where a comparison was expected.');
  if (isWord(t, 'not')) { s.pos++; return { kind: 'not', child: parseUnary(s) }; }
  if (t.type === 'open') {
    s.pos++;
    const inner = parseOr(s);
    if (s.tokens[s.pos]?.type !== 'close') throw invalidFilter('A "(" in the filter is not closed.');
    s.pos++;
    return inner;
  }
  return parseComparison(s);
}

const COMPARATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

function parseComparison(s: State): FilterNode {
  const token = s.tokens[s.pos];
  const path = token?.type === 'word' ? { ...token, text: enterpriseColonForm(token.text) } : token;
  const op = s.tokens[s.pos + 1];
  let source: string;
  if (path?.type === 'word' && path.text.endsWith(']') && (op === undefined || op.type === 'close' || isWord(op, 'and') || isWord(op, 'or'))) {
    // `emails[type eq "work"]` alone: a value filter on a multi-valued attribute.
    if (++s.clauses > MAX_FILTER_CLAUSES) throw invalidFilter(`The filter has more than ${MAX_FILTER_CLAUSES} comparisons.`);
    s.pos += 1;
    return { kind: 'leaf', source: path.text, expression: parseLeaf(path.text) };
  }
  if (path?.type !== 'word' || op?.type !== 'word') throw invalidFilter('A comparison needs an attribute path and an operator.');
  if (++s.clauses > MAX_FILTER_CLAUSES) throw invalidFilter(`The filter has more than ${MAX_FILTER_CLAUSES} comparisons.`);
  const operator = op.text.toLowerCase();
  if (operator === 'pr') {
    source = `${path.text} pr`;
    s.pos += 2;
  } else if (COMPARATORS.has(operator)) {
    const value = s.tokens[s.pos + 2];
    if (value?.type !== 'word') throw invalidFilter(`"${path.text} ${op.text}" needs a value.`);
    source = `${path.text} ${operator} ${value.text}`;
    s.pos += 3;
  } else {
    throw invalidFilter(`Unknown operator "${op.text}".`);
  }
  return { kind: 'leaf', source, expression: parseLeaf(source) };
}

const FORBIDDEN = /(^|[.[\s:])(__proto__|constructor|prototype)([.\]\s]|$)/i;

function parseLeaf(source: string): ScimmyExpression {
  if (FORBIDDEN.test(source)) throw invalidFilter(`"${source}" names no attribute.`);
  try {
    const parsed = [...new SCIMMY.Types.Filter(source)] as ScimmyExpression;
    if (parsed.length === 0) throw new Error('empty');
    return parsed;
  } catch (err) {
    if (err instanceof SCIMMY.Types.Error) throw err;
    throw invalidFilter(`"${source}" is not a valid comparison.`);
  }
}

/** Splits on whitespace and parentheses, keeping quoted strings and [...] value filters whole. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')') { tokens.push({ type: c === '(' ? 'open' : 'close' }); i++; continue; }
    let text = '';
    while (i < source.length && !/[\s()]/.test(source[i]!)) {
      const ch = source[i]!;
      if (ch === '"') { const end = endOfString(source, i); text += source.slice(i, end); i = end; continue; }
      if (ch === '[') { const end = endOfBracket(source, i); text += source.slice(i, end); i = end; continue; }
      text += ch; i++;
    }
    tokens.push({ type: 'word', text });
  }
  return tokens;
}

function endOfString(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') { i++; continue; }
    if (source[i] === '"') return i + 1;
  }
  throw invalidFilter('A quoted string in the filter is not closed.');
}

function endOfBracket(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '"') { i = endOfString(source, i) - 1; continue; }
    if (source[i] === '[') throw invalidFilter('Value filters cannot be nested.');
    if (source[i] === ']') return i + 1;
  }
  throw invalidFilter('A "[" in the filter is not closed.');
}

function isWord(t: Token | undefined, word: string): boolean {
  return t?.type === 'word' && t.text.toLowerCase() === word;
}

function describe(t: Token): string {
  return t.type === 'word' ? t.text : t.type === 'open' ? '(' : ')';
}
