// Cutting a queue into groups under a budget (statement parameters, mutations
// per transaction): always at least one item, so an item over budget alone
// still goes, in a group of its own.

/** How many items from `start` fit together within `budget` (at least one while any remain). */
export function countWithin<T>(
  items: readonly T[],
  start: number,
  weight: (item: T) => number,
  budget: number,
): number {
  let n = 0;
  let total = 0;
  while (start + n < items.length) {
    const w = weight(items[start + n]!);
    if (n > 0 && total + w > budget) break;
    total += w;
    n += 1;
  }
  return n;
}
