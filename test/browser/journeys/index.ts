import type { Journey } from '../support/journey';
import { accountMfaJourney } from './account-mfa.journey';
import { adminSetupJourney } from './admin-setup.journey';
import { freezeJourney } from './freeze.journey';
import { investigatorDosingJourney } from './investigator-dosing.journey';
import { investigatorPmlJourney } from './investigator-pml.journey';
import { mfaFirstLoginJourney } from './mfa-first-login.journey';
import { monitorAuditJourney } from './monitor-audit.journey';
import { monitorQueryJourney } from './monitor-query.journey';
import { platformLogJourney } from './platform-log.journey';
import { screeningJourney } from './screening.journey';
import { siteScopingJourney } from './site-scoping.journey';
import { ssoJourney } from './sso.journey';
import { statisticianExportJourney } from './statistician-export.journey';
import { statisticianReportsJourney } from './statistician-reports.journey';
import { tabletListJourney } from './tablet-list.journey';

/** In order: later journeys may rely on data entered by earlier ones only where they say so. */
export const JOURNEYS: Journey[] = [
  investigatorDosingJourney,
  investigatorPmlJourney,
  monitorQueryJourney,
  siteScopingJourney,
  statisticianExportJourney,
  statisticianReportsJourney,
  adminSetupJourney,
  freezeJourney,
  monitorAuditJourney,
  tabletListJourney,
  accountMfaJourney,
  mfaFirstLoginJourney,
  ssoJourney,
  screeningJourney,
  platformLogJourney,
];
