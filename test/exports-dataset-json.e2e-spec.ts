import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import JSZip from 'jszip';
import { asBuffer } from './support/binary-download';
import { createTestApp, TestApp } from './support/test-app';
import { api, createTrialWorld, enrolledParticipant, TrialUser, TrialWorld } from './support/trial-fixtures';

jest.setTimeout(180_000);

const SCHEMA_DIR = join(__dirname, '..', 'standards', 'cdisc-dataset-json-1.1');
const datasetSchema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'dataset.schema.json'), 'utf8'));
const ajv = new Ajv2019({ strict: false, allErrors: true });
const validateDataset = ajv.compile(datasetSchema);
const validateRow = ajv.compile({ $ref: 'https://cdisc.org/dataset-json/model#/$defs/Row' });

function expectValid(validate: ReturnType<typeof ajv.compile>, doc: unknown, what: string): void {
  if (!validate(doc)) throw new Error(`${what} is not valid Dataset-JSON 1.1: ${ajv.errorsText(validate.errors)}`);
}

interface Column {
  itemOID: string;
  name: string;
  label: string;
  dataType: string;
  targetDataType?: string;
  keySequence?: number;
}
interface Dataset {
  records: number;
  name: string;
  label: string;
  itemGroupOID: string;
  columns: Column[];
  rows: unknown[][];
}

describe('Exports as CDISC Dataset-JSON 1.1 (issue 19.2, real PostgreSQL)', () => {
  let t: TestApp;
  let w: TrialWorld;
  let pA: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp();
    w = await createTrialWorld(t);
    pA = await enrolledParticipant(t, w, w.invA, w.siteA.id);
    const post = async (pid: string, form: string, body: object) => {
      const r = await api(t, w.invA).post(`/api/v1/participants/${pid}/${form}`, body);
      if (r.status !== 201) throw new Error(`${form}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    await post(pA.id, 'infusions', { date: '2026-02-02', doseMg: 300, lotNumber: 'NTZ24A117' });
    await post(pA.id, 'infusions', { date: '2026-03-16', doseMg: 300, lotNumber: 'NTZ24A118' });
    await post(pA.id, 'troughs', { sampledOn: '2026-03-16', concentrationUgPerMl: 18.35, assay: 'Sanquin ELISA' });
  });
  afterAll(async () => t?.close());

  async function exportZip(user: TrialUser, body: object): Promise<JSZip> {
    const r = await api(t, user).post(`/api/v1/studies/${w.studyId}/exports`, body);
    expect(r.status).toBe(202);
    let job = r.body as { status: string; fileName: string | null };
    for (let i = 0; i < 600 && !['completed', 'failed', 'expired'].includes(job.status); i++) {
      await new Promise((res) => setTimeout(res, 100));
      job = (await api(t, user).get(`/api/v1/studies/${w.studyId}/exports/${r.body.id}`)).body;
    }
    expect(job.status).toBe('completed');
    expect(job.fileName).toMatch(/\.zip$/);
    const file = await asBuffer(api(t, user).get(`/api/v1/studies/${w.studyId}/exports/${r.body.id}/file`));
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    return JSZip.loadAsync(file.body as Buffer);
  }

  it('JSON: one schema-valid dataset per table, item OIDs, key sequence and types from the codebook', async () => {
    const zip = await exportZip(w.dataManager, { format: 'json', shape: 'long', pseudonymisation: 'none', includeAudit: true });
    const names = Object.keys(zip.files);
    expect(names).toEqual(
      expect.arrayContaining([
        'README.txt',
        'codebook.json',
        'participants.json',
        'visits.json',
        'infusion.json',
        'trough_sample.json',
        'audit_trail.json',
      ]),
    );
    expect(names).not.toContain('read-export.R');
    const datasets: Record<string, Dataset> = {};
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      const doc = JSON.parse(await zip.file(n)!.async('string')) as Dataset;
      expectValid(validateDataset, doc, n);
      // records is the count of the snapshot and matches the rows written.
      expect(doc.rows).toHaveLength(doc.records);
      datasets[doc.name] = doc;
    }
    const infusion = datasets.infusion;
    expect(infusion).toMatchObject({ itemGroupOID: 'IG.INFUSION', label: 'Infusion', records: 2 });
    const col = (d: Dataset, name: string) => d.columns.find((c) => c.name === name)!;
    expect(col(infusion, 'dose_mg')).toEqual({ itemOID: 'IT.INFUSION.DOSE_MG', name: 'dose_mg', label: 'Dose', dataType: 'integer' });
    expect(col(infusion, 'date')).toMatchObject({ dataType: 'date' });
    expect(col(infusion, 'administered')).toMatchObject({ dataType: 'boolean' });
    expect(col(infusion, 'administered_label')).toMatchObject({ dataType: 'string', label: 'Administered (label)' });
    // Keys: the internal participant id (exported at level "none"), then the record id.
    expect(infusion.columns.filter((c) => c.keySequence).map((c) => [c.name, c.keySequence])).toEqual([
      ['participant_id', 1],
      ['record_id', 2],
    ]);
    const value = (d: Dataset, row: unknown[], name: string) => row[d.columns.findIndex((c) => c.name === name)];
    expect(
      infusion.rows.map((r) => [
        value(infusion, r, 'date'),
        value(infusion, r, 'dose_mg'),
        value(infusion, r, 'administered'),
        value(infusion, r, 'lot_number'),
      ]),
    ).toEqual([
      ['2026-02-02', 300, true, 'NTZ24A117'],
      ['2026-03-16', 300, true, 'NTZ24A118'],
    ]);
    // numeric → decimal exchanged as a string, exactly as entered (18.35, no binary rounding).
    const trough = datasets.trough_sample;
    expect(col(trough, 'concentration_ug_per_ml')).toMatchObject({ dataType: 'decimal', targetDataType: 'decimal' });
    expect(value(trough, trough.rows[0], 'concentration_ug_per_ml')).toBe('18.35');
    expect(value(trough, trough.rows[0], 'below_lloq')).toBe(false);
    // The codebook is a dataset too; every column of every dataset is in it with the same label.
    const codebook = datasets.codebook;
    const described = new Set(codebook.rows.map((r) => `${r[0]}.${r[1]}`));
    for (const d of Object.values(datasets).filter((x) => x.name !== 'codebook'))
      for (const c of d.columns) expect(described).toContain(`${d.name}.${c.name}`);
    expect(datasets.audit_trail.columns.find((c) => c.keySequence === 1)!.name).toBe('seq');
    const readme = await zip.file('README.txt')!.async('string');
    expect(readme).toContain('CDISC Dataset-JSON 1.1');
    expect(readme).toContain('Pseudonymisation: none');
  });

  it('NDJSON (statistician, pseudonymised): metadata line then one row per line, both valid; no identifying columns', async () => {
    const zip = await exportZip(w.statistician, {
      format: 'ndjson',
      shape: 'long',
      pseudonymisation: 'pseudonymised',
      forms: ['infusion'],
    });
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining(['README.txt', 'codebook.ndjson', 'participants.ndjson', 'infusion.ndjson']),
    );
    const lines = (await zip.file('infusion.ndjson')!.async('string')).split('\n').filter(Boolean);
    const meta = JSON.parse(lines[0]) as Dataset;
    expectValid(validateDataset, meta, 'infusion.ndjson metadata');
    expect(meta).not.toHaveProperty('rows');
    const rows = lines.slice(1).map((l) => JSON.parse(l) as unknown[]);
    rows.forEach((r, i) => expectValid(validateRow, r, `infusion.ndjson row ${i + 1}`));
    expect(rows).toHaveLength(meta.records);
    expect(meta.records).toBe(2);
    expect(meta.columns.map((c) => c.name)).not.toContain('participant_id');
    expect(meta.columns.filter((c) => c.keySequence).map((c) => c.name)).toEqual(['participant_code', 'record_id']);
    expect(rows.map((r) => r[meta.columns.findIndex((c) => c.name === 'participant_code')])).toEqual([pA.code, pA.code]);
    expect(await zip.file('README.txt')!.async('string')).toContain('Pseudonymisation: pseudonymised —');
  });
});
