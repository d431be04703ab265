import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { validateXML } from 'xmllint-wasm';
import { ExportCleanupService } from '@eid/exports';
import { dateShiftDays, shiftIso } from '@eid/trial';
import { asBuffer } from './support/binary-download';
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
async function download(
  t: TestApp,
  w: TrialWorld,
  user: TrialUser,
  id: string,
): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const r = await asBuffer(api(t, user).get(`/api/v1/studies/${w.studyId}/exports/${id}/file`));
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
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r') continue;
    else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
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
    await post(w.invA, pA.id, 'adverse-events', {
      term: 'Headache, after "long" drive',
      onsetDate: '2026-03-10',
      severity: 'mild',
      relatedness: 'unlikely',
      actionTaken: 'none',
      outcome: 'recovered',
    });
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
      expect.arrayContaining([
        'codebook.csv',
        'participants.csv',
        'visits.csv',
        'infusion.csv',
        'trough_sample.csv',
        'adverse_event.csv',
        'edss_assessment.csv',
        'audit_trail.csv',
      ]),
    );
    const participants = await csv('participants');
    const a = participants.find((p) => p.participant_code === pA.code)!;
    expect(a).toMatchObject({
      screening_number: screeningA,
      sex: 'female',
      sex_label: 'Female',
      ms_type: 'RRMS',
      birth_year: '1984',
      weight_kg: '68.5',
      site_code: w.siteA.code,
    });
    expect(participants.map((p) => p.participant_code).sort()).toEqual([pA.code, pB.code].sort());

    const infusions = await csv('infusion');
    expect(
      infusions
        .filter((i) => i.participant_code === pA.code)
        .map((i) => [i.date, i.dose_mg, i.lot_number, i.administered, i.administered_label]),
    ).toEqual([
      ['2026-02-02', '300', 'NTZ24A117', '1', 'Yes'],
      ['2026-03-16', '300', 'NTZ24A118', '1', 'Yes'],
    ]);
    const [trough] = await csv('trough_sample');
    expect(trough).toMatchObject({
      participant_code: pA.code,
      sampled_on: '2026-03-16',
      concentration_ug_per_ml: '18.35',
      assay: 'Sanquin ELISA',
      below_lloq: '0',
    });
    const [ae] = await csv('adverse_event');
    expect(ae).toMatchObject({ term: 'Headache, after "long" drive', severity: 'mild', severity_label: 'Mild', serious: '0' });
    const [edss] = await csv('edss_assessment');
    expect(edss).toMatchObject({ participant_code: pB.code, date: '2026-04-14', score: '3.5' });

    const codebook = await csv('codebook');
    expect(codebook.find((c) => c.table === 'infusion' && c.variable === 'dose_mg')).toMatchObject({
      label: 'Dose',
      type: 'integer',
      unit: 'mg',
    });
    expect(codebook.find((c) => c.table === 'participants' && c.variable === 'sex')!.allowed_values).toBe(
      'female=Female | male=Male | other=Other | unknown=Unknown',
    );
    expect(codebook.find((c) => c.table === 'trough_sample' && c.variable === 'concentration_ug_per_ml')).toMatchObject({
      type: 'float',
      unit: 'µg/mL',
    });

    const auditTrail = await csv('audit_trail');
    expect(auditTrail.some((e) => e.action === 'export' && e.entity_id === r.body.id)).toBe(true);
    const audits = await t.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'export_job' AND entity_id = $1 ORDER BY seq`,
      [r.body.id],
    );
    expect(audits.map((x: { action: string }) => x.action)).toEqual(['export', 'download']);

    // The reader and a README travel with the data: the R reader byte for byte the repository's.
    const reader = await zip.file('read-export.R')!.async('string');
    expect(reader).toBe(readFileSync(join(__dirname, '..', 'exports', 'r', 'read-export.R'), 'utf8'));
    const readme = await zip.file('README.txt')!.async('string');
    expect(readme).toContain('read_eid_export');
    expect(readme).toContain('Pseudonymisation: none');
    expect(readme).toContain('codebook.csv');

    if (rscript()) {
      // Runs the reader shipped INSIDE the zip on the zip itself, as a statistician would.
      const dir = mkdtempSync(join(tmpdir(), 'eid-r-'));
      writeFileSync(join(dir, 'export.zip'), body);
      writeFileSync(join(dir, 'read-export.R'), reader);
      const out = execFileSync('Rscript', [join(dir, 'read-export.R'), join(dir, 'export.zip')], { encoding: 'utf8' });
      expect(out).toContain('COLUMN infusion.dose_mg class=integer label=Dose');
      expect(out).toContain('COLUMN infusion.date class=Date');
      expect(out).toContain('COLUMN trough_sample.concentration_ug_per_ml class=numeric');
      expect(out).toContain('COLUMN infusion.administered class=logical');
      expect(out).toContain('SUM infusion.dose_mg=900');
    }
  });

  it("a statistician's XLSX is site-complete and pseudonymised: asking for more is refused (403), no screening numbers, no free text", async () => {
    // Issue 16 item 2: a request above the caller's level is refused, never silently downgraded.
    const identified = await request(w.statistician, { format: 'xlsx', shape: 'long', pseudonymisation: 'none' });
    expect(identified.status).toBe(403);
    expect(identified.body.code).toBe('PSEUDONYMISATION_REQUIRED');
    const oneSite = await request(w.statistician, {
      format: 'xlsx',
      shape: 'long',
      pseudonymisation: 'pseudonymised',
      sites: [w.siteA.id],
    });
    expect(oneSite.status).toBe(403);
    expect(oneSite.body.code).toBe('SITE_SELECTION_FORBIDDEN');
    const r = await request(w.statistician, { format: 'xlsx', shape: 'long', pseudonymisation: 'pseudonymised' });
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
    // Real Excel dates (UTC midnight of the entered calendar date) and booleans, not text and 1/0.
    expect(
      infusions.rows.filter((i) => i.participant_code === pA.code).map((i) => [i.date, i.dose_mg, i.administered, i.administered_label]),
    ).toEqual([
      [new Date(Date.UTC(2026, 1, 2)), 300, true, 'Yes'],
      [new Date(Date.UTC(2026, 2, 16)), 300, true, 'Yes'],
    ]);
    const infusionSheet = wb.getWorksheet('infusion')!;
    expect(infusionSheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(infusionSheet.getRow(2).getCell(infusions.header.indexOf('date') + 1).numFmt).toBe('yyyy-mm-dd');
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
    expectReferencesResolve(xml, false);
    expect(xml).toContain('FileType="Snapshot"');
    expect(xml).not.toContain('<User ');
    expect(xml).toContain('<ItemDef OID="IT.INFUSION.DOSE_MG" Name="dose_mg" DataType="integer">');
    expect(xml).toContain('<MeasurementUnitRef MeasurementUnitOID="MU.MG"/>');
    expect(xml).toContain('<CodeListItem CodedValue="female">');
    expect(xml).not.toContain(screeningA);
    const [{ secret }] = await t.dataSource.query('SELECT secret FROM export_secret WHERE study_id = $1', [w.studyId]);
    const shift = dateShiftDays(secret, pA.id);
    const subject = xml.slice(
      xml.indexOf(`<SubjectData SubjectKey="${pA.code}">`),
      xml.indexOf('</SubjectData>', xml.indexOf(`SubjectKey="${pA.code}"`)),
    );
    const dates = [...subject.matchAll(/ItemOID="IT.INFUSION.DATE" Value="([\d-]+)"/g)].map((m) => m[1]);
    expect(dates).toEqual([shiftIso('2026-02-02', shift), shiftIso('2026-03-16', shift)]);
    expect(xml).toContain('<ItemData ItemOID="IT.INFUSION.DOSE_MG" Value="300"/>');
  });

  it('ODM with the audit trail: schema-valid, every reference resolves, visits repeat, items carry their old values and reasons', async () => {
    // A correction with a reason: the dose of pA's first infusion 300 → 150 mg.
    const [inf] = await t.dataSource.query('SELECT id, version FROM infusion WHERE participant_id = $1 ORDER BY date LIMIT 1', [pA.id]);
    const patch = await api(t, w.invA).patch(`/api/v1/participants/${pA.id}/infusions/${inf.id}`, {
      doseMg: 150,
      version: inf.version,
      reason: 'Dose transcribed wrongly',
    });
    expect(patch.status).toBe(200);
    const r = await request(w.dataManager, { format: 'odm', shape: 'long', pseudonymisation: 'none', includeAudit: true });
    expect((await waitFor(t, w, w.dataManager, r.body.id)).status).toBe('completed');
    const xml = (await download(t, w, w.dataManager, r.body.id)).body.toString('utf8');
    await expectValidOdm(xml);
    expectReferencesResolve(xml);
    expect(xml).toContain('FileType="Transactional"');
    expect(xml).toMatch(/<AuditRecords><AuditRecord EditPoint="DBAudit" UsedImputationMethod="No" ID="AR\.\d+">/);
    // The participant's own values (level "none"); the subject sits at its site.
    expect(xml).toMatch(
      new RegExp(`<ItemData ItemOID="IT.PARTICIPANTS.SCREENING_NUMBER" TransactionType="Insert" Value="${screeningA}"><AuditRecord`),
    );
    expect(xml).toContain(`<SubjectData SubjectKey="${pA.code}"><SiteRef LocationOID="LOC.${w.siteA.code}"/>`);
    expect(xml).toContain(
      '<StudyEventDef OID="SE.VISIT" Name="Planned visit (repeat key = visit number)" Repeating="Yes" Type="Scheduled">',
    );
    expect(xml).toMatch(/<StudyEventData StudyEventOID="SE.VISIT" StudyEventRepeatKey="1"><FormData FormOID="F.VISITS">/);
    // Old value then new value of the corrected item, each with who and, for the change, why.
    const dose = [
      ...xml.matchAll(
        /<ItemData ItemOID="IT.INFUSION.DOSE_MG" TransactionType="(\w+)" Value="(\d+)"><AuditRecord[^>]*><UserRef UserOID="([^"]+)"\/><LocationRef LocationOID="[^"]+"\/><DateTimeStamp>[^<]+<\/DateTimeStamp>(?:<ReasonForChange>([^<]*)<\/ReasonForChange>)?/g,
      ),
    ].map((m) => [m[1], m[2], m[3], m[4] ?? null]);
    expect(dose).toEqual(
      expect.arrayContaining([
        ['Insert', '300', `USR.${w.invA.id}`, null],
        ['Update', '150', `USR.${w.invA.id}`, 'Dose transcribed wrongly'],
      ]),
    );
    // Derived keys (no history of their own) travel as context.
    expect(xml).toContain(`<ItemData ItemOID="IT.INFUSION.PARTICIPANT_CODE" TransactionType="Context" Value="${pA.code}"/>`);
    // No JSON of values in SourceID any more.
    expect(xml).not.toMatch(/<SourceID>[^<]*\{/);
    // Users are defined by name in AdminData (data manager export with pseudonymisation "none").
    expect(xml).toMatch(new RegExp(`<User OID="USR.${w.invA.id}"><DisplayName>[^<]+</DisplayName>`));
  });

  it('wide shape: one row per participant-visit with the forms side by side', async () => {
    const r = await request(w.dataManager, {
      format: 'csv',
      shape: 'wide',
      pseudonymisation: 'pseudonymised',
      forms: ['infusion', 'edss_assessment'],
    });
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

  it('export history: your own exports, newest first; a data manager sees the whole study but downloads only theirs', async () => {
    const list = async (u: TrialUser) => {
      const r = await api(t, u).get(`/api/v1/studies/${w.studyId}/exports`);
      expect(r.status).toBe(200);
      return r.body as Array<Record<string, any>>;
    };
    const [{ n: all }] = await t.dataSource.query('SELECT count(*)::int AS n FROM export_job WHERE study_id = $1', [w.studyId]);
    const [{ n: statisticians }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM export_job WHERE study_id = $1 AND requested_by = $2',
      [w.studyId, w.statistician.id],
    );
    const mine = await list(w.statistician);
    // The statistician requested exactly one export above (the XLSX); it is theirs and it is completed.
    expect(statisticians).toBe(1);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ format: 'xlsx', pseudonymisation: 'pseudonymised', status: 'completed', mine: true });
    expect(mine[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(mine[0].sizeBytes).toBeGreaterThan(0);
    expect(mine[0].expiresAt).toBeTruthy();
    const dm = await list(w.dataManager);
    expect(dm).toHaveLength(all);
    const created = dm.map((j) => Date.parse(j.createdAt));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    expect(dm.find((j) => j.id === mine[0].id)).toMatchObject({ mine: false });
    expect(dm.filter((j) => j.mine)).toHaveLength(all - 1);
    // Seeing it in the history does not let the data manager download the statistician's file.
    expect((await api(t, w.dataManager).get(`/api/v1/studies/${w.studyId}/exports/${mine[0].id}/file`)).status).toBe(404);
    expect((await api(t, w.invA).get(`/api/v1/studies/${w.studyId}/exports`)).status).toBe(403);
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

/** Every OID an ODM file refers to is defined in it (the XSD checks only part of this). */
function expectReferencesResolve(xml: string, withAudit = true): void {
  const defined = (el: string) => new Set([...xml.matchAll(new RegExp(`<${el} [^>]*?\\bOID="([^"]+)"`, 'g'))].map((m) => m[1]));
  const refs = (el: string, attr: string) => [...xml.matchAll(new RegExp(`<${el} [^>]*?\\b${attr}="([^"]+)"`, 'g'))].map((m) => m[1]);
  const checks: Array<[string, string, string]> = [
    ['StudyEventRef', 'StudyEventOID', 'StudyEventDef'],
    ['StudyEventData', 'StudyEventOID', 'StudyEventDef'],
    ['FormRef', 'FormOID', 'FormDef'],
    ['FormData', 'FormOID', 'FormDef'],
    ['ItemGroupRef', 'ItemGroupOID', 'ItemGroupDef'],
    ['ItemGroupData', 'ItemGroupOID', 'ItemGroupDef'],
    ['ItemRef', 'ItemOID', 'ItemDef'],
    ['ItemData', 'ItemOID', 'ItemDef'],
    ['CodeListRef', 'CodeListOID', 'CodeList'],
    ['MeasurementUnitRef', 'MeasurementUnitOID', 'MeasurementUnit'],
    ['UserRef', 'UserOID', 'User'],
    ['LocationRef', 'LocationOID', 'Location'],
    ['SiteRef', 'LocationOID', 'Location'],
  ];
  for (const [el, attr, def] of checks) {
    const known = defined(def);
    const missing = [...new Set(refs(el, attr))].filter((oid) => !known.has(oid));
    expect({ [`${el}/@${attr}`]: missing }).toEqual({ [`${el}/@${attr}`]: [] });
  }
  if (withAudit) expect(refs('UserRef', 'UserOID').length).toBeGreaterThan(0);
  expect(refs('SiteRef', 'LocationOID').length).toBeGreaterThan(0);
}

/** Rscript on the PATH (CI installs r-base-core; elsewhere the R check is skipped). */
function rscript(): boolean {
  try {
    execFileSync('Rscript', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function expectValidOdm(xml: string): Promise<void> {
  const read = (f: string) => ({ fileName: f, contents: readFileSync(join(ODM_DIR, f), 'utf8') });
  const result = await validateXML({
    xml: [{ fileName: 'export.xml', contents: xml }],
    schema: [read('ODM1-3-2.xsd')],
    preload: [read('ODM1-3-2-foundation.xsd'), read('xml.xsd'), read('xmldsig-core-schema.xsd'), read('xlink.xsd')],
  });
  if (!result.valid)
    throw new Error(
      `ODM invalid: ${result.errors
        .slice(0, 5)
        .map((e) => e.rawMessage)
        .join('\n')}`,
    );
}
