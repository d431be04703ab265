import { MigrationInterface, QueryRunner } from 'typeorm';

/** The category of a screen failure (issue 17 item 7): the screening log's reason class beside the free text. */
export class ScreenFailCategory1766500000000 implements MigrationInterface {
  name = 'ScreenFailCategory1766500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "participant" ADD "screen_fail_category" character varying(30)`);
    // Screen failures recorded so far by the evaluation carry the failed criteria as their reason.
    await q.query(
      `UPDATE "participant" SET "screen_fail_category" = CASE WHEN "screen_fail_reason" ~ '^[A-Z][0-9]+ ' THEN 'criterion-not-met' ELSE 'other' END
        WHERE "status" = 'screen-failed'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "participant" DROP COLUMN "screen_fail_category"`);
  }
}
