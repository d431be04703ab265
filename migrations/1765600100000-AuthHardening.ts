import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authentication hardening (issue 16 item 5, docs/security.md):
 * - `app_user.must_change_password`: set by an administrator's password reset; login then only allows the
 *   password change.
 * - `auth_throttle`: fixed-window attempt counters for login, refresh, signing and MFA, per address and per
 *   account, shared by every API process when no Redis is configured.
 */
export class AuthHardening1765600100000 implements MigrationInterface {
  name = 'AuthHardening1765600100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE TABLE "auth_throttle" ("key" character varying(200) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "hits" integer NOT NULL, CONSTRAINT "pk_auth_throttle" PRIMARY KEY ("key"))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "auth_throttle"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "must_change_password"`);
  }
}
