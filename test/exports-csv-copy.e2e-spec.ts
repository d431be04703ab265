import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { columnsOf, copySql, csvLine, DatasetCatalog, LfToCrlf, RawValue, rowFormatter, visibleVariables } from '@eid/exports';
import { DateShifter } from '@eid/trial';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialUser, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(180_000);

async function collect(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The CSV export renders its lines in PostgreSQL (COPY, csv-copy.ts) for speed; the row path (rowFormatter +
 * csvLine) is the definition. Both must give the same bytes for every table, shape and pseudonymisation level,
 * on data chosen to hit the edges: quotes, commas and line breaks in free text, empty text, unicode, decimals
 * with trailing zeros, booleans, nulls, coded values with labels, date-shifted dates and instants.
 */
describe('CSV by COPY = CSV by rows (issue #6, real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let db: Client;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    const pA = await enrolledParticipant(t, w, w.invA, w.siteA.id);
    const pB = await enrolledParticipant(t, w, w.invB, w.siteB.id);
    const post = async (u: TrialUser, pid: string, form: string, body: object) => {
      const r = await api(t, u).post(`/api/v1/participants/${pid}/${form}`, body);
      if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const inf = await post(w.invA, pA.id, 'infusions', { date: '2026-02-02', doseMg: 300, lotNumber: 'NTZ,24"A"117' });
    await post(w.invA, pA.id, 'infusions', {
      date: '2026-03-16',
      administered: false,
      notAdministeredReason: 'Patient febrile;\nline two\r\nline "three"',
    });
    await post(w.invA, pA.id, 'troughs', {
      sampledOn: '2026-02-01',
      sampledTime: '08:05',
      concentrationUgPerMl: 18.3,
      assay: 'Sanquin ELISA — µg/mL',
      precedesInfusionId: inf.id,
    });
    await post(w.invA, pA.id, 'troughs', { sampledOn: '2026-03-15', belowLloq: true, lab: '' });
    await post(w.invA, pA.id, 'adverse-events', {
      term: 'Headache, after "long" drive',
      onsetDate: '2026-03-10',
      severity: 'mild',
      relatedness: 'unlikely',
      actionTaken: 'none',
      outcome: 'recovered',
    });
    // Formula-leading text (OWASP CSV injection, issue 16 item 8): both paths must neutralise it alike.
    await post(w.invA, pA.id, 'troughs', {
      sampledOn: '2026-04-01',
      belowLloq: true,
      lab: '=HYPERLINK("http://x","y")',
      assay: '-2+3+cmd',
    });
    for (const term of ['@SUM(A1)', '+31 20 555', '\tTab led', '\rCR led', '-dizzy'])
      await post(w.invA, pA.id, 'adverse-events', {
        term,
        onsetDate: '2026-03-11',
        severity: 'mild',
        relatedness: 'unlikely',
        actionTaken: 'none',
        outcome: 'recovered',
      });
    await post(w.invB, pB.id, 'edss', { date: '2026-04-14', score: 3.5 });
    await post(w.invB, pB.id, 'edss', { date: '2026-06-01', score: 4 });
    await post(w.invB, pB.id, 'jcv', { date: '2026-04-01', status: 'positive', index: 1.1, assay: 'STRATIFY JCV' });
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const cases = [
    { level: 'none', shape: 'long', includeAudit: true },
    { level: 'pseudonymised', shape: 'long', includeAudit: false },
    { level: 'pseudonymised-date-shifted', shape: 'long', includeAudit: false },
    { level: 'none', shape: 'wide', includeAudit: false },
    { level: 'pseudonymised-date-shifted', shape: 'wide', includeAudit: false },
  ] as const;

  it.each(cases)('$shape shape, $level: every table byte-identical', async ({ level, shape, includeAudit }) => {
    const tables = new DatasetCatalog(t.dataSource).tables({ forms: DatasetCatalog.formNames(), shape, includeAudit });
    const shifter = level === 'pseudonymised-date-shifted' ? new DateShifter(randomBytes(32)) : null;
    const params: [string, string[] | null, boolean] = [w.studyId, null, level !== 'none'];
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const ids = (await db.query<{ id: string }>('SELECT id::text AS id FROM participant WHERE study_id = $1', [w.studyId])).rows;
      const shifts = shifter ? new Map(ids.map((r) => [r.id, shifter.days(r.id)])) : null;
      if (shifter) expect([...shifts!.values()].some((d) => d !== 0)).toBe(true);
      let rowsSeen = 0;
      let neutralisedSeen = false;
      for (const table of tables) {
        const vars = visibleVariables(table, level);
        const header = csvLine(columnsOf(vars).map((c) => c.name));
        const format = rowFormatter(vars, shifter);
        const sql = `SELECT ${[...vars.map((v) => v.sql), `${table.participantIdSql}::text`].join(', ')} ${table.from} ORDER BY ${table.orderBy}`;
        let byRows = header;
        let rows = 0;
        for await (const raw of db.query(new QueryStream(sql, params, { rowMode: 'array' })) as AsyncIterable<RawValue[]>) {
          byRows += csvLine(format(raw));
          rows++;
        }
        const crlf = new LfToCrlf();
        const byCopy = header + (await collect(db.query(copyTo(copySql(table, vars, params, shifts))).pipe(crlf)));
        expect({ table: table.name, csv: byCopy }).toEqual({ table: table.name, csv: byRows });
        if (byRows.includes(`"'=HYPERLINK(""http://x"",""y"")"`) && byRows.includes("'-2+3+cmd") && !/(^|,)=HYPERLINK/m.test(byRows))
          neutralisedSeen = true;
        expect(crlf.rows).toBe(rows); // line breaks inside quoted values are not rows
        rowsSeen += crlf.rows;
      }
      expect(rowsSeen).toBeGreaterThan(10);
      if (level === 'none' && shape === 'long') expect(neutralisedSeen).toBe(true);
    } finally {
      await db.query('ROLLBACK');
    }
  });
});
