import type { Change, Condition } from '../table/persistence';

/**
 * A write's change and conditions (data) as DynamoDB update and condition expressions. Every
 * attribute name is aliased (#n0, #n1 ...) so that none can collide with DynamoDB's reserved
 * words (status, state and many more), and every value is a placeholder, never spliced into
 * the expression.
 */
export interface Expression {
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export function expression(
  change: Change | undefined,
  when: readonly Condition[] = [],
): Expression {
  const names = new Map<string, string>();
  const values: Record<string, unknown> = {};
  const name = (attribute: string): string => {
    let alias = names.get(attribute);
    if (!alias) names.set(attribute, (alias = `#n${names.size}`));
    return alias;
  };
  const value = (v: unknown): string => {
    const placeholder = `:v${Object.keys(values).length}`;
    values[placeholder] = v;
    return placeholder;
  };
  const condition = (c: Condition): string => {
    if ('anyOf' in c) return `(${c.anyOf.map(condition).join(' OR ')})`;
    if ('exists' in c) return `attribute_exists(${name(c.exists)})`;
    if ('absent' in c) return `attribute_not_exists(${name(c.absent)})`;
    return `${name(c.attribute)} ${c.is} ${value(c.value)}`;
  };

  const entries = <T>(r: Readonly<Record<string, T>> | undefined) => Object.entries(r ?? {});
  const sets = [
    ...entries(change?.set).map(([a, v]) => `${name(a)} = ${value(v)}`),
    ...entries(change?.append).map(([a, v]) => `${name(a)} = list_append(${name(a)}, ${value(v)})`),
  ];
  const adds = [
    ...entries(change?.add)
      .filter(([, d]) => d !== 0)
      .map(([a, d]) => `${name(a)} ${value(d)}`),
    ...entries(change?.addToSet)
      .filter(([, v]) => v.length > 0)
      .map(([a, v]) => `${name(a)} ${value(new Set(v))}`),
  ];
  const deletes = entries(change?.deleteFromSet)
    .filter(([, v]) => v.length > 0)
    .map(([a, v]) => `${name(a)} ${value(new Set(v))}`);
  const removes = (change?.remove ?? []).map(name);
  const clauses = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    adds.length ? `ADD ${adds.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
    deletes.length ? `DELETE ${deletes.join(', ')}` : '',
  ].filter(Boolean);
  if (change && clauses.length === 0)
    throw new Error('an update needs at least one SET, ADD, REMOVE or DELETE');

  const out: Expression = {};
  if (clauses.length) out.UpdateExpression = clauses.join(' ');
  if (when.length) out.ConditionExpression = when.map(condition).join(' AND ');
  if (names.size)
    out.ExpressionAttributeNames = Object.fromEntries([...names].map(([a, n]) => [n, a]));
  if (Object.keys(values).length) out.ExpressionAttributeValues = values;
  return out;
}
