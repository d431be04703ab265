import { addWeeks, daysBetween, findProtocol } from '@eid/domain';
import { buildDemoPlan, troughAt } from './demo-plan';

const protocol = findProtocol('pdnms', '1')!;
const today = '2026-11-25';

describe('buildDemoPlan', () => {
  const plan = buildDemoPlan({ protocol, today });

  it('is deterministic for a seed', () => {
    expect(buildDemoPlan({ protocol, today })).toEqual(plan);
    expect(buildDemoPlan({ protocol, today, seed: 2 })).not.toEqual(plan);
  });

  it('gives each site 8 enrolled participants with 1–3 years of history and 1 candidate in screening', () => {
    for (const site of ['AMS', 'RTM', 'NMG']) {
      const here = plan.filter((p) => p.siteCode === site);
      expect(here.filter((p) => p.consentDate)).toHaveLength(8);
      expect(here.filter((p) => !p.consentDate)).toHaveLength(1);
      for (const p of here.filter((p) => p.consentDate)) {
        const days = daysBetween(p.consentDate!, today);
        expect(days).toBeGreaterThanOrEqual(364);
        expect(days).toBeLessThanOrEqual(3 * 365 + 1);
      }
    }
  });

  it('never plans anything after today, and keeps screening before consent', () => {
    for (const p of plan) {
      expect(p.screeningDate <= (p.consentDate ?? today)).toBe(true);
      for (const e of p.events) expect(e.date <= today).toBe(true);
    }
  });

  it('follows its own confirmed decisions: infusion gaps equal the interval in force (4–8 weeks)', () => {
    for (const p of plan.filter((p) => p.consentDate)) {
      // A decision taken on an infusion day sets the interval that starts with that infusion.
      let interval = 4;
      let next = 4;
      let last: string | null = null;
      for (const e of p.events) {
        if (e.kind === 'decision') next = e.toWeeks;
        if (e.kind === 'infusion') {
          if (last) expect(e.date).toBe(addWeeks(last, interval));
          last = e.date;
          interval = next;
        }
      }
      expect(interval).toBeGreaterThanOrEqual(4);
      expect(interval).toBeLessThanOrEqual(8);
    }
  });

  it('extends some participants beyond 4 weeks (the point of the trial) but not all', () => {
    const extended = plan.filter((p) => p.events.some((e) => e.kind === 'decision' && e.toWeeks > 4)).length;
    expect(extended).toBeGreaterThan(3);
    expect(extended).toBeLessThan(plan.length);
  });

  it('includes a serious adverse event and a PML suspicion for the monitor dashboard', () => {
    const aes = plan.flatMap((p) => p.events.filter((e) => e.kind === 'adverse-event'));
    expect(aes.some((e) => e.kind === 'adverse-event' && e.serious && !e.pmlSuspected)).toBe(true);
    expect(aes.some((e) => e.kind === 'adverse-event' && e.pmlSuspected)).toBe(true);
  });
});

describe('troughAt', () => {
  it('reproduces the expected steady-state order of magnitude (≈ 23 µg/mL at q4w for V 5.5 L, t½ 16 d)', () => {
    const dates = Array.from({ length: 30 }, (_, i) => addWeeks('2024-01-01', 4 * i));
    const c = troughAt(addWeeks(dates.at(-1)!, 4), dates, { halfLifeDays: 16, volumeL: 5.5 });
    // Closed form of the geometric series: (300/5.5)·e^{−28k}/(1−e^{−28k}), k = ln2/16 → 23.1
    expect(c).toBeCloseTo(23.1, 0);
  });
});
