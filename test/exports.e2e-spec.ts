import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { validateXML } from 'xmllint-wasm';
import { dateShiftDays, ExportCleanupService, shiftIso } from '@eid/exports';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialUser, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(180_000);

const ODM_DIR = join(__dirname, '..', 'standards', 'cdisc-odm-1.3.2');

async function waitFor(t: TestApp, w: TrialWorld, user: TrialUser, id: string) {
  for (let i = 0; i < 600; i++) {
    const r = await api(t, user).get(`/api/v1/studies/${w.studyId}/exports/${id}`);
    if (['completed', 'failed', 'expired'].includes(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('export did not finish');
}

/** Download as a Buffer and check the checksum headers against the bytes. */
async function download(t: TestApp, w: TrialWorld, user: TrialUser, id: string): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const r = await api(t, user)
    .get(`/api/v1/studies/${w.studyId}/exports/${id}/file`)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect(r.status).toBe(200);
  const body = r.body as Buffer;
  const sha = createHash('sha256').update(body).digest('hex');
  expect(r.headers['x-checksum-sha256']).toBe(sha);
  expect(r.headers.digest).toBe(`sha-256=${Buffer.from(sha, 'hex').toString('base64')}`);
  expect(Number(r.headers['content-length'])).toBe(body.length);
  expect(r.headers['content-disposition']).toMatch(/^attachment; filename=".+"$/);
  return { body, headers: r.headers as Record<string, string> };
}

function parseCsv(text: string): Record<string, string>[] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const s = text.slice(1);
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r') continue;
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe('Exports (issue #6, real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let pA: { id: string; code: string };
  let pB: { id: string; code: string };
  let screeningA: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    pA = await enrolledParticipant(t, w, w.invA, w.siteA.id);
    pB = await enrolledParticipant(t, w, w.invB, w.siteB.id);
    [{ screening_number: screeningA }] = await t.dataSource.query('SELECT screening_number FROM participant WHERE id = $1', [pA.id]);
    const post = async (u: TrialUser, pid: string, form: string, body: object) => {
      const r = await api(t, u).post(`/api/v1/participants/${pid}/${form}`, body);
      if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    await post(w.invA, pA.id, 'infusions', { date: '2026-02-02', doseMg: 300, lotNumber: 'NTZ24A117' });
    await post(w.invA, pA.id, 'infusions', { date: '2026-03-16', doseMg: 300, lotNumber: 'NTZ24A118' });
    await post(w.invA, pA.id, 'troughs', { sampledOn: '2026-03-16', concentrationUgPerMl: 18.35, assay: 'Sanquin ELISA' });
    await post(w.invA, pA.id, 'adverse-events', { term: 'Headache, after "long" drive', onsetDate: '2026-03-10', severity: 'mild', relatedness: 'unlikely', actionTaken: 'none', outcome: 'recovered' });
    await post(w.invB, pB.id, 'infusions', { date: '2026-02-09', doseMg: 300 });
    await post(w.invB, pB.id, 'edss', { date: '2026-04-14', score: 3.5 });
  });
  afterAll(async () => t?.close());

  const request = (u: TrialUser, body: object) => api(t, u).post(`/api/v1/studies/${w.studyId}/exports`, body);

  it('refuses investigators and monitors (403) and the audit trail to statisticians (403)', async () => {
    const body = { format: 'csv', shape: 'long', pseudonymisation: 'none' };
    expect((await request(w.invA, body)).status).toBe(403);
    expect((await request(w.monitor, body)).status).toBe(403);
    const r = await request(w.statistician, { ...body, includeAudit: true });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('AUDIT_EXPORT_FORBIDDEN');
  });

  it('rejects bad input naming the field, writing nothing', async () => {
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM export_job'))[0].n;
    const r = await request(w.dataManager, { format: 'pdf', shape: 'long', pseudonymisation: 'none' });
    expect(r.status).toBe(400);
    expect(r.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'format', code: 'INVALID_FORMAT' })]));
    const f = await request(w.dataManager, { format: 'csv', shape: 'long', pseudonymisation: 'none', forms: ['nope'] });
    expect(f.status).toBe(400);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM export_job'))[0].n).toBe(before);
  });

  it('CSV zip (data manager, with audit trail): every table, codebook, labels and values as entered; progress; checksum; audited', async () => {
    const r = await request(w.dataManager, { format: 'csv', shape: 'long', pseudonymisation: 'none', includeAudit: true });
    expect(r.status).toBe(202);
    expect(r.body.status).toBe('queued');
    const job = await waitFor(t, w, w.dataManager, r.body.id);
    expect(job.status).toBe('completed');
    // Issue 16 item 9: only the platform's OS user may read the file (0600) and its folder (0700).
    const [{ file_path: filePath }] = await t.dataSource.query('SELECT file_path FROM export_job WHERE id = $1', [r.body.id]);
    expect(statSync(filePath).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(filePath)).mode & 0o777).toBe(0o700);
    expect(job.progress.rowsTotal).toBeGreaterThan(0);
    expect(job.progress.rowsDone).toBe(job.progress.rowsTotal);
    // Other people's exports are not yours to read: 404.
    expect((await api(t, w.statistician).get(`/api/v1/studies/${w.studyId}/exports/${r.body.id}`)).status).toBe(404);

    const { body, headers } = await download(t, w, w.dataManager, r.body.id);
    expect(headers['content-type']).toBe('application/zip');
    expect(headers['cache-control']).toBe('no-store');
    expect(body.subarray(0, 2).toString()).toBe('PK');
    const zip = await JSZip.loadAsync(body);
    const csv = async (name: string) => parseCsv(await zip.file(`${name}.csv`)!.async('string'));
    expect(Object.keys(zip.files).sort()).toEqual(
      expect.arrayContaining(['codebook.csv', 'participants.csv', 'visits.csv', 'infusion.csv', 'trough_sample.csv', 'adverse_event.csv', 'edss_assessment.csv', 'audit_trail.csv']),
    );
    const participants = await csv('participants');
    const a = participants.find((p) => p.participant_code === pA.code)!;
    expect(a).toMatchObject({ screening_number: screeningA, sex: 'female', sex_label: 'Female', ms_type: 'RRMS', birth_year: '1984', weight_kg: '68.5', site_code: w.siteA.code });
    expect(participants.map((p) => p.participant_code).sort()).toEqual([pA.code, pB.code].sort());

    const infusions = await csv('infusion');
    expect(infusions.filter((i) => i.participant_code === pA.code).map((i) => [i.date, i.dose_mg, i.lot_number, i.administered, i.administered_label])).toEqual([
      ['2026-02-02', '300', 'NTZ24A117', '1', 'Yes'],
      ['2026-03-16', '300', 'NTZ24A118', '1', 'Yes'],
    ]);
    const [trough] = await csv('trough_sample');
    expect(trough).toMatchObject({ participant_code: pA.code, sampled_on: '2026-03-16', concentration_ug_per_ml: '18.35', assay: 'Sanquin ELISA', below_lloq: '0' });
    const [ae] = await csv('adverse_event');
    expect(ae).toMatchObject({ term: 'Headache, after "long" drive', severity: 'mild', severity_label: 'Mild', serious: '0' });
    const [edss] = await csv('edss_assessment');
    expect(edss).toMatchObject({ participant_code: pB.code, date: '2026-04-14', score: '3.5' });

    const codebook = await csv('codebook');
    expect(codebook.find((c) => c.table === 'infusion' && c.variable === 'dose_mg')).toMatchObject({ label: 'Dose', type: 'integer', unit: 'mg' });
    expect(codebook.find((c) => c.table === 'participants' && c.variable === 'sex')!.allowed_values).toBe('female=Female | male=Male | other=Other | unknown=Unknown');
    expect(codebook.find((c) => c.table === 'trough_sample' && c.variable === 'concentration_ug_per_ml')).toMatchObject({ type: 'float', unit: 'µg/mL' });

    const auditTrail = await csv('audit_trail');
    expect(auditTrail.some((e) => e.action === 'export' && e.entity_id === r.body.id)).toBe(true);
    const audits = await t.dataSource.query(`SELECT action FROM audit_event WHERE entity_type = 'export_job' AND entity_id = $1 ORDER BY seq`, [r.body.id]);
    expect(audits.map((x: { action: string }) => x.action)).toEqual(['export', 'download']);

    if (existsSync('/usr/bin/Rscript')) {
      const dir = mkdtempSync(join(tmpdir(), 'eid-r-'));
      writeFileSync(join(dir, 'export.zip'), body);
      const out = execFileSync('Rscript', [join(__dirname, '..', 'exports', 'r', 'read-export.R'), join(dir, 'export.zip')], { encoding: 'utf8' });
      expect(out).toContain('COLUMN infusion.dose_mg class=integer label=Dose');
      expect(out).toContain('COLUMN infusion.date class=Date');
      expect(out).toContain('COLUMN trough_sample.concentration_ug_per_ml class=numeric');
      expect(out).toContain('COLUMN infusion.administered class=logical');
      expect(out).toContain('SUM infusion.dose_mg=900');
    }
  });

  it("a statistician's XLSX is site-complete and pseudonymised whatever was asked: no screening numbers, no free text", async () => {
    const r = await request(w.statistician, { format: 'xlsx', shape: 'long', pseudonymisation: 'none', sites: [w.siteA.id] });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ pseudonymisation: 'pseudonymised', sites: null });
    const job = await waitFor(t, w, w.statistician, r.body.id);
    expect(job.status).toBe('completed');
    const { body } = await download(t, w, w.statistician, r.body.id);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as never);
    const sheet = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      const rows: Record<string, unknown>[] = [];
      ws.eachRow((row, n) => n > 1 && rows.push(Object.fromEntries(header.map((h, i) => [h, (row.values as unknown[])[i + 1] ?? null]))));
      return { header, rows };
    };
    expect(wb.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['codebook', 'participants', 'infusion']));
    const participants = sheet('participants');
    expect(participants.rows.map((p) => p.participant_code).sort()).toEqual([pA.code, pB.code].sort());
    expect(participants.header).not.toContain('screening_number');
    expect(participants.header).not.toContain('participant_id');
    const infusions = sheet('infusion');
    expect(infusions.rows.filter((i) => i.participant_code === pA.code).map((i) => [i.date, i.dose_mg])).toEqual([
      ['2026-02-02', 300],
      ['2026-03-16', 300],
    ]);
    expect(sheet('adverse_event').header).not.toContain('term');
    expect(wb.getWorksheet('audit_trail')).toBeUndefined();
    const everything = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String)).join('\n');
    expect(everything).not.toContain(screeningA);
    expect(everything).not.toContain('Headache');
    expect(everything).not.toContain(pA.id);
  });

  it('ODM 1.3.2 validates against the official XSD; date-shifted consistently per participant, shift never exported', async () => {
    const r = await request(w.dataManager, { format: 'odm', shape: 'long', pseudonymisation: 'pseudonymised-date-shifted' });
    const job = await waitFor(t, w, w.dataManager, r.body.id);
    expect(job.status).toBe('completed');
    const xml = (await download(t, w, w.dataManager, r.body.id)).body.toString('utf8');
    await expectValidOdm(xml);
    expect(xml).toContain('<ItemDef OID="IT.INFUSION.DOSE_MG" Name="dose_mg" DataType="integer">');
    expect(xml).toContain('<MeasurementUnitRef MeasurementUnitOID="MU.MG"/>');
    expect(xml).toContain('<CodeListItem CodedValue="female">');
    expect(xml).not.toContain(screeningA);
    const [{ secret }] = await t.dataSource.query('SELECT secret FROM export_secret WHERE study_id = $1', [w.studyId]);
    const shift = dateShiftDays(secret, pA.id);
    const subject = xml.slice(xml.indexOf(`<SubjectData SubjectKey="${pA.code}">`), xml.indexOf('</SubjectData>', xml.indexOf(`SubjectKey="${pA.code}"`)));
    const dates = [...subject.matchAll(/ItemOID="IT.INFUSION.DATE" Value="([\d-]+)"/g)].map((m) => m[1]);
    expect(dates).toEqual([shiftIso('2026-02-02', shift), shiftIso('2026-03-16', shift)]);
    expect(xml).toContain('<ItemData ItemOID="IT.INFUSION.DOSE_MG" Value="300"/>');
  });

  it('ODM with audit records (data manager) validates against the XSD', async () => {
    const r = await request(w.dataManager, { format: 'odm', shape: 'long', pseudonymisation: 'none', includeAudit: true });
    expect((await waitFor(t, w, w.dataManager, r.body.id)).status).toBe('completed');
    const xml = (await download(t, w, w.dataManager, r.body.id)).body.toString('utf8');
    await expectValidOdm(xml);
    expect(xml).toMatch(/<AuditRecords><AuditRecord ID="AR\.\d+" EditPoint="DBAudit"/);
    expect(xml).toContain(`<ItemData ItemOID="IT.PARTICIPANTS.SCREENING_NUMBER" Value="${screeningA}"/>`);
  });

  it('wide shape: one row per participant-visit with the forms side by side', async () => {
    const r = await request(w.dataManager, { format: 'csv', shape: 'wide', pseudonymisation: 'pseudonymised', forms: ['infusion', 'edss_assessment'] });
    expect((await waitFor(t, w, w.dataManager, r.body.id)).status).toBe('completed');
    const zip = await JSZip.loadAsync((await download(t, w, w.dataManager, r.body.id)).body);
    expect(zip.file('trough_sample.csv')).toBeNull();
    const wide = parseCsv(await zip.file('visit_wide.csv')!.async('string'));
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM planned_visit WHERE study_id = $1', [w.studyId]);
    expect(wide).toHaveLength(n);
    const withEdss = wide.filter((row) => row.edss_assessment_score === '3.5');
    expect(withEdss).toHaveLength(1);
    expect(withEdss[0]).toMatchObject({ participant_code: pB.code, edss_assessment_n: '1', edss_assessment_date: '2026-04-14' });
  });

  it('expired files are cleaned up and no longer downloadable', async () => {
    const r = await request(w.dataManager, { format: 'csv', shape: 'long', pseudonymisation: 'pseudonymised', forms: ['infusion'] });
    expect((await waitFor(t, w, w.dataManager, r.body.id)).status).toBe('completed');
    const [{ file_path }] = await t.dataSource.query('SELECT file_path FROM export_job WHERE id = $1', [r.body.id]);
    expect(existsSync(file_path)).toBe(true);
    await t.dataSource.query(`UPDATE export_job SET expires_at = now() - interval '1 minute' WHERE id = $1`, [r.body.id]);
    const result = await t.app.get(ExportCleanupService).run();
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect(existsSync(file_path)).toBe(false);
    expect((await api(t, w.dataManager).get(`/api/v1/studies/${w.studyId}/exports/${r.body.id}`)).body.status).toBe('expired');
    expect((await api(t, w.dataManager).get(`/api/v1/studies/${w.studyId}/exports/${r.body.id}/file`)).status).toBe(409);
  });
});

async function expectValidOdm(xml: string): Promise<void> {
  const read = (f: string) => ({ fileName: f, contents: readFileSync(join(ODM_DIR, f), 'utf8') });
  const result = await validateXML({
    xml: [{ fileName: 'export.xml', contents: xml }],
    schema: [read('ODM1-3-2.xsd')],
    preload: [read('ODM1-3-2-foundation.xsd'), read('xml.xsd'), read('xmldsig-core-schema.xsd'), read('xlink.xsd')],
  });
  if (!result.valid) throw new Error(`ODM invalid: ${result.errors.slice(0, 5).map((e) => e.rawMessage).join('\n')}`);
}
