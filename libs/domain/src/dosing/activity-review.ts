import { IsoDate } from '../dates';
import { DecisionRecord, ParticipantHistory } from '../history';
import { Protocol } from '../protocol/protocol.types';
import { ActivityEvent, activityBetween } from './disease-activity';

/** How the activity rule (P1/T1/F1) is answered (EV-ACTIVITY [derived], docs/science/protocols.md P1). */
export interface ActivityReview {
  /** Activity no decision has answered yet: it triggers the activity rule. */
  unanswered: ActivityEvent[];
  /** Activity answered, with the decision date that answered it. */
  answered: { event: ActivityEvent; by: IsoDate }[];
  /** Activity is looked at from this date on (inclusion, else the first given infusion); earlier is E6's concern. */
  from: IsoDate | null;
}

/** Id of the protocol's disease-activity row (P1, T1, F1); a history decision carrying it answered activity. */
export function activityRuleId(protocol: Protocol): string | null {
  return protocol.dosing.rules.find((r) => r.when.type === 'diseaseActivity')?.id ?? null;
}

/**
 * Did decision `d` answer activity event `e`? Only a decision taken on or after the event's date can. In the API a
 * decision records the ids of the activity records its proposal saw (`seenActivityIds`): it answers exactly those,
 * so activity entered after it — whatever its date — is unanswered. A history-file decision (no ids) answered
 * activity when it carries the activity rule's id in `rule` or set the activity-revert interval.
 */
export function decisionAnswers(d: DecisionRecord, e: ActivityEvent, ruleId: string | null, revertWeeks: number | null): boolean {
  if (d.date < e.date) return false;
  if (d.seenActivityIds !== undefined) return e.recordId !== undefined && d.seenActivityIds.includes(e.recordId);
  return (ruleId !== null && d.rule === ruleId) || (revertWeeks !== null && d.intervalWeeks === revertWeeks);
}

/**
 * All activity dated in [from, asOf], split into answered and unanswered: unanswered activity never expires.
 * `from` is the inclusion date, else the first given infusion of the history: activity before the study or the
 * treatment record is the entry criteria's concern (E6), not an interval decision's.
 */
export function reviewActivity(
  protocol: Protocol,
  history: ParticipantHistory,
  decisions: readonly DecisionRecord[],
  asOf: IsoDate,
  from: IsoDate | null,
): ActivityReview {
  const events = activityBetween(
    history.relapses,
    history.mri,
    from,
    asOf,
    ['relapse', 'gadolinium', 't2'],
    protocol.dosing.evidence.countUnconfirmedRelapses.value,
  );
  const ruleId = activityRuleId(protocol);
  const revertWeeks = protocol.dosing.parameters.activityRevertWeeks?.value ?? null;
  const review: ActivityReview = { unanswered: [], answered: [], from };
  for (const e of events) {
    const by = decisions.find((d) => decisionAnswers(d, e, ruleId, revertWeeks));
    if (by) review.answered.push({ event: e, by: by.date });
    else review.unanswered.push(e);
  }
  return review;
}
