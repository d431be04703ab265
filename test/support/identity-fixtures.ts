import { randomBytes } from 'node:crypto';
import { RequestContext, StudyRole } from '@eid/core';
import { UsersAdminService } from '@eid/identity';
import { TestApp } from './test-app';
import { StudiesAdminService } from '@eid/study';

export const FIXTURE_PASSWORD = 'correct horse battery staple';

/** The people of the access matrix: one per role, investigators at two sites. */
export const MATRIX_ROLES = [
  'admin',
  'investigatorOwn',
  'investigatorOther',
  'siteCoordinator',
  'monitor',
  'dataManager',
  'statistician',
] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

export interface IdentityWorld {
  studyId: string;
  studyCode: string;
  /** "Own" = the site of investigatorOwn and siteCoordinator; "other" = investigatorOther's. */
  ownSiteId: string;
  otherSiteId: string;
  users: Record<MatrixRole, { id: string; email: string; token: string; refreshToken: string }>;
}

const fixtureCtx = () => RequestContext.system(`fixture-${randomBytes(4).toString('hex')}`);

export async function createUser(
  t: TestApp,
  email: string,
  opts: { isAdmin?: boolean; password?: string | null; displayName?: string } = {},
): Promise<string> {
  const users = t.app.get(UsersAdminService);
  const password = opts.password === undefined ? FIXTURE_PASSWORD : opts.password;
  const view = await users.createUser(fixtureCtx(), {
    email,
    displayName: opts.displayName ?? email.split('@')[0],
    password: password ?? undefined,
    isAdmin: opts.isAdmin ?? false,
  });
  return view.id;
}

export async function login(
  t: TestApp,
  email: string,
  password = FIXTURE_PASSWORD,
): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A study with two sites and one user per matrix role, all logged in. Unique codes: several worlds may share a database. */
export async function buildIdentityWorld(t: TestApp, tag = randomBytes(3).toString('hex').toUpperCase()): Promise<IdentityWorld> {
  const studies = t.app.get(StudiesAdminService);
  const users = t.app.get(UsersAdminService);
  const ctx = fixtureCtx();
  const study = await studies.createStudy(ctx, { code: `S-${tag}`, title: `Study ${tag}`, protocolId: 'pdnms', protocolVersion: '1' });
  const own = await studies.createSite(ctx, { code: `A${tag}`, name: `Own site ${tag}`, country: 'NL', timezone: 'Europe/Amsterdam' });
  const other = await studies.createSite(ctx, { code: `B${tag}`, name: `Other site ${tag}`, country: 'BE', timezone: 'Europe/Brussels' });
  await studies.addStudySite(ctx, study.id, { siteId: own.id });
  await studies.addStudySite(ctx, study.id, { siteId: other.id });

  const grants: Record<MatrixRole, { role?: StudyRole; siteId?: string; isAdmin?: boolean }> = {
    admin: { isAdmin: true },
    investigatorOwn: { role: 'investigator', siteId: own.id },
    investigatorOther: { role: 'investigator', siteId: other.id },
    siteCoordinator: { role: 'site-coordinator', siteId: own.id },
    monitor: { role: 'monitor' },
    dataManager: { role: 'data-manager' },
    statistician: { role: 'statistician' },
  };
  const out = {} as IdentityWorld['users'];
  for (const name of MATRIX_ROLES) {
    const g = grants[name];
    const email = `${name.toLowerCase()}.${tag.toLowerCase()}@example.org`;
    const id = await createUser(t, email, { isAdmin: g.isAdmin });
    if (g.role) await users.grantMembership(ctx, id, { studyId: study.id, role: g.role, siteId: g.siteId });
    const tokens = await login(t, email);
    out[name] = { id, email, token: tokens.accessToken, refreshToken: tokens.refreshToken };
  }
  return { studyId: study.id, studyCode: study.code, ownSiteId: own.id, otherSiteId: other.id, users: out };
}
