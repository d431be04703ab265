import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Screening records whether the participant had immunosuppressants before natalizumab (issue #6): the PML risk
 * table for anti-JCV-positive patients has one row per answer, so without it every JCV+ participant was
 * OUTSIDE_TABLE. Nullable: participants screened before this field existed stay "not recorded".
 */
export class PriorImmunosuppressant1764000410000 implements MigrationInterface {
  name = 'PriorImmunosuppressant1764000410000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "participant" ADD "prior_immunosuppressant" character varying(10)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "participant" DROP COLUMN "prior_immunosuppressant"`);
  }
}
