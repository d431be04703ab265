import type { QueryRunner } from 'typeorm';

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The tables the report facts live in (migration ReportFacts): analysed after a load like the loaded tables. */
export const REPORT_FACT_TABLES = ['report_participant_facts', 'report_span_facts', 'report_trough_facts', 'report_trough_histogram'];

/**
 * Bulk-load helper for the report facts (migration ReportFacts): their triggers would recompute each COPY
 * batch's participants from tables whose indexes the load has dropped, so the loader switches them off for the
 * load and rebuilds the study's facts once, set-based, after the indexes are back. Must run in the loading
 * transaction: ALTER TABLE … DISABLE TRIGGER is transactional, so a failed load leaves the triggers as they were.
 */
export async function pauseReportFacts(q: QueryRunner, tables: readonly string[]): Promise<{ resume: (studyId: string) => Promise<void> }> {
  const triggers = (await q.query(
    `SELECT c.relname AS "table", t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND t.tgname LIKE 'report\\_facts\\_%' AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1)
      ORDER BY 1, 2`,
    [tables],
  )) as Array<{ table: string; name: string }>;
  for (const t of triggers) await q.query(`ALTER TABLE ${ident(t.table)} DISABLE TRIGGER ${ident(t.name)}`);
  return {
    resume: async (studyId: string) => {
      for (const t of triggers) await q.query(`ALTER TABLE ${ident(t.table)} ENABLE TRIGGER ${ident(t.name)}`);
      if (triggers.length > 0)
        await q.query(`SELECT report_facts_refresh(array_agg(id), NULL) FROM participant WHERE study_id = $1`, [studyId]);
    },
  };
}
