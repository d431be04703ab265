import { DataSource, QueryRunner } from 'typeorm';
import { diffChanges } from '@eid/audit';
import { evaluateEligibility, type Protocol } from '@eid/domain';
import {
  ADVERSE_EVENT_FORM,
  CLINIC_VISIT_FORM,
  EDSS_FORM,
  eligibilityInputOf,
  INFUSION_FORM,
  JCV_FORM,
  MRI_FORM,
  RELAPSE_FORM,
  TROUGH_FORM,
  type CreateScreeningDto,
  type EcrfFormDefinition,
} from '@eid/trial';
import { AuditChainWriter, type BulkAuditEvent } from './audit-chain-writer';
import { bulkInsert, type BulkColumn } from './bulk-insert';
import { generateParticipant } from './trial-generator';
import type { SynthOptions, SynthParticipant, SynthRecordBase } from './synthetic-trial.types';

export interface SynthTarget {
  studyId: string;
  sites: Array<{ id: string; code: string; investigatorUserId: string }>;
  protocol: Protocol;
  correlationId: string;
}

export interface SynthLoadResult {
  participants: number;
  rows: Record<string, number>;
  totalRows: number;
  ms: number;
  rowsPerSecond: number;
}

const BATCH = 200;

type Col = [string, BulkColumn['type']];
const cols = (list: Col[]): BulkColumn[] => list.map(([name, type]) => ({ name, type }));
const RECORD_COLS: Col[] = [['id', 'uuid'], ['study_id', 'uuid'], ['site_id', 'uuid'], ['participant_id', 'uuid'], ['planned_visit_id', 'uuid'], ['warnings', 'jsonb'], ['version', 'int'], ['created_by', 'uuid'], ['updated_by', 'uuid']];

/** Each eCRF table: its form definition (fields, entity type), its own columns and how a record maps onto them. */
interface FormTable<R extends SynthRecordBase> {
  form: EcrfFormDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  columns: Col[];
  records: (p: SynthParticipant) => R[];
  values: (r: R) => unknown[];
}
const table = <R extends SynthRecordBase>(t: FormTable<R>) => t as unknown as FormTable<SynthRecordBase>;

// Infusions before troughs: a trough references the infusion it precedes (FK).
const FORM_TABLES: FormTable<SynthRecordBase>[] = [
  table({ form: INFUSION_FORM, columns: [['date', 'date'], ['dose_mg', 'int'], ['lot_number', 'text'], ['administered', 'bool']], records: (p) => p.infusions, values: (r) => [r.date, r.doseMg, r.lotNumber, r.administered] }),
  table({
    form: TROUGH_FORM,
    columns: [['sampled_on', 'date'], ['concentration_ug_per_ml', 'numeric'], ['below_lloq', 'bool'], ['assay', 'text'], ['lab', 'text'], ['precedes_infusion_id', 'uuid']],
    records: (p) => p.troughs,
    values: (r) => [r.sampledOn, r.concentrationUgPerMl, r.belowLloq, r.assay, r.lab, r.precedesInfusionId],
  }),
  table({ form: JCV_FORM, columns: [['date', 'date'], ['status', 'text'], ['index', 'numeric'], ['assay', 'text']], records: (p) => p.jcv, values: (r) => [r.date, r.status, r.index, r.assay] }),
  table({
    form: RELAPSE_FORM,
    columns: [['onset_date', 'date'], ['functional_systems', 'text[]'], ['symptoms', 'text'], ['steroid_treatment', 'bool'], ['confirmed_by_neurologist', 'bool']],
    records: (p) => p.relapses,
    values: (r) => [r.onsetDate, r.functionalSystems, r.symptoms, r.steroidTreatment, r.confirmedByNeurologist],
  }),
  table({
    form: MRI_FORM,
    columns: [['date', 'date'], ['new_or_enlarging_t2_count', 'int'], ['gadolinium_enhancing_count', 'int'], ['compared_with_date', 'date']],
    records: (p) => p.mri,
    values: (r) => [r.date, r.newOrEnlargingT2Count, r.gadoliniumEnhancingCount, r.comparedWithDate],
  }),
  table({ form: EDSS_FORM, columns: [['date', 'date'], ['score', 'numeric']], records: (p) => p.edss, values: (r) => [r.date, r.score] }),
  table({ form: CLINIC_VISIT_FORM, columns: [['date', 'date'], ['window_flag', 'text'], ['notes', 'text']], records: (p) => p.clinicVisits, values: (r) => [r.date, r.windowFlag, r.notes] }),
  table({
    form: ADVERSE_EVENT_FORM,
    columns: [
      ['term', 'text'], ['onset_date', 'date'], ['resolution_date', 'date'], ['severity', 'text'], ['seriousness_criteria', 'text[]'], ['serious', 'bool'],
      ['expedited_review', 'bool'], ['relatedness', 'text'], ['action_taken', 'text'], ['outcome', 'text'], ['pml_suspected', 'bool'],
    ],
    records: (p) => p.adverseEvents,
    values: (r) => [r.term, r.onsetDate, r.resolutionDate, r.severity, r.seriousnessCriteria, r.serious, r.expeditedReview, r.relatedness, r.actionTaken, r.outcome, r.pmlSuspected],
  }),
];

const PARTICIPANT_COLS = cols([
  ['id', 'uuid'], ['study_id', 'uuid'], ['site_id', 'uuid'], ['code', 'text'], ['screening_number', 'text'], ['screening_date', 'date'], ['birth_year', 'int'], ['sex', 'text'],
  ['ms_type', 'text'], ['diagnostic_criteria', 'text'], ['natalizumab_start_date', 'date'], ['infusions_before_screening', 'int'], ['weight_kg', 'numeric'], ['status', 'text'],
  ['screening_evidence', 'jsonb'], ['eligibility', 'jsonb'], ['consent_date', 'date'], ['enrolment_date', 'date'], ['created_by', 'uuid'], ['version', 'int'],
]);
const PLANNED_VISIT_COLS = cols([['id', 'uuid'], ['study_id', 'uuid'], ['site_id', 'uuid'], ['participant_id', 'uuid'], ['kind', 'text'], ['number', 'int'], ['target_date', 'date'], ['window_from', 'date'], ['window_to', 'date'], ['status', 'text'], ['version', 'int']]);
const PLANNED_INFUSION_COLS = cols([['id', 'uuid'], ['study_id', 'uuid'], ['site_id', 'uuid'], ['participant_id', 'uuid'], ['due_date', 'date'], ['window_from', 'date'], ['window_to', 'date'], ['interval_weeks', 'int'], ['status', 'text']]);

/** Participant code as EnrolmentService allocates it: site code + zero-padded per-site number. */
export function synthParticipantCode(siteCode: string, n: number): string {
  return `${siteCode}-${String(n).padStart(4, '0')}`;
}

/**
 * The bulk path of `synth`: the rows the API's services would write for the same facts (screening →
 * enrolment with visit and infusion plans → one eCRF record per fact, each with its audit row), written with
 * one multi-row INSERT per table and batch of participants instead of one transaction per record. Proven
 * equivalent to the service path in test/synth-equivalence.e2e-spec.ts.
 */
export class SynthLoader {
  constructor(private readonly dataSource: DataSource) {}

  async load(o: SynthOptions, target: SynthTarget, log: (m: string) => void = () => undefined, afterBatch?: (q: QueryRunner, participantIds: string[]) => Promise<void>): Promise<SynthLoadResult> {
    const started = Date.now();
    const rows: Record<string, number> = {};
    const count = (t: string, n: number) => (rows[t] = (rows[t] ?? 0) + n);
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    const audit = new AuditChainWriter(q, target.studyId, 'investigator', target.correlationId);
    try {
      await audit.begin();
      for (let from = 0; from < o.participants; from += BATCH) {
        const batch: SynthParticipant[] = [];
        for (let i = from; i < Math.min(o.participants, from + BATCH); i++) batch.push(generateParticipant(target.protocol, o, i));
        await q.startTransaction();
        try {
          const events = await this.writeBatch(q, batch, target, count);
          count('audit_event', await audit.append(events));
          if (afterBatch) await afterBatch(q, batch.map((p) => p.id));
          await q.commitTransaction();
        } catch (e) {
          await q.rollbackTransaction();
          throw e;
        }
        const done = Math.min(o.participants, from + BATCH);
        if (done % 1000 === 0 || done === o.participants) log(`synth: ${done}/${o.participants} participants, ${sum(rows)} rows, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      await q.query(
        `INSERT INTO participant_code_counter (study_id, site_id, last_number)
         SELECT study_id, site_id, count(*) FROM participant WHERE study_id = $1 AND code IS NOT NULL GROUP BY study_id, site_id
         ON CONFLICT (study_id, site_id) DO UPDATE SET last_number = GREATEST(participant_code_counter.last_number, EXCLUDED.last_number)`,
        [target.studyId],
      );
    } finally {
      await audit.end().catch(() => undefined);
      await q.release();
    }
    // Fresh statistics so the first report after a load gets good plans.
    for (const t of ['participant', 'planned_visit', 'planned_infusion', 'audit_event', ...FORM_TABLES.map((f) => f.form.entityType)]) await this.dataSource.query(`ANALYZE "${t}"`);
    const ms = Date.now() - started;
    const totalRows = sum(rows);
    return { participants: o.participants, rows, totalRows, ms, rowsPerSecond: Math.round(totalRows / (ms / 1000)) };
  }

  private async writeBatch(q: QueryRunner, batch: SynthParticipant[], target: SynthTarget, count: (t: string, n: number) => void): Promise<BulkAuditEvent[]> {
    const events: BulkAuditEvent[] = [];
    const pRows: unknown[][] = [];
    const pvRows: unknown[][] = [];
    const piRows: unknown[][] = [];
    const formRows = FORM_TABLES.map(() => [] as unknown[][]);
    for (const p of batch) {
      const site = target.sites[p.siteIndex];
      const inv = site.investigatorUserId;
      const code = synthParticipantCode(site.code, p.siteNumber);
      const dto = { ...p.screening, siteId: site.id } as unknown as CreateScreeningDto;
      const eligibility = evaluateEligibility(target.protocol, eligibilityInputOf(dto), p.screening.screeningDate);
      const s = p.screening as Record<string, unknown>;
      // As ScreeningService stores it: the evidence plus the two yes/no answers.
      const evidence = { ...(s.evidence as object), mriPossible: s.mriPossible, otherImmunomodulatoryMedication: s.otherImmunomodulatoryMedication };
      pRows.push([p.id, target.studyId, site.id, code, s.screeningNumber, s.screeningDate, s.birthYear, s.sex, s.msType, s.diagnosticCriteria, s.natalizumabStartDate, s.infusionsBeforeScreening, s.weightKg, 'enrolled', evidence, eligibility, p.consentDate, p.consentDate, inv, 2]);
      const base = { actorUserId: inv, siteId: site.id, participantId: p.id, reason: null };
      events.push({
        ...base,
        action: 'create',
        entityType: 'participant',
        entityId: p.id,
        changes: { screeningNumber: { old: null, new: s.screeningNumber }, status: { old: null, new: 'screening' }, eligible: { old: null, new: eligibility.eligible }, screenFailReason: { old: null, new: null } },
      });
      events.push({
        ...base,
        action: 'status-change',
        entityType: 'participant',
        entityId: p.id,
        changes: { status: { old: 'screening', new: 'enrolled' }, code: { old: null, new: code }, consentDate: { old: null, new: p.consentDate }, enrolmentDate: { old: null, new: p.consentDate } },
      });
      for (const v of p.plannedVisits) pvRows.push([v.id, target.studyId, site.id, p.id, v.kind, v.number, v.targetDate, v.windowFrom, v.windowTo, 'planned', 1]);
      for (const pi of p.plannedInfusions) piRows.push([pi.id, target.studyId, site.id, p.id, pi.dueDate, pi.windowFrom, pi.windowTo, pi.intervalWeeks, 'planned']);
      FORM_TABLES.forEach((t, k) => {
        const fields = [...(t.form.fields as string[]), 'plannedVisitId', 'warnings'];
        for (const r of t.records(p)) {
          formRows[k].push([r.id, target.studyId, site.id, p.id, r.plannedVisitId, [], 1, inv, inv, ...t.values(r)]);
          // The same diff EcrfRecordService.create audits: every non-null field, old null.
          events.push({ ...base, action: 'create', entityType: t.form.entityType, entityId: r.id, changes: diffChanges(null, { ...r, warnings: [] } as Record<string, unknown>, fields) });
        }
      });
    }
    count('participant', await bulkInsert(q, 'participant', PARTICIPANT_COLS, pRows));
    count('planned_visit', await bulkInsert(q, 'planned_visit', PLANNED_VISIT_COLS, pvRows));
    count('planned_infusion', await bulkInsert(q, 'planned_infusion', PLANNED_INFUSION_COLS, piRows));
    for (let k = 0; k < FORM_TABLES.length; k++) {
      const t = FORM_TABLES[k];
      count(t.form.entityType, await bulkInsert(q, t.form.entityType, cols([...RECORD_COLS, ...t.columns]), formRows[k]));
    }
    return events;
  }
}

function sum(rows: Record<string, number>): number {
  return Object.values(rows).reduce((a, b) => a + b, 0);
}
