import fc from 'fast-check';
import { addDays } from '../dates';
import { ParticipantHistory } from '../history';
import { loadBuiltInProtocols } from '../protocol/built-in-protocols';
import { decideInterval } from './interval-decision';
import { variant } from './test-helpers';

// All bundled protocols plus PDNMS with A3(b) shortening enabled.
const protocols = [
  ...loadBuiltInProtocols(),
  variant('pdnms', (doc) => (doc.dosing.rules.find((r: { id: string }) => r.id === 'P1b').enabled = true)),
];

const base = '2024-01-01';
const day = (n: number) => addDays(base, n);

/** Random history over ~5 years: infusion gaps 3–10 weeks (+/- a few days), troughs, activity, decisions. */
const historyArb = fc
  .record({
    gaps: fc.array(fc.integer({ min: 21, max: 72 }), { minLength: 0, maxLength: 50 }),
    troughs: fc.array(
      fc.record({
        d: fc.integer({ min: 0, max: 1900 }),
        v: fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: undefined }),
        lloq: fc.boolean(),
      }),
      { maxLength: 40 },
    ),
    relapses: fc.array(fc.integer({ min: 0, max: 1900 }), { maxLength: 3 }),
    mri: fc.array(
      fc.record({ d: fc.integer({ min: 0, max: 1900 }), t2: fc.integer({ min: 0, max: 2 }), gd: fc.integer({ min: 0, max: 1 }) }),
      { maxLength: 8 },
    ),
    decisions: fc.array(fc.record({ d: fc.integer({ min: 0, max: 1900 }), w: fc.integer({ min: 2, max: 12 }) }), { maxLength: 6 }),
  })
  .map(({ gaps, troughs, relapses, mri, decisions }): ParticipantHistory => {
    let t = 0;
    const infusions = [{ date: day(0) }, ...gaps.map((g) => ({ date: day((t += g)) }))];
    return {
      infusions,
      troughs: troughs.map((x) =>
        x.v !== undefined ? { date: day(x.d), ugPerMl: x.v } : x.lloq ? { date: day(x.d), belowLloq: true } : { date: day(x.d) },
      ),
      relapses: relapses.map((d) => ({ onset: day(d) })),
      mri: mri.map((m) => ({ date: day(m.d), newOrEnlargingT2: m.t2, gadoliniumEnhancing: m.gd })),
      decisions: decisions.map((x) => ({ date: day(x.d), intervalWeeks: x.w })),
    };
  });

const asOfArb = fc.integer({ min: 0, max: 2000 }).map(day);
const protocolArb = fc.constantFrom(...protocols);

function shuffled<T>(xs: T[] | undefined, seed: number): T[] | undefined {
  if (!xs) return xs;
  const a = xs.slice();
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe('decideInterval — properties', () => {
  it('next interval is always within the protocol bounds [min, max] (protocols.md P2/A6, A3 "never below 4")', () => {
    fc.assert(
      fc.property(protocolArb, historyArb, asOfArb, (p, hist, asOf) => {
        const d = decideInterval(p, hist, asOf);
        return d.nextIntervalWeeks >= p.dosing.minIntervalWeeks.value && d.nextIntervalWeeks <= p.dosing.maxIntervalWeeks.value;
      }),
      { numRuns: 400 },
    );
  });

  it('the decision does not depend on the order in which the history arrives', () => {
    fc.assert(
      fc.property(protocolArb, historyArb, asOfArb, fc.integer(), (p, hist, asOf, seed) => {
        const a = decideInterval(p, hist, asOf);
        const b = decideInterval(
          p,
          {
            infusions: shuffled(hist.infusions, seed)!,
            troughs: shuffled(hist.troughs, seed + 1),
            relapses: shuffled(hist.relapses, seed + 2),
            mri: shuffled(hist.mri, seed + 3),
            decisions: shuffled(hist.decisions, seed + 4),
          },
          asOf,
        );
        expect(b).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  it('data dated after asOf never changes the decision', () => {
    fc.assert(
      fc.property(protocolArb, historyArb, asOfArb, historyArb, (p, hist, asOf, later) => {
        const after = (d: string) => d > asOf;
        const merged: ParticipantHistory = {
          infusions: [...hist.infusions, ...later.infusions.filter((x) => after(x.date))],
          troughs: [...(hist.troughs ?? []), ...(later.troughs ?? []).filter((x) => after(x.date))],
          relapses: [...(hist.relapses ?? []), ...(later.relapses ?? []).filter((x) => after(x.onset))],
          mri: [...(hist.mri ?? []), ...(later.mri ?? []).filter((x) => after(x.date))],
          decisions: [...(hist.decisions ?? []), ...(later.decisions ?? []).filter((x) => after(x.date))],
        };
        expect(decideInterval(p, merged, asOf)).toEqual(decideInterval(p, hist, asOf));
      }),
      { numRuns: 200 },
    );
  });
});

describe('decideInterval — performance (task brief: ≥ 2,000 decisions/s on 5-year histories)', () => {
  it('2,000 decisions on ~50-infusion histories in well under a second', () => {
    const pdnms = protocols[0];
    const hist: ParticipantHistory = {
      infusions: Array.from({ length: 50 }, (_, i) => ({ date: day(i * 35) })),
      troughs: Array.from({ length: 50 }, (_, i) => ({ date: day(i * 35), ugPerMl: 10 + (i % 12) })),
      mri: Array.from({ length: 20 }, (_, i) => ({ date: day(i * 91), newOrEnlargingT2: 0, gadoliniumEnhancing: 0 })),
      decisions: Array.from({ length: 25 }, (_, i) => ({ date: day(i * 70), intervalWeeks: 5 })),
    };
    decideInterval(pdnms, hist, day(1750)); // warm-up
    // CPU time of this process, not wall time: other jest workers share the machine.
    const t0 = process.cpuUsage();
    for (let i = 0; i < 2000; i++) decideInterval(pdnms, hist, day(1700 + (i % 50)));
    const used = process.cpuUsage(t0);
    const ms = (used.user + used.system) / 1000;
    expect(ms).toBeLessThan(1000);
  });
});

describe('decideInterval — order independence, shrunk counterexample', () => {
  // fast-check found it: two MRIs on the same day listed in the other order changed the reasons' event order.
  it('lists same-day activity events in one order whatever the input order', () => {
    const pdnms = loadBuiltInProtocols().find((p) => p.id === 'pdnms')!;
    const mriA = { date: '2028-02-10', newOrEnlargingT2: 1, gadoliniumEnhancing: 0 };
    const mriB = { date: '2028-02-10', newOrEnlargingT2: 2, gadoliniumEnhancing: 0 };
    const h = (mri: (typeof mriA)[]): ParticipantHistory => ({
      infusions: [{ date: '2024-01-01' }],
      troughs: [],
      relapses: [],
      mri,
      decisions: [],
    });
    const a = decideInterval(pdnms, h([mriA, mriB]), '2028-02-10');
    const b = decideInterval(pdnms, h([mriB, mriA]), '2028-02-10');
    expect(a.decision).toBe('ACTIVITY_REVIEW');
    expect(b).toEqual(a);
  });
});
