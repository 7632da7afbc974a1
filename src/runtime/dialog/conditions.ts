/**
 * The condition language of Lex V2 conditional branches (dg/paths-branching): comparisons
 * (= != < <= > >=), AND/&&, OR/||, NOT/!, CONTAINS, fn.IS_SET, fn.LENGTH, fn.COUNT, references
 * {slot}, [sessionAttribute], ((requestAttribute)), $.inputTranscript, $.inputMode, and string
 * or number literals. Strings compare case-insensitively; numbers numerically when both sides
 * are numbers. A reference to something unset makes the expression invalid: it is false.
 */

export interface ConditionContext {
  /** Slot values (interpretedValue); a multi-valued slot has several. Missing = unset. */
  slot(name: string): readonly string[] | undefined;
  sessionAttribute(name: string): string | undefined;
  requestAttribute(name: string): string | undefined;
  /** `$.inputTranscript`, `$.inputMode`, ... */
  path(path: string): string | undefined;
}

export class ConditionSyntaxError extends Error {
  constructor(expression: string, detail: string) {
    super(`Invalid condition "${expression}": ${detail}`);
    this.name = 'ConditionSyntaxError';
  }
}

/** Thrown while evaluating when a reference is unset: the condition is invalid, so false. */
class UnsetReference extends Error {}

type Token =
  | { kind: 'op'; value: string }
  | { kind: 'paren'; value: '(' | ')' }
  | { kind: 'ref'; ref: Ref }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'fn'; name: 'IS_SET' | 'LENGTH' | 'COUNT' };

type Ref =
  | { type: 'slot'; name: string }
  | { type: 'session'; name: string }
  | { type: 'request'; name: string }
  | { type: 'path'; path: string };

type Node =
  | { kind: 'or' | 'and'; left: Node; right: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'compare'; op: string; left: Node; right: Node }
  | { kind: 'ref'; ref: Ref }
  | { kind: 'literal'; value: string | number }
  | { kind: 'fn'; name: 'IS_SET' | 'LENGTH' | 'COUNT'; ref: Ref };

const COMPARATORS = ['<=', '>=', '!=', '=', '<', '>'];

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const fail = (detail: string): never => {
    throw new ConditionSyntaxError(expression, detail);
  };
  let i = 0;
  while (i < expression.length) {
    const rest = expression.slice(i);
    const ch = expression[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^\(\(\s*([A-Za-z0-9_.:-]+)\s*\)\)/))) {
      tokens.push({ kind: 'ref', ref: { type: 'request', name: m[1] ?? '' } });
    } else if ((m = rest.match(/^\{\s*([A-Za-z0-9_.]+)\s*\}/))) {
      const name = m[1] ?? '';
      // {Intent.Slot}: the slot of the named intent; the runtime only knows the current one.
      tokens.push({ kind: 'ref', ref: { type: 'slot', name: name.split('.').pop() ?? name } });
    } else if ((m = rest.match(/^\[\s*([^\]]+?)\s*\]/))) {
      tokens.push({ kind: 'ref', ref: { type: 'session', name: m[1] ?? '' } });
    } else if ((m = rest.match(/^\$\.([A-Za-z0-9_.[\]]+)/))) {
      tokens.push({ kind: 'ref', ref: { type: 'path', path: m[1] ?? '' } });
    } else if ((m = rest.match(/^fn\.(IS_SET|LENGTH|COUNT)\b/i))) {
      tokens.push({ kind: 'fn', name: (m[1] ?? '').toUpperCase() as 'IS_SET' });
    } else if ((m = rest.match(/^(AND|OR|NOT|CONTAINS)\b/i))) {
      tokens.push({ kind: 'op', value: (m[1] ?? '').toUpperCase() });
    } else if ((m = rest.match(/^(&&|\|\|)/))) {
      tokens.push({ kind: 'op', value: m[1] === '&&' ? 'AND' : 'OR' });
    } else if ((m = rest.match(/^(<=|>=|!=|==|=|<|>)/))) {
      tokens.push({ kind: 'op', value: m[1] === '==' ? '=' : (m[1] ?? '') });
    } else if (ch === '!') {
      tokens.push({ kind: 'op', value: 'NOT' });
      m = ['!'] as RegExpMatchArray;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: 'paren', value: ch });
      m = [ch] as RegExpMatchArray;
    } else if ((m = rest.match(/^"((?:[^"\\]|\\.)*)"|^'((?:[^'\\]|\\.)*)'/))) {
      tokens.push({ kind: 'string', value: (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1') });
    } else if ((m = rest.match(/^-?\d+(?:\.\d+)?/))) {
      tokens.push({ kind: 'number', value: Number(m[0]) });
    } else {
      fail(`unexpected "${rest.slice(0, 12)}" at ${i}`);
    }
    i += (m?.[0] ?? ' ').length;
  }
  return tokens;
}

function parse(expression: string): Node {
  const tokens = tokenize(expression);
  let pos = 0;
  const fail = (detail: string): never => {
    throw new ConditionSyntaxError(expression, detail);
  };
  const peek = () => tokens[pos];
  const isOp = (value: string) => {
    const t = peek();
    return t?.kind === 'op' && t.value === value;
  };

  const orExpr = (): Node => {
    let left = andExpr();
    while (isOp('OR')) {
      pos += 1;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): Node => {
    let left = notExpr();
    while (isOp('AND')) {
      pos += 1;
      left = { kind: 'and', left, right: notExpr() };
    }
    return left;
  };
  const notExpr = (): Node => {
    if (isOp('NOT')) {
      pos += 1;
      return { kind: 'not', operand: notExpr() };
    }
    return comparison();
  };
  const comparison = (): Node => {
    const left = operand();
    const t = peek();
    if (t?.kind === 'op' && (COMPARATORS.includes(t.value) || t.value === 'CONTAINS')) {
      pos += 1;
      return { kind: 'compare', op: t.value, left, right: operand() };
    }
    return left;
  };
  const refInParens = (): Ref => {
    const open = tokens[pos];
    const ref = tokens[pos + 1];
    const close = tokens[pos + 2];
    if (open?.kind !== 'paren' || open.value !== '(' || ref?.kind !== 'ref') {
      return fail('a function takes one reference, like fn.IS_SET({Slot})');
    }
    if (close?.kind !== 'paren' || close.value !== ')') return fail('missing ) after function');
    pos += 3;
    return ref.ref;
  };
  const operand = (): Node => {
    const t = peek();
    if (!t) return fail('unexpected end of expression');
    pos += 1;
    switch (t.kind) {
      case 'paren': {
        if (t.value !== '(') return fail('unexpected )');
        const inner = orExpr();
        const close = peek();
        if (close?.kind !== 'paren' || close.value !== ')') return fail('missing )');
        pos += 1;
        return inner;
      }
      case 'ref':
        return { kind: 'ref', ref: t.ref };
      case 'string':
      case 'number':
        return { kind: 'literal', value: t.value };
      case 'fn':
        return { kind: 'fn', name: t.name, ref: refInParens() };
      default:
        return fail(`unexpected ${t.value}`);
    }
  };

  const tree = orExpr();
  if (pos !== tokens.length) fail('unexpected text after the expression');
  return tree;
}

type Value = string | number | boolean | readonly string[];

function lookup(ref: Ref, context: ConditionContext): readonly string[] | undefined {
  switch (ref.type) {
    case 'slot':
      return context.slot(ref.name);
    case 'session': {
      const v = context.sessionAttribute(ref.name);
      return v === undefined ? undefined : [v];
    }
    case 'request': {
      const v = context.requestAttribute(ref.name);
      return v === undefined ? undefined : [v];
    }
    case 'path': {
      const v = context.path(ref.path);
      return v === undefined ? undefined : [v];
    }
  }
}

function evaluate(node: Node, context: ConditionContext): Value {
  switch (node.kind) {
    case 'or':
      return truthy(evaluate(node.left, context)) || truthy(evaluate(node.right, context));
    case 'and':
      return truthy(evaluate(node.left, context)) && truthy(evaluate(node.right, context));
    case 'not':
      return !truthy(evaluate(node.operand, context));
    case 'literal':
      return node.value;
    case 'ref': {
      const values = lookup(node.ref, context);
      if (values === undefined || values.length === 0) throw new UnsetReference();
      return values.length === 1 ? (values[0] ?? '') : values;
    }
    case 'fn': {
      const values = lookup(node.ref, context);
      if (node.name === 'IS_SET') return values !== undefined && values.length > 0;
      if (node.name === 'COUNT') return values?.length ?? 0;
      if (values === undefined || values.length === 0) throw new UnsetReference();
      return values.join(',').length;
    }
    case 'compare':
      return compare(node.op, evaluate(node.left, context), evaluate(node.right, context));
  }
}

function truthy(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  // A bare reference or literal is not a condition.
  throw new UnsetReference();
}

function asText(value: Value): string {
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

function asNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function compare(op: string, left: Value, right: Value): boolean {
  if (op === 'CONTAINS') {
    const needle = asText(right).toLowerCase();
    if (Array.isArray(left)) return left.some((v) => v.toLowerCase() === needle);
    return asText(left).toLowerCase().includes(needle);
  }
  const ln = asNumber(left);
  const rn = asNumber(right);
  let order: number;
  if (ln !== undefined && rn !== undefined) {
    order = ln - rn;
  } else {
    const ls = asText(left).toLowerCase();
    const rs = asText(right).toLowerCase();
    order = ls < rs ? -1 : ls > rs ? 1 : 0;
  }
  switch (op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

const cache = new Map<string, Node>();

/** Parses (once, cached) and checks an expression; throws ConditionSyntaxError when malformed. */
export function parseCondition(expression: string): void {
  compile(expression);
}

function compile(expression: string): Node {
  let node = cache.get(expression);
  if (!node) {
    node = parse(expression);
    cache.set(expression, node);
  }
  return node;
}

/** Evaluates a condition; false when it refers to something unset (Lex: invalid expression). */
export function evaluateCondition(expression: string, context: ConditionContext): boolean {
  const node = compile(expression);
  try {
    const value = evaluate(node, context);
    return typeof value === 'boolean' ? value : false;
  } catch (error) {
    if (error instanceof UnsetReference) return false;
    throw error;
  }
}
