import { cdpThreshold, validateEdss } from './edss';

describe('validateEdss — outcomes.md §5: 0.0, 1.0, 1.5, … 10.0', () => {
  it.each<[unknown, boolean, string | undefined]>([
    [0, true, undefined],
    [0.5, false, 'HALF_NOT_A_SCORE'], // §5: "0.5 itself is not a valid score [memory]"
    [1, true, undefined],
    [1.5, true, undefined],
    [1.25, false, 'NOT_A_HALF_STEP'],
    [5.5, true, undefined],
    [9.5, true, undefined],
    [10, true, undefined],
    [10.5, false, 'OUT_OF_RANGE'],
    [-0.5, false, 'OUT_OF_RANGE'],
    [Number.NaN, false, 'NOT_A_NUMBER'],
    ['3.0', false, 'NOT_A_NUMBER'],
  ])('%p → valid %s (%s)', (score, valid, reason) => {
    const v = validateEdss(score);
    expect(v.valid).toBe(valid);
    expect(v.reason).toBe(reason);
  });
  it('allowHalf admits 0.5 (data sets that use it)', () => expect(validateEdss(0.5, { allowHalf: true }).valid).toBe(true));
});

describe('cdpThreshold — outcomes.md §5 table', () => {
  it.each([
    [0, 1.5, 'baseline 0.0 → ≥ 1.5'],
    [1, 1.0, '1.0 – 5.5 → ≥ 1.0'],
    [5.5, 1.0, '5.5 upper edge → ≥ 1.0'],
    [6, 0.5, '≥ 6.0 → ≥ 0.5'],
    [9.5, 0.5, '≥ 6.0 → ≥ 0.5'],
  ])('baseline %d → %d (%s)', (baseline, threshold) => expect(cdpThreshold(baseline)).toBe(threshold));
});
