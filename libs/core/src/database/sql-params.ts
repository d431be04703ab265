/**
 * The one way to build parameterised SQL with a variable number of values: `add(value)` keeps the value and
 * returns its placeholder `$n`, so a placeholder and its value can never drift apart (STYLE.md "SQL in one
 * style"). Start from values already numbered ($1…$k) to append after them; `copy()` branches a query
 * (e.g. the same filters with a page cursor added) without touching the original.
 */
export class SqlParams {
  private readonly list: unknown[];

  constructor(initial: readonly unknown[] = []) {
    this.list = [...initial];
  }

  /** Keeps `value` and returns its placeholder (`$1`, `$2`, …). */
  add(value: unknown): string {
    this.list.push(value);
    return `$${this.list.length}`;
  }

  /** The values, in placeholder order: the second argument of `query(sql, …)`. */
  get values(): unknown[] {
    return [...this.list];
  }

  copy(): SqlParams {
    return new SqlParams(this.list);
  }
}
