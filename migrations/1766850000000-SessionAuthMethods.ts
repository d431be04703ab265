import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `refresh_token.amr` and `auth_time`: how and when the session (refresh-token family) was signed in, so every
 * refreshed access token carries the original sign-in's methods instead of a reset ['pwd'] (docs/security.md →
 * Sessions keep their sign-in methods). Existing sessions cannot say whether a second factor was passed: they
 * get ['pwd'], the safe side (a study that requires a second factor then asks them to sign in again), and the
 * creation time of their family's first token, which is when that login happened.
 */
export class SessionAuthMethods1766850000000 implements MigrationInterface {
  name = 'SessionAuthMethods1766850000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_token" ADD "amr" character varying(20) array NOT NULL DEFAULT '{pwd}'`);
    await q.query(`ALTER TABLE "refresh_token" ADD "auth_time" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(
      `UPDATE "refresh_token" r SET "auth_time" = f.first
         FROM (SELECT "family_id", min("created_at") AS first FROM "refresh_token" GROUP BY "family_id") f
        WHERE f."family_id" = r."family_id"`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_token" DROP COLUMN "auth_time"`);
    await q.query(`ALTER TABLE "refresh_token" DROP COLUMN "amr"`);
  }
}
