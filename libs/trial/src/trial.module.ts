import { Module, OnModuleInit, Optional } from '@nestjs/common';
import { AuditModule } from '@eid/audit';
import { ScopeResolverRegistry } from '@eid/identity';
import { Clock } from './common/clock';
import { SiteCalendar } from './common/site-calendar';
import { RecordChangeHooks } from './common/record-change-hooks';
import { EcrfRecordService } from './forms/ecrf-record.service';
import { ECRF_FORM_CONTROLLERS } from './forms/ecrf-forms';
import { FreezeService } from './freeze/freeze.service';
import { ParticipantHistoryService } from './history/participant-history.service';
import { EnrolmentService } from './participants/enrolment.service';
import { ParticipantAccessService } from './participants/participant-access.service';
import { ParticipantDirectoryService } from './participants/participant-directory.service';
import { ParticipantStatusService } from './participants/participant-status.service';
import { ParticipantsController } from './participants/participants.controller';
import { ScreeningService } from './participants/screening.service';
import { ScreeningEvidenceService } from './participants/screening-evidence.service';
import { ScheduleService } from './schedule/schedule.service';
import { PmlSuspicionController } from './safety/pml-suspicion.controller';
import { PmlSuspicionService } from './safety/pml-suspicion.service';
import { StudyStatusController } from './study/study-status.controller';
import { StudyStatusService } from './study/study-status.service';
import { TimelineService } from './timeline/timeline.service';

/** Bound of the participant → study/site memo of the scope resolver (~100 bytes each). */
const PARTICIPANT_LOCATIONS_CACHED = 200_000;

/** Participants, schedules, eCRF forms, SDV, freeze/lock and the timeline (issue #5). */
@Module({
  imports: [AuditModule],
  controllers: [ParticipantsController, StudyStatusController, PmlSuspicionController, ...ECRF_FORM_CONTROLLERS],
  providers: [
    Clock,
    SiteCalendar,
    RecordChangeHooks,
    ParticipantAccessService,
    EcrfRecordService,
    ScreeningService,
    ScreeningEvidenceService,
    EnrolmentService,
    ParticipantStatusService,
    ParticipantDirectoryService,
    ScheduleService,
    FreezeService,
    StudyStatusService,
    TimelineService,
    ParticipantHistoryService,
    PmlSuspicionService,
  ],
  exports: [
    Clock,
    SiteCalendar,
    RecordChangeHooks,
    ParticipantAccessService,
    EcrfRecordService,
    ScheduleService,
    ParticipantHistoryService,
    TimelineService,
  ],
})
export class TrialModule implements OnModuleInit {
  constructor(@Optional() private readonly scopeResolvers?: ScopeResolverRegistry) {}

  /** Lets the global AuthGuard locate `:participantId` routes (404 outside the caller's sites, then the role check). */
  onModuleInit(): void {
    // A participant's study and site never change after creation (no transfer between sites; rows are never
    // deleted), so a found location is remembered: the guard then costs no query on the eCRF write path.
    const located = new Map<string, { studyId: string; siteId: string }>();
    this.scopeResolvers?.register('participantId', async (em, id) => {
      const known = located.get(id);
      if (known) return known;
      const rows = (await em.query('SELECT study_id AS "studyId", site_id AS "siteId" FROM participant WHERE id = $1', [id])) as Array<{
        studyId: string;
        siteId: string;
      }>;
      if (!rows[0]) return null;
      if (located.size >= PARTICIPANT_LOCATIONS_CACHED) located.clear();
      located.set(id, rows[0]);
      return rows[0];
    });
  }
}
