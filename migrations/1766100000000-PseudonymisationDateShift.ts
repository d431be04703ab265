import { MigrationInterface, QueryRunner } from 'typeorm';

/** A study's date-shift policy for pseudonymised data: statistician reads and exports shifted (issue 16 item 2). */
export class PseudonymisationDateShift1766100000000 implements MigrationInterface {
  name = 'PseudonymisationDateShift1766100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "study" ADD "pseudonymisation_date_shift" boolean NOT NULL DEFAULT false`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "study" DROP COLUMN "pseudonymisation_date_shift"`);
  }
}
