import { MigrationInterface, QueryRunner } from 'typeorm';
import { readSqlFile } from '../libs/core/src/database/sql-files';

/**
 * Database functions and triggers come from versioned files from here on (issue 18 item 4; README "Architecture"):
 * `sql/functions/<name>_v<N>.sql`, one file per version, never edited once released. This applies the versions in
 * force, which are exactly what the earlier migrations created (checked by test/sql-files.e2e-spec.ts), so it
 * changes no behaviour: every statement is CREATE OR REPLACE. The earlier migrations stay as released.
 */
export class SqlFiles1766600000000 implements MigrationInterface {
  name = 'SqlFiles1766600000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const [name, version] of SQL_FILES) await q.query(readSqlFile(name, version));
  }

  public async down(): Promise<void> {
    // Nothing to undo: up() replaced each function and trigger with its identical definition.
  }
}

/** The versions this migration applies. */
export const SQL_FILES: ReadonlyArray<readonly [string, number]> = [
  ['audit_append_only', 1],
  ['participant_last_signed', 1],
  ['report_facts', 2],
];
