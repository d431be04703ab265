/**
 * Stable ascending order by a date key, skipping the sort when the input is already ordered
 * (the usual case for stored histories), so report runs stay linear.
 */
export function sortedByDate<T>(items: readonly T[], dateOf: (item: T) => string): { item: T; index: number }[] {
  const indexed = items.map((item, index) => ({ item, index }));
  for (let i = 1; i < indexed.length; i++) {
    if (dateOf(indexed[i - 1].item) > dateOf(indexed[i].item)) {
      return indexed.sort((a, b) => (dateOf(a.item) < dateOf(b.item) ? -1 : dateOf(a.item) > dateOf(b.item) ? 1 : a.index - b.index));
    }
  }
  return indexed;
}
