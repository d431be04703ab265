import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Clock } from '@eid/trial';
import { createTestApp, TestApp } from './support/test-app';
import { PROBE_OUTPUT_MARKER, ProbeAnswer, ProbeRequest } from './support/time-zone-probe';
import { api, createTrialWorld, enrolledParticipant, TrialUser, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..');

/*
 * Issue 13 item 9. The instant every request below is answered at, and what it is on each wall clock (worked by hand
 * from the zones' offsets on 2026-06-15; Europe/Amsterdam is on CEST, UTC+2, in June):
 *   2026-06-15T10:30:00Z → Europe/Amsterdam 12:30 on 2026-06-15; Pacific/Kiritimati (UTC+14) 00:30 on 2026-06-16;
 *                          America/Adak (HDT, UTC−9) 01:30 on 2026-06-15.
 *   2026-06-15T09:59:59Z → Pacific/Kiritimati 23:59:59 on 2026-06-15 (the last second before its 06-16).
 */
const AT = '2026-06-15T10:30:00.000Z';
const JUST_BEFORE_KIRITIMATI_MIDNIGHT = '2026-06-15T09:59:59.000Z';
const KIRITIMATI_TODAY = '2026-06-16';
const AMSTERDAM_TODAY = '2026-06-15';

/** The app under another server `TZ` (a child process), on the same database, at the same pinned instant. */
function probe(t: TestApp, tz: string, requests: ProbeRequest[]): Promise<{ tz: string; offsetMinutes: number; answers: ProbeAnswer[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'test/support/time-zone-probe.ts'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TZ: tz,
          PROBE_DATABASE_URL: t.databaseUrl,
          PROBE_AT: AT,
          PROBE_REQUESTS: JSON.stringify(requests),
          PROBE_JWT_ACCESS_SECRET: t.config.jwtAccessSecret,
          PROBE_JWT_REFRESH_SECRET: t.config.jwtRefreshSecret,
          ...(t.config.redisUrl ? { PROBE_REDIS_URL: t.config.redisUrl, PROBE_QUEUE_PREFIX: t.config.queuePrefix } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(PROBE_OUTPUT_MARKER));
      if (code !== 0 || !line) return reject(new Error(`probe under TZ=${tz} exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(line.slice(PROBE_OUTPUT_MARKER.length)));
    });
  });
}

/** Every value under a key naming a calendar date must be `YYYY-MM-DD` (never a timestamp standing for a date). */
function datesNotTimestamps(value: unknown, path = '$'): string[] {
  const bad: string[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => bad.push(...datesNotTimestamps(v, `${path}[${i}]`)));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      const dateKey = /(date|Date|_on|On|Due|due|asOf|due_by|dueBy|onset|window_from|window_to|windowFrom|windowTo)$/.test(k);
      if (dateKey && typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) bad.push(`${path}.${k} = ${v}`);
      else bad.push(...datesNotTimestamps(v, `${path}.${k}`));
    }
  return bad;
}

describe('Site calendar dates (issue 13 item 9): site-local "today", dates as YYYY-MM-DD, answers independent of the server TZ', () => {
  let t: TestApp;
  let w: TrialWorld;
  let clock: Clock;
  let ams: { id: string };
  let kir: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    clock = t.app.get(Clock);
    // Site B is on Kiritimati's calendar (UTC+14); site A stays in Europe/Amsterdam.
    await t.dataSource.query(`UPDATE site SET timezone = 'Pacific/Kiritimati' WHERE id = $1`, [w.siteB.id]);
    ams = await enrolledParticipant(t, w);
    kir = await enrolledParticipant(t, w, w.invB, w.siteB.id);
    // Some history for both: two infusions 4 weeks apart, a trough before the second one, an MRI without counts.
    for (const [p, inv] of [
      [ams, w.invA],
      [kir, w.invB],
    ] as Array<[{ id: string }, TrialUser]>) {
      for (const date of ['2026-02-02', '2026-03-02'])
        expect((await api(t, inv).post(`/api/v1/participants/${p.id}/infusions`, { date, doseMg: 300 })).status).toBe(201);
      expect(
        (await api(t, inv).post(`/api/v1/participants/${p.id}/troughs`, { sampledOn: '2026-03-02', concentrationUgPerMl: 21.3 })).status,
      ).toBe(201);
      expect((await api(t, inv).post(`/api/v1/participants/${p.id}/edss`, { date: '2026-04-14', score: 2.5 })).status).toBe(201);
    }
    // A confirmed decision at site A, so the timeline and the list carry a decision date.
    const proposal = (await api(t, w.invA).get(`/api/v1/participants/${ams.id}/dosing`)).body;
    const decided = await api(t, w.invA).post(`/api/v1/participants/${ams.id}/dosing/decisions`, {
      action: 'confirm',
      basedOnProposal: {
        decision: proposal.proposal.decision,
        nextIntervalWeeks: proposal.proposal.nextIntervalWeeks,
        asOf: proposal.asOf,
      },
    });
    expect(decided.status).toBe(201);
  });
  afterAll(async () => {
    clock.pin(undefined);
    await t.close();
  });

  it('an entry dated the Kiritimati site\'s local today — already "tomorrow" in UTC — is accepted there and refused at the Amsterdam site', async () => {
    clock.pin(new Date(AT));
    const there = await api(t, w.invB).post(`/api/v1/participants/${kir.id}/infusions`, { date: KIRITIMATI_TODAY, doseMg: 300 });
    expect(there.status).toBe(201);
    expect(there.body.date).toBe(KIRITIMATI_TODAY);
    const amsterdam = await api(t, w.invA).post(`/api/v1/participants/${ams.id}/infusions`, { date: KIRITIMATI_TODAY, doseMg: 300 });
    expect(amsterdam.status).toBe(400);
    expect(amsterdam.body.details).toEqual([
      expect.objectContaining({
        field: 'date',
        code: 'DATE_IN_FUTURE',
        reason: expect.stringContaining(`after today (${AMSTERDAM_TODAY})`),
      }),
    ]);
  });

  it("a date after the site's local today is refused: 400 naming the field (Kiritimati day after, and the last second before its midnight)", async () => {
    clock.pin(new Date(AT));
    const dayAfter = await api(t, w.invB).post(`/api/v1/participants/${kir.id}/edss`, { date: '2026-06-17', score: 2.5 });
    expect(dayAfter.status).toBe(400);
    expect(dayAfter.body.details).toEqual([expect.objectContaining({ field: 'date', code: 'DATE_IN_FUTURE' })]);
    clock.pin(new Date(JUST_BEFORE_KIRITIMATI_MIDNIGHT));
    const early = await api(t, w.invB).post(`/api/v1/participants/${kir.id}/edss`, { date: KIRITIMATI_TODAY, score: 2.5 });
    expect(early.status).toBe(400);
    expect(early.body.details).toEqual([
      expect.objectContaining({ field: 'date', code: 'DATE_IN_FUTURE', reason: expect.stringContaining('after today (2026-06-15)') }),
    ]);
  });

  it("proposals and lists are as of each site's own date; a study-wide list names no single date when the sites differ", async () => {
    clock.pin(new Date(AT));
    expect((await api(t, w.invB).get(`/api/v1/participants/${kir.id}/dosing`)).body.asOf).toBe(KIRITIMATI_TODAY);
    expect((await api(t, w.invA).get(`/api/v1/participants/${ams.id}/dosing`)).body.asOf).toBe(AMSTERDAM_TODAY);
    expect((await api(t, w.invB).get(`/api/v1/participants/${kir.id}/schedule`)).body.asOf).toBe(KIRITIMATI_TODAY);
    expect((await api(t, w.monitor).get(`/api/v1/studies/${w.studyId}/overdue?kind=visits`)).body.asOf).toBeNull();
    expect((await api(t, w.invB).get(`/api/v1/studies/${w.studyId}/overdue?kind=visits`)).body.asOf).toBe(KIRITIMATI_TODAY);
  });

  it("a site's zone is an IANA name both the runtime and the database know: anything else is 400 naming timezone", async () => {
    const admin = api(t, w.admin);
    const site = (code: string, timezone: unknown) =>
      admin.post('/api/v1/admin/sites', { code, name: `${code} hospital`, country: 'KI', timezone });
    for (const [code, zone] of [
      ['TZBAD1', '+01:00'],
      ['TZBAD2', 'Mars/Olympus'],
      ['TZBAD3', 'europe amsterdam'],
      ['TZBAD4', 42],
    ] as const) {
      const res = await site(code, zone);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'timezone', code: 'TIMEZONE_UNKNOWN' })]));
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(res.body.details.map(() => 'timezone'));
    }
    const ok = await site('TZKIR', 'Pacific/Kiritimati');
    expect(ok.status).toBe(201);
    expect(ok.body.timezone).toBe('Pacific/Kiritimati');
    // The database refuses what the API would: an offset is not a zone (ck_site_timezone_iana).
    await expect(
      t.dataSource.query(`INSERT INTO site (code, name, country, timezone, version) VALUES ('TZRAW', 'Raw', 'NL', '+01:00', 1)`),
    ).rejects.toThrow(/ck_site_timezone_iana/);
  });

  it("answers byte-identically under TZ=Pacific/Kiritimati, TZ=America/Adak and this process's TZ", async () => {
    clock.pin(new Date(AT));
    const read = (user: TrialUser, url: string): ProbeRequest => ({ url, token: user.token });
    const requests: ProbeRequest[] = [
      read(w.monitor, `/api/v1/participants?studyId=${w.studyId}`),
      read(w.monitor, `/api/v1/participants?studyId=${w.studyId}&sort=nextInfusionDue`),
      read(w.monitor, `/api/v1/participants/${ams.id}`),
      read(w.monitor, `/api/v1/participants/${kir.id}`),
      read(w.monitor, `/api/v1/participants/${ams.id}/timeline`),
      read(w.monitor, `/api/v1/participants/${kir.id}/timeline`),
      read(w.monitor, `/api/v1/participants/${ams.id}/schedule`),
      read(w.invA, `/api/v1/participants/${ams.id}/dosing`),
      read(w.invB, `/api/v1/participants/${kir.id}/dosing`),
      read(w.invA, `/api/v1/participants/${ams.id}/dosing/decisions`),
      read(w.monitor, `/api/v1/studies/${w.studyId}/overdue?kind=visits`),
      read(w.monitor, `/api/v1/studies/${w.studyId}/overdue?kind=troughs`),
      read(w.monitor, `/api/v1/studies/${w.studyId}/overdue?kind=infusions`),
      read(w.monitor, `/api/v1/studies/${w.studyId}/overdue?kind=trough-duplicates`),
      read(w.monitor, `/api/v1/studies/${w.studyId}/pml-suspicions`),
      read(w.invB, `/api/v1/participants/${kir.id}/infusions`),
    ];
    const here: ProbeAnswer[] = [];
    for (const r of requests) {
      const res = await t.http().get(r.url).set('Authorization', `Bearer ${r.token}`);
      here.push({ url: r.url, status: res.status, body: res.text });
    }
    expect(here.filter((a) => a.status !== 200)).toEqual([]);
    for (const a of here) expect(datesNotTimestamps(JSON.parse(a.body))).toEqual([]);
    // The timeline's decisions carry their date as a calendar date (they were timestamps before issue 13).
    expect(JSON.parse(here[4].body).decisions[0].decidedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const [kiritimati, adak] = await Promise.all([probe(t, 'Pacific/Kiritimati', requests), probe(t, 'America/Adak', requests)]);
    // The children really ran in those zones: getTimezoneOffset() is UTC − local, in minutes (−14 h; HDT −9 h).
    expect([kiritimati.offsetMinutes, adak.offsetMinutes]).toEqual([-840, 540]);
    for (let i = 0; i < requests.length; i++) {
      expect(kiritimati.answers[i]).toEqual(here[i]);
      expect(adak.answers[i]).toEqual(here[i]);
    }
  });
});
