import { Writable } from 'node:stream';
import { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { studyOidOf } from '../dataset/oids';
import { DateShifter } from '@eid/trial';
import { visibleVariables } from '../dataset/pseudonymisation';
import { rowFormatter } from '../dataset/row-format';
import { DatasetTable } from '../dataset/variable';
import type { PseudonymisationLevel } from '../export-job.entity';
import { itemHistories, locationOid, userOid } from '../writers/odm-history';
import { OdmTable, OdmWriter, STUDY_EVENTS } from '../writers/odm.writer';
import { odmAdminData, odmPlacement, odmRecordSelect, OdmRecordRow } from './odm-queries';
import { BATCH_ROWS } from './export-batch';
import { ProgressReporter } from './progress-reporter';

export interface OdmExportInput {
  tables: DatasetTable[];
  level: PseudonymisationLevel;
  shifter: DateShifter | null;
  /** $1 study id, $2 site ids or null, $3 only coded participants. */
  params: unknown[];
  study: { code: string; title: string; protocol_id: string; protocol_version: string };
  snapshotAt: string;
  jobId: string;
  progress: ProgressReporter;
}

/** The CDISC ODM 1.3.2 file of an export, streamed from the export's snapshot (OdmWriter). */
export async function writeOdm(out: Writable, client: PoolClient, o: OdmExportInput): Promise<void> {
  const { tables, level, shifter, params, study, snapshotAt, jobId, progress } = o;
  const odm = new OdmWriter(out);
  const audit = tables.find((t) => t.name === 'audit_trail');
  const clinical: OdmTable[] = tables
    .filter((t) => t.kind !== 'study' && t.name !== 'visit_wide')
    .map((table) => ({ table, variables: visibleVariables(table, level), placement: odmPlacement(table) }));
  await odm.begin({
    fileOid: `EXPORT.${jobId}`,
    studyOid: studyOidOf(study.code),
    studyName: study.code,
    protocolName: `${study.protocol_id} v${study.protocol_version}`,
    description: study.title,
    creationDateTime: snapshotAt,
    tables: clinical,
    fileType: audit ? 'Transactional' : 'Snapshot',
    ...(await odmAdminData(client, params[0] as string, !!audit)),
  });
  // One ordered stream over every participant-level table: participant → event → visit → table → record, so each
  // SubjectData (and each visit's StudyEventData) is written once and in full without holding it in memory.
  const union = clinical.map(({ table, variables, placement }, i) => odmRecordSelect(table, variables, placement, i, !!audit)).join(' UNION ALL ');
  const formats = clinical.map((c) => rowFormatter(c.variables, shifter));
  const names = clinical.map((c) => c.variables.map((v) => v.name));
  let current: string | null = null;
  const stream = client.query(new QueryStream(`SELECT pid, pcode, scode, ev, vn, ti, rn, vals, hist FROM (${union}) x ORDER BY pid, ev, vn NULLS FIRST, ti, rn`, params, { batchSize: BATCH_ROWS }));
  for await (const row of stream as AsyncIterable<OdmRecordRow>) {
    if (row.pid !== current) {
      current = row.pid;
      odm.startSubject(row.pcode ?? row.pid, locationOid(row.scode));
    }
    const t = clinical[row.ti];
    // rowFormatter expects the participant id after the values; labels are dropped (ODM decodes via CodeLists).
    const values = dropLabels(t.variables, formats[row.ti]([...row.vals, row.pid]));
    const event = row.ev === 0 ? STUDY_EVENTS.enrolment : row.ev === 1 ? STUDY_EVENTS.visit : STUDY_EVENTS.unscheduled;
    const repeating = t.placement !== 'enrolment' && t.placement !== 'visit';
    await odm.form(t, { eventOid: event.oid, eventRepeatKey: row.ev === 1 ? row.vn : null, formRepeatKey: repeating ? Number(row.rn) : null }, values, itemHistories(names[row.ti], row.hist));
    await progress.tick();
  }
  if (audit) {
    const rows = client.query(
      new QueryStream(
        `SELECT t.seq::text AS seq, t.actor_user_id, s.code AS site_code, to_char(t.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
                t.reason, t.action, t.entity_type, t.entity_id, p.code AS pcode ${audit.from} ORDER BY t.seq`,
        params,
        { batchSize: BATCH_ROWS },
      ),
    );
    const records = (async function* () {
      for await (const r of rows as AsyncIterable<Record<string, string | null>>) {
        await progress.tick();
        // What happened to which record; the values themselves are in the ItemData histories above.
        yield {
          id: `AR.${r.seq}`,
          userOid: userOid(r.actor_user_id),
          locationOid: locationOid(r.site_code),
          dateTimeStamp: r.at!,
          reasonForChange: r.reason,
          sourceId: `${r.action} ${r.entity_type} ${r.entity_id}${r.pcode ? ` (${r.pcode})` : ''}`,
        };
      }
    })();
    await odm.auditRecords(records);
  }
  await odm.finish();
}

function dropLabels(variables: OdmTable['variables'], cells: Array<string | number | null>): Array<string | number | null> {
  const out: Array<string | number | null> = [];
  let i = 0;
  for (const v of variables) {
    out.push(cells[i]);
    i += v.codeList ? 2 : 1;
  }
  return out;
}
