import { SqlParams } from './sql-params';

describe('SqlParams', () => {
  it('numbers placeholders in the order the values are added, after any initial values', () => {
    const p = new SqlParams(['study']);
    expect(p.add('site')).toBe('$2');
    expect(p.add(null)).toBe('$3');
    expect(p.values).toEqual(['study', 'site', null]);
  });

  it('copy() branches: values added to the copy do not reach the original', () => {
    const p = new SqlParams();
    p.add(1);
    const page = p.copy();
    expect(page.add(2)).toBe('$2');
    expect(p.values).toEqual([1]);
    expect(p.add(3)).toBe('$2');
    expect(page.values).toEqual([1, 2]);
  });
});
