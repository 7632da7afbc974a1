/**
 * A small builder for DynamoDB update and condition expressions. Every attribute name is
 * aliased (#n0, #n1 ...) so that none can collide with DynamoDB's reserved words (status, state
 * and many more), and every value is a placeholder, never spliced into the expression.
 */
type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export interface Expression {
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export class ExpressionBuilder {
  private readonly names = new Map<string, string>();
  private readonly values: Record<string, unknown> = {};
  private readonly sets: string[] = [];
  private readonly adds: string[] = [];
  private readonly removes: string[] = [];
  private readonly deletes: string[] = [];
  private readonly conditions: string[] = [];

  set(attr: string, value: unknown): this {
    this.sets.push(`${this.name(attr)} = ${this.value(value)}`);
    return this;
  }

  append(attr: string, items: readonly unknown[]): this {
    const n = this.name(attr);
    this.sets.push(`${n} = list_append(${n}, ${this.value(items)})`);
    return this;
  }

  /** Adds to a number (negative to subtract). Zero deltas are skipped. */
  add(attr: string, delta: number): this {
    if (delta !== 0) this.adds.push(`${this.name(attr)} ${this.value(delta)}`);
    return this;
  }

  /** Adds the values to a string set (created when missing). */
  addToSet(attr: string, values: readonly string[]): this {
    if (values.length > 0) this.adds.push(`${this.name(attr)} ${this.value(new Set(values))}`);
    return this;
  }

  /** Takes the values out of a string set (DynamoDB drops the set once it is empty). */
  deleteFromSet(attr: string, values: readonly string[]): this {
    if (values.length > 0) this.deletes.push(`${this.name(attr)} ${this.value(new Set(values))}`);
    return this;
  }

  remove(...attrs: string[]): this {
    for (const a of attrs) this.removes.push(this.name(a));
    return this;
  }

  where(attr: string, op: Comparator, value: unknown): this {
    this.conditions.push(`${this.name(attr)} ${op} ${this.value(value)}`);
    return this;
  }

  whereExists(attr: string): this {
    this.conditions.push(`attribute_exists(${this.name(attr)})`);
    return this;
  }

  whereNotExists(attr: string): this {
    this.conditions.push(`attribute_not_exists(${this.name(attr)})`);
    return this;
  }

  /** For an Update: there must be something to update. */
  buildUpdate(): Expression & { UpdateExpression: string } {
    const built = this.build();
    if (!built.UpdateExpression)
      throw new Error('an update needs at least one SET, ADD, REMOVE or DELETE');
    return built as Expression & { UpdateExpression: string };
  }

  build(): Expression {
    const clauses = [
      this.sets.length ? `SET ${this.sets.join(', ')}` : '',
      this.adds.length ? `ADD ${this.adds.join(', ')}` : '',
      this.removes.length ? `REMOVE ${this.removes.join(', ')}` : '',
      this.deletes.length ? `DELETE ${this.deletes.join(', ')}` : '',
    ].filter(Boolean);
    const out: Expression = {};
    if (clauses.length) out.UpdateExpression = clauses.join(' ');
    if (this.conditions.length) out.ConditionExpression = this.conditions.join(' AND ');
    if (this.names.size) out.ExpressionAttributeNames = Object.fromEntries(this.names);
    if (Object.keys(this.values).length) out.ExpressionAttributeValues = this.values;
    return out;
  }

  private name(attr: string): string {
    for (const [alias, name] of this.names) if (name === attr) return alias;
    const alias = `#n${this.names.size}`;
    this.names.set(alias, attr);
    return alias;
  }

  private value(v: unknown): string {
    const placeholder = `:v${Object.keys(this.values).length}`;
    this.values[placeholder] = v;
    return placeholder;
  }
}

export const expr = (): ExpressionBuilder => new ExpressionBuilder();
