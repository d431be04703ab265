import { Module } from '@nestjs/common';
import { AuditModule } from '@eid/audit';
import { TrialModule } from '@eid/trial';
import { DosingController } from './dosing.controller';
import { DosingDecisionService } from './dosing-decision.service';
import { DosingHistoryService } from './dosing-history.service';
import { DosingProposalService } from './dosing-proposal.service';
import { ShadowMipdController } from './shadow/shadow-mipd.controller';
import { ShadowMipdService } from './shadow/shadow-mipd.service';

/**
 * Dosing (issue #4): the protocol's interval proposal with its reasons, the advisory PK table, and the
 * investigator's confirm/override decisions. Depends on the trial module (one direction only): the trial
 * module never imports this one; it reads `dosing_decision` by table name where it shows decisions (timeline).
 */
@Module({
  imports: [AuditModule, TrialModule],
  controllers: [DosingController, ShadowMipdController],
  providers: [DosingHistoryService, DosingProposalService, DosingDecisionService, ShadowMipdService],
  exports: [DosingHistoryService, DosingProposalService],
})
export class DosingModule {}
