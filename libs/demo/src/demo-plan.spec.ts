import { addDays, addWeeks, daysBetween, decideInterval, findProtocol, type ParticipantHistory } from '@eid/domain';
import { buildDemoPlan, troughAt } from './demo-plan';

const protocol = findProtocol('pdnms', '1')!;
const today = '2026-11-25';

describe('buildDemoPlan', () => {
  const plan = buildDemoPlan({ protocol, today });

  it('is deterministic for a seed', () => {
    expect(buildDemoPlan({ protocol, today })).toEqual(plan);
    expect(buildDemoPlan({ protocol, today, seed: 2 })).not.toEqual(plan);
  });

  it('gives each site 7 enrolled participants (6 with 1–3 years of history, 1 enrolled 10 weeks ago) and 1 candidate in screening', () => {
    for (const site of ['AMS', 'RTM', 'NMG']) {
      const here = plan.filter((p) => p.siteCode === site);
      expect(here.filter((p) => p.consentDate)).toHaveLength(7);
      expect(here.filter((p) => !p.consentDate)).toHaveLength(1);
      expect(daysBetween(here[0].consentDate!, today)).toBe(70); // 10 weeks
      for (const p of here.slice(1).filter((p) => p.consentDate)) {
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
      // A decision recorded after an infusion sets the interval to the next one.
      let interval = 4;
      let last: string | null = null;
      for (const e of p.events) {
        if (e.kind === 'decision') interval = e.toWeeks;
        if (e.kind === 'infusion') {
          if (last) expect(e.date).toBe(addWeeks(last, interval));
          last = e.date;
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

  it('leaves the newly enrolled participant of each site due today: extended to 5 weeks at inclusion, one trough at 5 weeks', () => {
    for (const p of plan.filter((p) => p.screeningNumber.endsWith('S001'))) {
      const infusions = p.events.filter((e) => e.kind === 'infusion').map((e) => e.date);
      const troughs = p.events.filter((e) => e.kind === 'trough');
      // Inclusion 10 weeks ago; A9(a): screening trough (4 weeks after the previous Q4W infusion) and inclusion
      // trough both > 15 → P4 EXTEND to 5 at inclusion; next infusion 5 weeks later; the one after is due today.
      expect(infusions).toEqual([addWeeks(today, -10), addWeeks(today, -5)]);
      expect(troughs.map((t) => t.date)).toEqual(infusions);
      expect(troughs[1].kind === 'trough' && troughs[1].ugPerMl).toBeGreaterThan(15);
      expect(p.events.filter((e) => e.kind === 'decision')).toEqual([
        expect.objectContaining({ date: addWeeks(today, -10), decision: 'EXTEND', toWeeks: 5 }),
      ]);
    }
  });

  it('issue 13 item 11: no unintended schedule deviation and no unanswered activity left behind', () => {
    for (const p of plan.filter((p) => p.consentDate)) {
      // The history as the API builds it: the screening form's three Q4W infusions up to the screening visit, the
      // screening trough, then the study records (each decision with its rule, as the API stores the proposal's).
      const prior = [2, 1, 0].map((i) => addDays(p.screeningDate, -28 * i));
      const ev = p.events;
      const history: ParticipantHistory = {
        infusions: [...prior, ...ev.flatMap((e) => (e.kind === 'infusion' ? [e.date] : []))].map((date) => ({ date })),
        troughs: [
          { date: p.screeningDate, ugPerMl: p.screeningTroughUgPerMl },
          ...ev.flatMap((e) => (e.kind === 'trough' ? [{ date: e.date, ugPerMl: e.ugPerMl }] : [])),
        ],
        decisions: ev.flatMap((e) =>
          e.kind === 'decision'
            ? [{ date: e.date, intervalWeeks: e.toWeeks, rule: e.decision === 'ACTIVITY_REVIEW' ? 'P1' : undefined }]
            : [],
        ),
        relapses: ev.flatMap((e) => (e.kind === 'relapse' ? [{ onset: e.date }] : [])),
        mri: ev.flatMap((e) =>
          e.kind === 'mri'
            ? [{ date: e.date, newOrEnlargingT2: e.newOrEnlargingT2Count, gadoliniumEnhancing: e.gadoliniumEnhancingCount }]
            : [],
        ),
      };
      const d = decideInterval(protocol, history, today, { inclusionDate: p.consentDate });
      expect({ who: p.screeningNumber, deviations: d.scheduleDeviations }).toEqual({ who: p.screeningNumber, deviations: [] });
      // Activity after the last decision point may stand (it is today's news); older activity was answered.
      for (const a of d.unansweredActivity) expect(a.date > (history.decisions!.at(-1)?.date ?? '')).toBe(true);
    }
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
