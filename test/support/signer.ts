import { randomBytes, randomUUID } from 'node:crypto';
import { PasswordHasher, TokenService } from '@eid/identity';
import { TestApp } from './test-app';
import { TrialUser, TrialWorld } from './trial-fixtures';

/** The password of the signer below: a signature re-enters it (21 CFR Part 11 §11.200). */
export const PASSWORD = 'correct horse battery staple';

/** An investigator at site A who has a password (the trial fixtures' users have none: they never sign). */
export async function signer(t: TestApp, w: TrialWorld): Promise<TrialUser> {
  const id = randomUUID();
  const hash = await t.app.get(PasswordHasher).hash(PASSWORD);
  await t.dataSource.query(
    `INSERT INTO app_user (id, email, display_name, is_admin, password_hash, version) VALUES ($1, $2, 'Dr. Anna de Vries', false, $3, 1)`,
    [id, `signer-${id.slice(0, 8)}@example.org`, hash],
  );
  await t.dataSource.query(`INSERT INTO membership (user_id, study_id, role, site_id) VALUES ($1, $2, 'investigator', $3)`, [
    id,
    w.studyId,
    w.siteA.id,
  ]);
  const family = randomUUID();
  await t.dataSource.query(
    `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
    [id, family, randomBytes(32).toString('hex')],
  );
  return { id, token: await t.app.get(TokenService).signAccess(id, family, ['pwd']) };
}
