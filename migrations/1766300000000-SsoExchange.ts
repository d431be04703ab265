import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sso_exchange`: one-time codes that carry a finished OIDC login from the callback to the web app without
 * putting a token in a URL (issue 17 item 2, docs/security.md → Single sign-on in the web app).
 */
export class SsoExchange1766300000000 implements MigrationInterface {
  name = 'SsoExchange1766300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "sso_exchange" ("code_hash" character(64) NOT NULL, "user_id" uuid NOT NULL, "amr" character varying(20) array NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sso_exchange" PRIMARY KEY ("code_hash"))`,
    );
    await q.query(`CREATE INDEX "ix_sso_exchange_user" ON "sso_exchange" ("user_id") `);
    await q.query(
      `ALTER TABLE "sso_exchange" ADD CONSTRAINT "fk_sso_exchange_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sso_exchange"`);
  }
}
