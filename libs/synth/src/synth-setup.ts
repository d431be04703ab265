import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, RequestContext, StudyRole } from '@eid/core';
import { findProtocol, type Protocol } from '@eid/domain';
import { Membership, User, UsersAdminService } from '@eid/identity';
import { siteCodeOf } from './trial-generator';
import type { SynthOptions } from './synthetic-trial.types';
import type { SynthTarget } from './synth-loader';
import { Site, StudiesAdminService, Study, StudySite } from '@eid/study';

/** The zone of every synthetic site: its data must not lie after the local date there (eCRF edit checks). */
export const SYNTH_TIME_ZONE = 'Europe/Amsterdam';

export interface SynthServices {
  dataSource: DataSource;
  users: UsersAdminService;
  studies: StudiesAdminService;
}

export interface SynthStudy extends SynthTarget {
  created: boolean;
  /** Participants the study already holds (a filled study is not filled twice). */
  existingParticipants: number;
}

const PROTOCOL = { id: 'pdnms', version: '1' };

/**
 * Study, sites and accounts of a synthetic trial, created through the administration services (so they
 * are audited like any other), or found when they exist: one investigator per site, one monitor, data
 * manager and statistician. Accounts get SYNTH_PASSWORD when set, otherwise no password (they cannot sign
 * in until an administrator sets one) — a synthetic data set should not ship a known credential.
 */
export async function ensureSynthStudy(s: SynthServices, o: SynthOptions, password?: string): Promise<SynthStudy> {
  const correlationId = `synth:${o.studyCode}:${o.seed}:${randomUUID()}`;
  const protocol: Protocol | undefined = findProtocol(PROTOCOL.id, PROTOCOL.version);
  if (!protocol) throw new Error(`synth: protocol ${PROTOCOL.id} v${PROTOCOL.version} is not bundled`);
  const slug = o.studyCode.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const user = async (
    ctx: RequestContext,
    email: string,
    displayName: string,
    isAdmin = false,
  ): Promise<User | { id: string; email: string; displayName: string }> => {
    const found = await s.dataSource.getRepository(User).findOne({ where: { email } });
    return found ?? s.users.createUser(ctx, { email, displayName, password, isAdmin });
  };
  const admin = await user(
    RequestContext.system(correlationId),
    `synth-admin.${slug}@synth.local`,
    `Synth administrator ${o.studyCode}`,
    true,
  );
  const asAdmin = RequestContext.system(correlationId, {
    userId: admin.id,
    email: admin.email,
    displayName: admin.displayName,
    isAdmin: true,
    memberships: [],
  } as Actor);

  let study = await s.dataSource.getRepository(Study).findOne({ where: { code: o.studyCode } });
  const created = !study;
  if (!study) {
    study = await s.studies.createStudy(asAdmin, {
      code: o.studyCode,
      title: `Synthetic EID trial ${o.studyCode} (seed ${o.seed})`,
      protocolId: PROTOCOL.id,
      protocolVersion: PROTOCOL.version,
    });
  }
  if (study.status !== 'active')
    study = await s.studies.updateStudy(asAdmin, study.id, {
      status: 'active',
      version: study.version,
      reason: 'Synthetic trial opened for data entry',
    });

  const grant = async (userId: string, role: StudyRole, siteId?: string) => {
    const exists = await s.dataSource.getRepository(Membership).exists({ where: { userId, studyId: study!.id, role } });
    if (!exists) await s.users.grantMembership(asAdmin, userId, { studyId: study!.id, role, siteId, reason: 'Synthetic trial team' });
  };
  const sites: SynthTarget['sites'] = [];
  for (let i = 0; i < o.sites; i++) {
    const code = siteCodeOf(o.studyCode, i);
    const site =
      (await s.dataSource.getRepository(Site).findOne({ where: { code } })) ??
      (await s.studies.createSite(asAdmin, { code, name: `Synthetic site ${i + 1}`, country: 'NL', timezone: SYNTH_TIME_ZONE }));
    if (!(await s.dataSource.getRepository(StudySite).exists({ where: { studyId: study.id, siteId: site.id } })))
      await s.studies.addStudySite(asAdmin, study.id, { siteId: site.id });
    const inv = await user(asAdmin, `investigator.${code.toLowerCase()}@synth.local`, `Investigator ${code}`);
    await grant(inv.id, 'investigator', site.id);
    sites.push({ id: site.id, code, investigatorUserId: inv.id });
  }
  for (const role of ['monitor', 'data-manager', 'statistician'] as const) {
    const u = await user(asAdmin, `${role}.${slug}@synth.local`, `${role} ${o.studyCode}`);
    await grant(u.id, role);
  }
  const [{ n }] = (await s.dataSource.query(`SELECT count(*)::int AS n FROM participant WHERE study_id = $1`, [study.id])) as Array<{
    n: number;
  }>;
  return { created, existingParticipants: n, studyId: study.id, sites, protocol, correlationId };
}
