import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The dosing CLI as a user runs it: a separate process on the example files, checked on stdout and the exit
 * code. Expected decisions come from docs/science/protocols.md (PDNMS table P1–P5) and the protocol file, not from the code.
 */
const ROOT = join(__dirname, '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/cli/src/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' }, maxBuffer: 10 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const PDNMS = 'protocols/pdnms-v1.json';
const TARGET_TROUGH = 'protocols/target-trough-v1.json';
const ex = (name: string) => `protocols/examples/${name}.json`;

describe('CLI: dosing decide / pk predict (spawned process)', () => {
  let dir: string;
  // Every run is started at once: each process loads TypeScript, which dominates the time.
  let runs: Record<string, Run>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eid-cli-'));
    const badProtocol = JSON.parse(readFileSync(join(ROOT, PDNMS), 'utf8'));
    const broken = JSON.parse(JSON.stringify(badProtocol));
    delete broken.title;
    broken.dosing.maxIntervalWeeks.value = 2; // below the start interval 4 and the minimum 4: two semantic problems
    writeFileSync(join(dir, 'bad-protocol.json'), JSON.stringify(broken));
    writeFileSync(
      join(dir, 'bad-history.json'),
      JSON.stringify({ infusions: [{ date: '2025-13-01' }], troughs: [{ date: '2025-02-03', ugPerMl: -1 }], extra: true }),
    );
    writeFileSync(
      join(dir, 'no-troughs.json'),
      JSON.stringify({ participant: { weightKg: 70 }, infusions: [{ date: '2025-01-06' }, { date: '2025-02-03' }] }),
    );
    writeFileSync(join(dir, 'not-json.json'), '{ "infusions": [');
    // Issue 13: a recorded decision of 12 weeks under PDNMS v1 (MIN 4, A6 8) is refused, never clamped to 8.
    writeFileSync(
      join(dir, 'decision-12.json'),
      JSON.stringify({ infusions: [{ date: '2025-01-06' }], decisions: [{ date: '2025-01-06', intervalWeeks: 12 }] }),
    );
    const jobs: Record<string, Promise<Run>> = {
      extend: cli('dosing', 'decide', '--protocol', PDNMS, '--history', ex('extend')),
      extendAsOf: cli('dosing', 'decide', '--protocol', PDNMS, '--history', ex('extend'), '--as-of', '2025-03-03'),
      explain: cli('dosing', 'decide', '--protocol', PDNMS, '--history', ex('keep-at-15'), '--explain'),
      maxReached: cli('dosing', 'decide', '--protocol', PDNMS, '--history', ex('max-reached')),
      activity: cli('dosing', 'decide', '--protocol', PDNMS, '--history', ex('activity')),
      invalid: cli('dosing', 'decide', '--protocol', join(dir, 'bad-protocol.json'), '--history', join(dir, 'bad-history.json')),
      missing: cli('dosing', 'decide', '--protocol', PDNMS, '--history', join(dir, 'absent.json')),
      notJson: cli('dosing', 'decide', '--protocol', PDNMS, '--history', join(dir, 'not-json.json')),
      badFlag: cli('dosing', 'decide', '--protocol', PDNMS, '--history', ex('extend'), '--asof', '2025-01-01'),
      badDate: cli('dosing', 'decide', '--protocol', PDNMS, '--history', ex('extend'), '--as-of', '2025-02-30'),
      decision12: cli('dosing', 'decide', '--protocol', PDNMS, '--history', join(dir, 'decision-12.json')),
      pml: cli('dosing', 'decide', '--protocol', PDNMS, '--history', ex('pml-suspended')),
      pk: cli('pk', 'predict', '--history', ex('extend'), '--protocol', PDNMS),
      pkTarget: cli('pk', 'predict', '--history', ex('extend'), '--protocol', TARGET_TROUGH, '--target', '5'),
      pkTable: cli('pk', 'predict', '--history', ex('extend'), '--protocol', TARGET_TROUGH, '--table'),
      pkPdnmsTarget: cli('pk', 'predict', '--history', ex('extend'), '--protocol', PDNMS, '--target', '10'),
      pkLabel: cli('pk', 'predict', '--history', ex('extend'), '--model', 'natalizumab-2cmt-mm-label-calibrated'),
      pkTypical: cli('pk', 'predict', '--history', join(dir, 'no-troughs.json')),
      pkLinear: cli('pk', 'predict', '--history', ex('extend'), '--model', 'natalizumab-1cmt-linear-illustrative'),
      pkUnknownModel: cli('pk', 'predict', '--history', ex('extend'), '--model', 'nope'),
    };
    const names = Object.keys(jobs);
    const results = await Promise.all(names.map((n) => jobs[n]));
    runs = Object.fromEntries(names.map((n, i) => [n, results[i]]));
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('extend.json: two troughs > 15 µg/mL at 4 weeks → EXTEND to 5 weeks under P4, due last infusion + 35 days', () => {
    const r = runs.extend;
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    // docs/science/protocols.md P4: the two most recent troughs at the current interval both > 15.0 → +1 week.
    expect(d).toMatchObject({ decision: 'EXTEND', rule: 'P4', currentIntervalWeeks: 4, nextIntervalWeeks: 5, asOf: '2025-03-31' });
    expect(d.protocol).toEqual({ id: 'pdnms', version: '1' });
    // A7: 2025-03-31 + 5 × 7 days.
    expect(d.nextInfusionDue).toBe('2025-05-05');
    const p4 = d.reasons
      .filter((x: { clause: string }) => x.clause === 'P4')
      .map((x: { text: string }) => x.text)
      .join(' ');
    expect(p4).toContain('18.2');
    expect(p4).toContain('15.1');
  });

  it('--as-of ignores later data: on 2025-03-03 only one trough counts → KEEP_AWAIT_TROUGH (P3: 2 required)', () => {
    const d = JSON.parse(runs.extendAsOf.stdout);
    expect(runs.extendAsOf.code).toBe(0);
    expect(d).toMatchObject({ decision: 'KEEP_AWAIT_TROUGH', rule: 'P3', asOf: '2025-03-03', nextIntervalWeeks: 4 });
  });

  it('--explain prints readable text; exactly 15.0 µg/mL is not > 15 → KEEP (P5)', () => {
    expect(runs.explain.code).toBe(0);
    expect(runs.explain.stdout).toMatch(/^pdnms v1 as of 2025-03-31: KEEP \(rule P5\)/);
    expect(runs.explain.stdout).toContain('Reasons:');
    expect(() => JSON.parse(runs.explain.stdout)).toThrow();
  });

  it('max-reached.json → KEEP_MAX_REACHED at 8 weeks (P2, D-MAX 8 weeks)', () => {
    expect(JSON.parse(runs.maxReached.stdout)).toMatchObject({ decision: 'KEEP_MAX_REACHED', nextIntervalWeeks: 8 });
  });

  it('activity.json: a new T2 lesion since the last decision → ACTIVITY_REVIEW back to 4 weeks (P1, A4 default)', () => {
    expect(JSON.parse(runs.activity.stdout)).toMatchObject({
      decision: 'ACTIVITY_REVIEW',
      rule: 'P1',
      nextIntervalWeeks: 4,
      investigatorReview: true,
    });
  });

  it('issue 13: a history decision outside 4–8 weeks exits 1 naming the field and the bounds (no clamping)', () => {
    expect(runs.decision12).toMatchObject({ code: 1, stdout: '' });
    expect(runs.decision12.stderr).toContain('/decisions/0/intervalWeeks');
    expect(runs.decision12.stderr).toContain('outside 4–8 weeks');
  });

  it('issue 13: pml-suspended.json → SUSPEND under P0, no infusion due', () => {
    expect(JSON.parse(runs.pml.stdout)).toMatchObject({
      decision: 'SUSPEND',
      rule: 'P0',
      nextInfusionDue: null,
      investigatorReview: true,
      rulesVersion: '2',
    });
  });

  it('invalid protocol and history: exit 1, every problem of both files listed with its path, no stack trace', () => {
    const r = runs.invalid;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const path of [
      '/title',
      '/dosing/minIntervalWeeks/value',
      '/dosing/startIntervalWeeks/value',
      '/extra',
      '/infusions/0/date',
      '/troughs/0/ugPerMl',
    ])
      expect(r.stderr).toContain(path);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('missing file, malformed JSON, unknown flag, impossible date: exit 1 with a clear message', () => {
    expect(runs.missing).toMatchObject({ code: 1, stdout: '' });
    expect(runs.missing.stderr).toMatch(/history file not found: .*absent\.json/);
    expect(runs.notJson.code).toBe(1);
    expect(runs.notJson.stderr).toMatch(/not valid JSON/);
    expect(runs.badFlag.code).toBe(1);
    expect(runs.badFlag.stderr).toContain('unknown option --asof');
    expect(runs.badDate.code).toBe(1);
    expect(runs.badDate.stderr).toContain('--as-of must be a calendar date');
    for (const r of [runs.missing, runs.notJson, runs.badFlag, runs.badDate]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('pk predict: default (published) model, MAP fit on both troughs, one candidate per week 4–8 with its bands; PDNMS: no target', () => {
    expect(runs.pk.code).toBe(0);
    const p = JSON.parse(runs.pk.stdout);
    expect(p.model).toMatchObject({ id: 'natalizumab-2cmt-mm-vandenberg2025' });
    expect(p.model.validationStatus).toContain("secondary, machine extraction of the paper's Table 2");
    expect(p.fit.map((f: { date: string }) => f.date)).toEqual(['2025-03-03', '2025-03-31']);
    expect(p.candidates.map((c: { intervalWeeks: number }) => c.intervalWeeks)).toEqual([4, 5, 6, 7, 8]);
    for (const c of p.candidates) {
      expect(c.lower).toBeLessThanOrEqual(c.steadyStateTroughUgPerMl);
      expect(c.upper).toBeGreaterThanOrEqual(c.steadyStateTroughUgPerMl);
      expect(c.firstTroughLower).toBeLessThanOrEqual(c.firstTroughAfterSwitchUgPerMl);
      expect(c.firstTroughUpper).toBeGreaterThanOrEqual(c.firstTroughAfterSwitchUgPerMl);
    }
    expect(p.target).toBeNull();
    expect(p.recommendedIntervalWeeks).toBeNull();
    expect(p.advisory).toMatch(/advisory/);
  });

  it('pk predict --target 5 under target-trough-v1 (allowed 10, 5): longest interval with P ≥ 0.9 (PK-PMIN)', () => {
    expect(runs.pkTarget.code).toBe(0);
    const p = JSON.parse(runs.pkTarget.stdout);
    expect(p.target).toEqual({ ugPerMl: 5, minProbability: 0.9 });
    const meeting = p.candidates.filter((c: { probabilityAtOrAboveTarget: number }) => c.probabilityAtOrAboveTarget >= 0.9);
    expect(p.recommendedIntervalWeeks).toBe(meeting.length ? meeting[meeting.length - 1].intervalWeeks : 4);
  });

  it('pk predict --table prints the table with the model status; --target on PDNMS exits 1; --model selects the label-calibrated model', () => {
    expect(runs.pkTable.code).toBe(0);
    expect(runs.pkTable.stdout).toContain("secondary, machine extraction of the paper's Table 2");
    expect(runs.pkTable.stdout).toMatch(/Target 10 µg\/mL/);
    expect(runs.pkTable.stdout).toContain('← recommended');
    expect(runs.pkPdnmsTarget.code).toBe(1);
    expect(runs.pkPdnmsTarget.stderr).toMatch(/pdnms v1 defines no PK trough target/);
    expect(JSON.parse(runs.pkLabel.stdout).model.id).toBe('natalizumab-2cmt-mm-label-calibrated');
  });

  it('pk predict with no troughs: the model typical value (no fit points)', () => {
    expect(runs.pkTypical.code).toBe(0);
    const p = JSON.parse(runs.pkTypical.stdout);
    expect(p.fit).toEqual([]);
    expect(p.fitQuality.typicalValuesOnly).toBe(true);
  });

  it('pk predict --model chooses a registered model; an unknown one exits 1 naming the known ids', () => {
    expect(JSON.parse(runs.pkLinear.stdout).model.id).toBe('natalizumab-1cmt-linear-illustrative');
    expect(runs.pkUnknownModel.code).toBe(1);
    expect(runs.pkUnknownModel.stderr).toContain('natalizumab-2cmt-mm-label-calibrated');
  });
});
