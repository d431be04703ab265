import { Alert, Badge, Card, Group, Loader, SegmentedControl, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, describeError } from '../../api/errors';
import type { DataQueryDto as DataQuery } from './use-participant-data';
import type { RecordView } from '../../api/views';
import { useActiveRole } from '../../auth/auth-context';
import { isSiteRole } from '../../auth/roles';
import { FORMS } from '../../forms/form-specs';
import { siteCodeOf, siteTimezone, useStudy } from '../../hooks/use-study';
import { isoDate, kg, STATUS_COLORS, ugPerMl, weeks } from '../../lib/format';
import { CourseTab } from './course-tab';
import { DosingCard } from './dosing-card';
import { criteriaOf, EligibilityChecklist } from './eligibility-checklist';
import { EntryClosedBanner, ParticipantFreezeControls, useEntryClosed } from './freeze-state';
import { RecordsByVisit } from './records-by-visit';
import { RecordsSection } from './records-section';
import { NO_PK_SELECTION, type PkSelection } from './use-dosing';
import { type TimelineDto, useParticipant, useParticipantQueries, useTimeline } from './use-participant-data';
import { VisitsTable } from './visits-table';

const TIMELINE_KEY: Record<string, keyof TimelineDto> = {
  infusions: 'infusions',
  troughs: 'troughs',
  jcv: 'jcv',
  relapses: 'relapses',
  mri: 'mri',
  edss: 'edss',
  'adverse-events': 'adverseEvents',
  'clinic-visits': 'clinicVisits',
};

/**
 * One participant: the course plot, the eCRF records with SDV and history, eligibility. Another site's
 * participant answers 404 from the API, shown as "not found" — its existence is not revealed.
 */
export function ParticipantPage() {
  const { participantId = '' } = useParams();
  const role = useActiveRole();
  const { data: study } = useStudy();
  const participant = useParticipant(participantId);
  const timeline = useTimeline(participantId, participant.isSuccess);
  const [pkSelection, setPkSelection] = useState<PkSelection>(NO_PK_SELECTION);
  const [recordsView, setRecordsView] = useState<'form' | 'visit'>('form');
  const queries = useParticipantQueries(participantId, participant.isSuccess);
  // Queries not yet closed, by record: marked on the record's row and field.
  const openQueries = useMemo(() => {
    const byRecord = new Map<string, DataQuery[]>();
    for (const q of queries.data?.items ?? [])
      if (q.status !== 'closed') byRecord.set(q.recordId, [...(byRecord.get(q.recordId) ?? []), q]);
    return byRecord;
  }, [queries.data]);
  const closed = useEntryClosed(participant.data, study, siteTimezone(study, participant.data?.siteId));

  if (participant.isPending) return <Loader aria-label="Loading participant" />;
  if (participant.isError) {
    const notFound = participant.error instanceof ApiError && participant.error.status === 404;
    return (
      <Alert
        color={notFound ? 'gray' : 'red'}
        title={notFound ? 'Participant not found' : 'Could not load the participant'}
        data-testid="participant-error"
      >
        {notFound ? 'There is no participant with this link that you have access to.' : describeError(participant.error)}{' '}
        <Link to="/participants">Back to the participants</Link>
      </Alert>
    );
  }
  const p = participant.data;
  const tz = siteTimezone(study, p.siteId);
  const closedByStudy = study?.status === 'locked' || study?.status === 'frozen';
  const siteRole = isSiteRole(role.role) && p.status === 'enrolled';
  const canEnter = siteRole && !closed;
  const canVerify = role.role === 'monitor';
  const t = timeline.data;
  const lastTrough = t?.troughs.filter((x) => !x.deletedAt).sort((a, b) => b.sampledOn.localeCompare(a.sampledOn))[0];
  const lastInfusion = t?.infusions.filter((x) => !x.deletedAt).sort((a, b) => b.date.localeCompare(a.date))[0];
  const nextVisit = t?.schedule.visits.find((v) => v.status !== 'done' && v.status !== 'cancelled');
  const seriousAe = t?.adverseEvents.filter((a) => !a.deletedAt && a.serious) ?? [];
  const pml = t?.adverseEvents.some((a) => !a.deletedAt && a.pmlSuspected);

  return (
    <Stack>
      <Group justify="space-between" align="start">
        <div>
          <Title order={2} data-testid="participant-code">
            {p.code ?? p.screeningNumber}
          </Title>
          <Text c="dimmed" size="sm">
            Site {siteCodeOf(study, p.siteId)} ({tz}) · screening no. {p.screeningNumber} · born {p.birthYear} · {p.sex} · {p.msType} ·{' '}
            {kg(p.weightKg)}
          </Text>
        </div>
        <Group gap="xs">
          <Badge size="lg" color={STATUS_COLORS[p.status] ?? 'gray'}>
            {p.status}
          </Badge>
          {p.frozenAt && <Badge color="blue">frozen</Badge>}
          {pml && <Badge color="red">PML suspicion</Badge>}
          {seriousAe.length > 0 && <Badge color="orange">{seriousAe.length} serious AE</Badge>}
        </Group>
      </Group>
      <EntryClosedBanner closed={closed} />
      {role.role === 'data-manager' && !closedByStudy && <ParticipantFreezeControls p={p} />}

      {p.dosingSuspended && (
        <Alert
          color="red"
          variant="filled"
          title="Dosing suspended — open PML suspicion (rule P0)"
          data-testid="dosing-suspended-banner"
          role="alert"
        >
          No natalizumab infusion until the suspicion is resolved (label: withhold at the first sign or symptom suggestive of PML). See the
          adverse events and the Dosing tab.
        </Alert>
      )}

      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Fact label="Enrolled" value={isoDate(p.enrolmentDate)} />
        <Fact
          label="Latest trough"
          value={
            lastTrough ? `${lastTrough.belowLloq ? '< LLOQ' : ugPerMl(lastTrough.concentrationUgPerMl)} (${lastTrough.sampledOn})` : '—'
          }
        />
        <Fact label="Last infusion · interval" value={lastInfusion ? `${lastInfusion.date} · ${weeks(lastInfusion.intervalWeeks)}` : '—'} />
        <Fact
          label="Next visit"
          value={nextVisit ? `${nextVisit.kind} ${nextVisit.targetDate} (window ${nextVisit.windowFrom} … ${nextVisit.windowTo})` : '—'}
        />
      </SimpleGrid>

      <Tabs defaultValue="course" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="course">Course</Tabs.Tab>
          {p.status === 'enrolled' && <Tabs.Tab value="dosing">Dosing</Tabs.Tab>}
          <Tabs.Tab value="records">eCRF records</Tabs.Tab>
          <Tabs.Tab value="visits">Visits</Tabs.Tab>
          <Tabs.Tab value="eligibility">Eligibility</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="course" pt="md">
          {timeline.isError && <Alert color="red">{describeError(timeline.error)}</Alert>}
          {t ? <CourseTab participantId={p.id} timeline={t} study={study} pk={pkSelection} /> : <Loader aria-label="Loading course" />}
        </Tabs.Panel>
        <Tabs.Panel value="dosing" pt="md">
          <DosingCard
            participantId={p.id}
            canDecide={role.role === 'investigator' && !closed}
            timeZone={tz}
            pk={pkSelection}
            onPk={setPkSelection}
          />
        </Tabs.Panel>
        <Tabs.Panel value="records" pt="md">
          <SegmentedControl
            mb="md"
            value={recordsView}
            onChange={(v) => setRecordsView(v as 'form' | 'visit')}
            data={[
              { value: 'form', label: 'By form' },
              { value: 'visit', label: 'By visit' },
            ]}
            aria-label="Organise records"
          />
          {t && recordsView === 'visit' && (
            <RecordsByVisit
              participantId={p.id}
              visits={t.schedule.visits}
              canVerify={canVerify}
              openQueries={openQueries}
              entries={FORMS.flatMap((spec) =>
                (t[TIMELINE_KEY[spec.key]] as RecordView[]).filter((r) => !r.deletedAt).map((record) => ({ spec, record })),
              )}
            />
          )}
          {t && recordsView === 'form' && (
            <Stack gap="xl">
              {FORMS.map((spec) => (
                <RecordsSection
                  key={spec.key}
                  spec={spec}
                  participantId={p.id}
                  studyId={p.studyId}
                  timeZone={tz}
                  records={(t[TIMELINE_KEY[spec.key]] as RecordView[]).filter((r) => !r.deletedAt)}
                  visits={t.schedule.visits}
                  canEnter={canEnter}
                  entryClosed={siteRole ? closed : null}
                  canVerify={canVerify}
                  openQueries={openQueries}
                  canQuery={role.role === 'monitor' || role.role === 'data-manager'}
                />
              ))}
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="visits" pt="md">
          {t?.schedule.dosingSuspended && (
            <Alert color="red" mb="sm" title="Infusion plan on hold — dosing suspended (rule P0)" data-testid="infusion-plan-suspended">
              No planned infusion is to be given until the open PML suspicion is resolved.
            </Alert>
          )}
          {t && <VisitsTable participantId={p.id} visits={t.schedule.visits} canFreeze={role.role === 'data-manager' && !closedByStudy} />}
        </Tabs.Panel>
        <Tabs.Panel value="eligibility" pt="md">
          <EligibilityChecklist criteria={criteriaOf(p.eligibility)} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Card>
  );
}
