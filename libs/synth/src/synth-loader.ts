import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AuditChainWriter } from './audit-chain-writer';
import { dropSecondaryIndexes, recreateDropped } from './bulk-indexes';
import { pauseReportFacts, REPORT_FACT_TABLES } from './bulk-report-facts';
import { copyInto } from './copy-text';
import { EncoderPool } from './encoder-pool';
import { SYNTH_TABLES, type EncodedBatch, type SynthBatchTarget } from './synth-batch';
import type { SynthOptions } from './synthetic-trial.types';

export { synthParticipantCode } from './synth-batch';

export type SynthTarget = SynthBatchTarget;

export interface SynthLoadResult {
  participants: number;
  rows: Record<string, number>;
  totalRows: number;
  ms: number;
  rowsPerSecond: number;
  /** Milliseconds per phase: waiting for the encoder workers, copying (incl. hashing the audit chain), analyze. */
  phases: Record<string, number>;
  /** Wall milliseconds spent in COPY per table. */
  tableMs: Record<string, number>;
}

export interface SynthLoadOptions {
  /** Worker threads encoding batches (default: the machine's cores, max 4; 0 = in this thread). */
  workers?: number;
  /** Participants per batch (encoded by one worker, copied as one COPY per table). */
  batch?: number;
  /** Keep the tables' secondary indexes and foreign keys in place while loading (default: drop, load, recreate). */
  keepIndexes?: boolean;
}

/**
 * The bulk path of `synth`: the rows the API's services would write for the same facts (screening →
 * enrolment with visit and infusion plans → one eCRF record per fact → dosing decisions, each with its audit
 * row), streamed with COPY FROM STDIN into the product's tables in ONE transaction: the secondary indexes and
 * foreign keys of the loaded tables are dropped first and recreated from their catalog definitions after the
 * last batch (bulk-indexes.ts), so a 10,000 × 5-year trial loads in minutes instead of maintaining ~40
 * indexes row by row. All or nothing: a failure (or a duplicate found by a rebuilt unique index) rolls the
 * whole load back. The drops hold ACCESS EXCLUSIVE locks on the loaded tables (audit_event included) until
 * commit, so other writers wait for the load — it is a set-up tool, not something to run beside live entry.
 * Batches are generated and encoded in worker threads while the previous batch is being copied. Proven
 * equivalent to the service path in test/synth-equivalence.e2e-spec.ts.
 *
 * Audit: under the chain's advisory lock, every event is hashed here in order — in the in-row chain design
 * into its own row, in the sealed-after-commit design into an audit_chain_link row written in the same batch
 * with the audit library's link hash (AuditChainWriter.copySealed), so ~1.4 M events need no separate
 * sealing pass.
 */
export class SynthLoader {
  constructor(private readonly dataSource: DataSource) {}

  async load(
    o: SynthOptions,
    target: SynthTarget,
    log: (m: string) => void = () => undefined,
    opts: SynthLoadOptions = {},
  ): Promise<SynthLoadResult> {
    const started = Date.now();
    const rows: Record<string, number> = {};
    const tableMs: Record<string, number> = {};
    const phases: Record<string, number> = { dropIndexes: 0, copy: 0, waitForEncoder: 0, recreateIndexes: 0, reportFacts: 0, analyze: 0 };
    const count = (t: string, n: number) => (rows[t] = (rows[t] ?? 0) + n);
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    const client = (q as unknown as { databaseConnection: PoolClient }).databaseConnection;
    const audit = new AuditChainWriter(q, target.studyId, 'investigator', target.correlationId);
    const size = opts.batch ?? Math.max(1, Math.min(500, Math.ceil(o.participants / 4)));
    let pool: EncoderPool | undefined;
    try {
      await audit.begin();
      const plain: SynthBatchTarget = {
        studyId: target.studyId,
        sites: target.sites,
        protocol: target.protocol,
        correlationId: target.correlationId,
      };
      pool = new EncoderPool({ synthEncoder: true, options: o, target: plain }, opts.workers);
      const starts: number[] = [];
      for (let from = 0; from < o.participants; from += size) starts.push(from);
      // Keep every worker busy with up to two batches ahead of the one being copied.
      const ahead = Math.max(1, pool.size * 2);
      const queued: Array<Promise<EncodedBatch>> = [];
      const enqueue = (k: number) => {
        if (k < starts.length) queued[k] = pool!.encode(starts[k], Math.min(o.participants, starts[k] + size));
      };
      for (let k = 0; k < ahead; k++) enqueue(k);
      let lastLog = 0;
      await q.startTransaction();
      try {
        const d0 = Date.now();
        const loaded = [...SYNTH_TABLES.map((x) => x.table), 'audit_event', ...(audit.inRow ? [] : ['audit_chain_link'])];
        const dropped = opts.keepIndexes ? [] : await dropSecondaryIndexes(q, loaded);
        const facts = await pauseReportFacts(q, loaded);
        phases.dropIndexes = Date.now() - d0;
        for (let k = 0; k < starts.length; k++) {
          const w0 = Date.now();
          const batch = await queued[k];
          phases.waitForEncoder += Date.now() - w0;
          delete queued[k];
          enqueue(k + ahead);
          const c0 = Date.now();
          await this.copyBatch(client, batch, count, tableMs);
          const a0 = Date.now();
          if (audit.inRow) await audit.copyChained(client, batch.auditEvents);
          else await audit.copySealed(client, batch.auditEvents);
          tableMs.audit_event = (tableMs.audit_event ?? 0) + Date.now() - a0;
          count('audit_event', batch.auditEvents.length);
          if (!audit.inRow) count('audit_chain_link', batch.auditEvents.length);
          phases.copy += Date.now() - c0;
          const done = Math.min(o.participants, starts[k] + size);
          if (done === o.participants || Date.now() - lastLog > 10_000) {
            lastLog = Date.now();
            log(`synth: ${done}/${o.participants} participants, ${sum(rows)} rows, ${((Date.now() - started) / 1000).toFixed(1)} s`);
          }
        }
        await q.query(
          `INSERT INTO participant_code_counter (study_id, site_id, last_number)
           SELECT study_id, site_id, count(*) FROM participant WHERE study_id = $1 AND code IS NOT NULL GROUP BY study_id, site_id
           ON CONFLICT (study_id, site_id) DO UPDATE SET last_number = GREATEST(participant_code_counter.last_number, EXCLUDED.last_number)`,
          [target.studyId],
        );
        const r0 = Date.now();
        if (dropped.length > 0) {
          // Index builds sort in memory up to maintenance_work_mem (per build, this transaction only).
          await q.query(`SET LOCAL maintenance_work_mem = '256MB'`);
          await recreateDropped(q, dropped);
        }
        phases.recreateIndexes = Date.now() - r0;
        const f0 = Date.now();
        await facts.resume(target.studyId);
        phases.reportFacts = Date.now() - f0;
        await q.commitTransaction();
      } catch (e) {
        if (q.isTransactionActive) await q.rollbackTransaction();
        throw e;
      }
    } finally {
      await pool?.close();
      await audit.end().catch(() => undefined);
      await q.release();
    }
    // Fresh statistics so the first report after a load gets good plans; the tables every report reads whole are
    // also vacuumed, which marks their pages all-visible (index-only scans, no hint bits to set on first read).
    const z0 = Date.now();
    const readWhole = ['participant', ...REPORT_FACT_TABLES];
    for (const t of [
      ...SYNTH_TABLES.map((x) => x.table),
      'audit_event',
      ...(audit.inRow ? [] : ['audit_chain_link']),
      ...REPORT_FACT_TABLES,
    ]) {
      await this.dataSource.query(readWhole.includes(t) ? `VACUUM (ANALYZE) "${t}"` : `ANALYZE "${t}"`);
    }
    phases.analyze = Date.now() - z0;
    const ms = Date.now() - started;
    const totalRows = sum(rows);
    return { participants: o.participants, rows, totalRows, ms, rowsPerSecond: Math.round(totalRows / (ms / 1000)), phases, tableMs };
  }

  private async copyBatch(
    client: PoolClient,
    batch: EncodedBatch,
    count: (t: string, n: number) => void,
    tableMs: Record<string, number>,
  ): Promise<void> {
    for (let k = 0; k < SYNTH_TABLES.length; k++) {
      const { table, columns } = SYNTH_TABLES[k];
      const t0 = Date.now();
      await copyInto(client, table, columns, batch.tables[k].text);
      tableMs[table] = (tableMs[table] ?? 0) + Date.now() - t0;
      count(table, batch.tables[k].rows);
    }
  }
}

function sum(rows: Record<string, number>): number {
  return Object.values(rows).reduce((a, b) => a + b, 0);
}
