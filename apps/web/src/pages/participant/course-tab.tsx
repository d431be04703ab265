import { Alert, Card, Loader } from '@mantine/core';
import { useMemo } from 'react';
import { describeError } from '../../api/errors';
import { CoursePlot } from '../../components/charts/course-plot';
import type { useStudy } from '../../hooks/use-study';
import { protocolOf, troughThresholds } from '../../lib/protocols';
import { courseDataOf } from './course-data';
import { type PkSelection, useDosing } from './use-dosing';
import { type TimelineDto, useDecisions } from './use-participant-data';

type Study = ReturnType<typeof useStudy>['data'];

/**
 * The Course tab: the timeline, the recorded decisions and — when a candidate is selected in the Dosing tab's PK
 * table — that candidate's prediction band, on one plot. Thresholds only for rules the protocol enables.
 */
export function CourseTab({
  participantId,
  timeline,
  study,
  pk,
}: {
  participantId: string;
  timeline: TimelineDto;
  study: Study;
  pk: PkSelection;
}) {
  const decisions = useDecisions(participantId);
  // Same query key as the Dosing tab's: the selected candidate's prediction is usually already in the cache.
  const dosing = useDosing(participantId, pk, pk.course !== null);
  const thresholds = useMemo(() => troughThresholds(study?.protocolId, study?.protocolVersion), [study]);
  const startIntervalWeeks = protocolOf(study?.protocolId, study?.protocolVersion)?.dosing.startIntervalWeeks?.value ?? null;
  const data = useMemo(
    () =>
      decisions.data
        ? courseDataOf({
            timeline,
            decisions: decisions.data.items,
            thresholds,
            startIntervalWeeks,
            pk: pk.course !== null && dosing.data ? dosing.data.pk : null,
          })
        : null,
    [timeline, decisions.data, thresholds, startIntervalWeeks, pk.course, dosing.data],
  );
  if (decisions.isError) return <Alert color="red">{describeError(decisions.error)}</Alert>;
  if (!data) return <Loader aria-label="Loading course" />;
  return (
    <Card withBorder>
      {dosing.isError && (
        <Alert color="orange" mb="xs" title="PK prediction band not drawn">
          {describeError(dosing.error)}
        </Alert>
      )}
      <CoursePlot data={data} />
    </Card>
  );
}
