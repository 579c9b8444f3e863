import { describe, expect, it } from 'vitest';
import { countWithin } from '../../server/batching';

describe('countWithin', () => {
  const w = (x: number) => x;
  it('takes items while their total stays within the budget', () => {
    expect(countWithin([3, 3, 3, 3], 0, w, 9)).toBe(3);
    expect(countWithin([3, 3, 3, 3], 3, w, 9)).toBe(1);
  });
  it('always takes one item, even one over budget alone', () => {
    expect(countWithin([20, 1], 0, w, 9)).toBe(1);
    expect(countWithin([1, 20], 0, w, 9)).toBe(1);
  });
  it('takes nothing past the end', () => {
    expect(countWithin([1, 2], 2, w, 9)).toBe(0);
  });
});
