import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Actor, RequestContext } from '@eid/core';
import { addDays, addMonths, findProtocol } from '@eid/domain';
import { UsersAdminService } from '@eid/identity';
import { Clock, EcrfFormDefinition, EcrfRecordService, ecrfFormByPath, PlannedVisit } from '@eid/trial';
import { DEMO_ACCOUNTS, DEMO_SITES, DEMO_STUDY, DEMO_TIME_ZONE } from './demo-accounts';
import { buildDemoPlan, type DemoEvent, type DemoParticipantPlan } from './demo-plan';
import { DemoWorkflows } from './demo-workflows';
import { Site, StudiesAdminService, Study } from '@eid/study';

export interface DemoSeedResult {
  created: boolean;
  studyId: string;
  participants: number;
  records: number;
  ms: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const form = (path: string): EcrfFormDefinition<any> => {
  const f = ecrfFormByPath(path);
  if (!f) throw new Error(`demo: no eCRF form at /${path}`);
  return f;
};

/**
 * Fills a demo trial through the same services the API uses — every row validated by the same edit checks
 * and audited in the same transaction — so the demo is indistinguishable from real use (issue #7).
 * Idempotent: a study with the demo code means the demo exists, and nothing is added twice.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersAdminService,
    private readonly studies: StudiesAdminService,
    private readonly records: EcrfRecordService,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
  ) {}

  async exists(): Promise<boolean> {
    return this.dataSource.getRepository(Study).exists({ where: { code: DEMO_STUDY.code } });
  }

  async seed(password: string, log: (msg: string) => void = () => undefined): Promise<DemoSeedResult> {
    const started = Date.now();
    const existing = await this.dataSource.getRepository(Study).findOne({ where: { code: DEMO_STUDY.code } });
    if (existing) return { created: false, studyId: existing.id, participants: 0, records: 0, ms: Date.now() - started };
    const correlationId = `demo-seed-${randomUUID()}`;
    const protocol = findProtocol(DEMO_STUDY.protocolId, DEMO_STUDY.protocolVersion);
    if (!protocol) throw new Error(`demo: protocol ${DEMO_STUDY.protocolId} v${DEMO_STUDY.protocolVersion} is not bundled`);

    // The administrator is created by the system (no actor yet); everything after is done as a person.
    const [adminAccount, ...others] = DEMO_ACCOUNTS;
    const admin = await this.users.createUser(RequestContext.system(correlationId), {
      email: adminAccount.email,
      displayName: adminAccount.displayName,
      password,
      isAdmin: true,
    });
    const adminActor: Actor = { userId: admin.id, email: admin.email, displayName: admin.displayName, isAdmin: true, memberships: [] };
    const asAdmin = RequestContext.system(correlationId, adminActor);

    const study = await this.studies.createStudy(asAdmin, { ...DEMO_STUDY });
    await this.studies.updateStudy(asAdmin, study.id, {
      status: 'active',
      version: study.version,
      reason: 'Demo study opened for data entry',
    });
    const sites = new Map<string, Site>();
    for (const s of DEMO_SITES) {
      const site = (await this.existingSite(s.code)) ?? (await this.studies.createSite(asAdmin, { ...s }));
      await this.studies.addStudySite(asAdmin, study.id, { siteId: site.id });
      sites.set(s.code, site);
    }
    const actors = new Map<string, Actor>();
    for (const a of others) {
      const user = await this.users.createUser(asAdmin, { email: a.email, displayName: a.displayName, password });
      const siteId = a.siteCode ? sites.get(a.siteCode)!.id : undefined;
      await this.users.grantMembership(asAdmin, user.id, { studyId: study.id, role: a.role!, siteId, reason: 'Demo study team' });
      actors.set(a.email, {
        userId: user.id,
        email: user.email,
        displayName: user.displayName,
        isAdmin: false,
        memberships: [{ studyId: study.id, role: a.role!, siteId: siteId ?? null }],
      });
    }
    log(
      `demo: study ${DEMO_STUDY.code} with sites ${DEMO_SITES.map((s) => s.code).join(', ')} and ${DEMO_ACCOUNTS.length} accounts created`,
    );

    const today = this.clock.todayIn(DEMO_TIME_ZONE);
    const plans = buildDemoPlan({ protocol, today });
    const workflows = new DemoWorkflows(this.moduleRef);
    let records = 0;
    const entered: { plan: DemoParticipantPlan; participantId: string }[] = [];
    for (const plan of plans) {
      const investigator = actors.get(`investigator.${plan.siteCode.toLowerCase()}@demo.local`)!;
      const ctx = RequestContext.system(correlationId, investigator);
      const candidate = await workflows.screen(ctx, study.id, sites.get(plan.siteCode)!.id, screeningOf(plan));
      if (!plan.consentDate) continue;
      if (candidate.status !== 'screening')
        throw new Error(
          `demo: ${plan.screeningNumber} is ${candidate.status} after screening; the demo plan must only enrol eligible candidates`,
        );
      await workflows.enrol(ctx, candidate.id, candidate.version, plan.consentDate);
      records += await this.enterHistory(ctx, candidate.id, plan, workflows);
      entered.push({ plan, participantId: candidate.id });
    }
    records += await this.monitor(entered, actors, workflows, correlationId);
    const ms = Date.now() - started;
    log(`demo: ${plans.length} participants with ${records} eCRF records entered in ${(ms / 1000).toFixed(1)} s`);
    return { created: true, studyId: study.id, participants: plans.length, records, ms };
  }

  /**
   * The monitor's work so far: source data verified for the older records of two participants per site, and
   * a few queries — open and answered — so the dashboard and the inbox show a study in progress.
   */
  private async monitor(
    entered: { plan: DemoParticipantPlan; participantId: string }[],
    actors: Map<string, Actor>,
    workflows: DemoWorkflows,
    correlationId: string,
  ): Promise<number> {
    const monitor = RequestContext.system(correlationId, actors.get('monitor@demo.local')!);
    const cutoff = addMonths(this.clock.todayIn(DEMO_TIME_ZONE), -6);
    let count = 0;
    for (const site of DEMO_SITES) {
      const here = entered.filter((e) => e.plan.siteCode === site.code);
      const investigator = RequestContext.system(correlationId, actors.get(`investigator.${site.code.toLowerCase()}@demo.local`)!);
      for (const { participantId } of here.slice(1, 3)) {
        for (const path of ['infusions', 'troughs', 'edss', 'mri']) {
          const page = await this.records.list(monitor, form(path), participantId, { limit: 200 } as never);
          for (const r of page.items.filter((r) => String((r as unknown as Record<string, unknown>)[form(path).dateField]) < cutoff)) {
            await this.records.verify(monitor, form(path), participantId, r.id, { version: r.version });
            count++;
          }
        }
      }
      const [first, second] = here.slice(3, 5);
      for (const [target, answer] of [
        [first, undefined],
        [second, 'Checked against the laboratory report: the value is correct.'],
      ] as const) {
        if (!target) continue;
        const troughs = await this.records.list(monitor, form('troughs'), target.participantId, { limit: 1 } as never);
        const trough = troughs.items[0];
        if (!trough) continue;
        await workflows.query(
          monitor,
          investigator,
          target.participantId,
          {
            entityType: 'trough_sample',
            recordId: trough.id,
            field: 'concentrationUgPerMl',
            text: 'Please confirm this value against the laboratory report.',
          },
          answer,
        );
        count++;
      }
    }
    return count;
  }

  private existingSite(code: string): Promise<Site | null> {
    return this.dataSource.getRepository(Site).findOne({ where: { code } });
  }

  private async enterHistory(
    ctx: RequestContext,
    participantId: string,
    plan: DemoParticipantPlan,
    workflows: DemoWorkflows,
  ): Promise<number> {
    const state: EntryState = {
      workflows,
      visits: await this.dataSource.getRepository(PlannedVisit).find({ where: { participantId }, order: { targetDate: 'ASC' } }),
      usedVisits: new Set<string>(),
      pendingTrough: null,
    };
    let count = 0;
    for (const e of plan.events) {
      try {
        count += await this.enter(ctx, participantId, e, state);
      } catch (err) {
        const details = (err as { details?: unknown }).details;
        throw new Error(
          `demo: ${plan.screeningNumber} ${e.kind} on ${e.date}: ${(err as Error).message}${details ? ` ${JSON.stringify(details)}` : ''}`,
          { cause: err },
        );
      }
    }
    return count;
  }

  /** Enters one planned event through the eCRF service; returns the number of records written. */
  private async enter(ctx: RequestContext, participantId: string, e: DemoEvent, state: EntryState): Promise<number> {
    const create = (path: string, input: Record<string, unknown>) => this.records.create(ctx, form(path), participantId, input);
    switch (e.kind) {
      case 'trough':
        // Drawn that morning before the infusion; entered with the infusion so it links to it (trough "precedes").
        state.pendingTrough = e;
        return 0;
      case 'infusion': {
        const infusion = await create('infusions', { date: e.date, doseMg: e.doseMg, lotNumber: e.lotNumber, administered: true });
        const t = state.pendingTrough;
        state.pendingTrough = null;
        if (!t) return 1;
        await create('troughs', {
          sampledOn: t.date,
          concentrationUgPerMl: t.ugPerMl,
          belowLloq: false,
          assay: 'ELISA',
          lab: 'Sanquin (demo)',
          precedesInfusionId: infusion.id,
        });
        return 2;
      }
      case 'decision': {
        const made = await state.workflows.confirmDecision(ctx, participantId, e.date);
        // The plan ran the same decision engine; a different outcome means the data entered differ from it.
        if (made.intervalWeeks !== e.toWeeks)
          throw new Error(
            `the service proposed ${made.decision} → ${made.intervalWeeks} weeks, the plan ${e.decision} → ${e.toWeeks} weeks`,
          );
        return 1;
      }
      case 'jcv':
        await create('jcv', { date: e.date, status: e.status, index: e.index, assay: 'STRATIFY JCV DxSelect' });
        return 1;
      case 'relapse':
        await create('relapses', {
          onsetDate: e.date,
          functionalSystems: e.functionalSystems,
          symptoms: 'Subacute sensory symptoms (demo)',
          steroidTreatment: e.steroidTreatment,
          confirmedByNeurologist: true,
        });
        return 1;
      case 'mri':
        await create('mri', {
          date: e.date,
          newOrEnlargingT2Count: e.newOrEnlargingT2Count,
          gadoliniumEnhancingCount: e.gadoliniumEnhancingCount,
          comparedWithDate: e.comparedWithDate,
        });
        return 1;
      case 'edss':
        await create('edss', { date: e.date, score: e.score });
        return 1;
      case 'clinic-visit': {
        const visit = state.visits.find((v) => !state.usedVisits.has(v.id) && e.date >= v.windowFrom && e.date <= v.windowTo);
        if (!visit) return 0;
        state.usedVisits.add(visit.id);
        await create('clinic-visits', { plannedVisitId: visit.id, date: e.date, notes: e.notes });
        return 1;
      }
      case 'adverse-event':
        await create('adverse-events', adverseEventOf(e));
        return 1;
    }
  }
}

interface EntryState {
  workflows: DemoWorkflows;
  visits: PlannedVisit[];
  usedVisits: Set<string>;
  pendingTrough: Extract<DemoEvent, { kind: 'trough' }> | null;
}

function adverseEventOf(e: Extract<DemoEvent, { kind: 'adverse-event' }>) {
  return {
    term: e.term,
    onsetDate: e.date,
    severity: e.severity,
    serious: e.serious,
    seriousnessCriteria: e.serious ? (e.pmlSuspected ? ['IMPORTANT_MEDICAL_EVENT'] : ['HOSPITALISATION']) : [],
    relatedness: e.pmlSuspected ? 'possible' : 'unlikely',
    actionTaken: e.pmlSuspected ? 'drug-interrupted' : 'none',
    outcome: e.serious ? 'not-recovered' : 'recovered',
    resolutionDate: e.serious ? null : addDays(e.date, 2),
    pmlSuspected: e.pmlSuspected,
  } as Record<string, unknown>;
}

/** The screening form as an investigator fills it: entry-criteria evidence of the past 12 months. */
export function screeningOf(plan: DemoParticipantPlan): Record<string, unknown> {
  // The last three Q4W infusions up to and including the screening visit (demo-plan: the screening trough precedes it).
  const priorInfusions = [0, 1, 2].map((i) => addDays(plan.screeningDate, -28 * i)).reverse();
  return {
    screeningNumber: plan.screeningNumber,
    screeningDate: plan.screeningDate,
    birthYear: plan.birthYear,
    sex: plan.sex,
    msType: 'RRMS',
    diagnosticCriteria: 'McDonald 2010',
    natalizumabStartDate: plan.natalizumabStartDate,
    infusionsBeforeScreening: plan.infusionsBeforeScreening,
    weightKg: plan.weightKg,
    mriPossible: true,
    otherImmunomodulatoryMedication: false,
    evidence: {
      relapses: [],
      mri: [{ date: addMonths(plan.screeningDate, -2), newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0 }],
      edss: [{ date: plan.screeningDate, score: 2 }],
      screeningTrough: { sampledOn: plan.screeningDate, concentrationUgPerMl: plan.screeningTroughUgPerMl },
      infusions: priorInfusions.slice(-3).map((date) => ({ date, doseMg: 300 })),
    },
  };
}
