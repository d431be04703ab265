import { Alert, Button, Checkbox, Divider, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { blockEnterSubmit, DateField } from '../../components/date-field';
import { ApiError, describeError } from '../../api/errors';
import type { components } from '../../api/schema';
import type { StudySiteView } from '../../api/views';
import { siteToday } from '../../lib/site-calendar';
import { EMPTY_EVIDENCE, evidenceBody, EVIDENCE_FIELDS, num, str } from './evidence-values';
import { type ScreeningResult, useScreeningActions } from './use-screening';

type Screening = components['schemas']['CreateScreeningDto'];

/**
 * The screening form: the candidate and the entry-criteria evidence of the past 12 months. The server
 * evaluates the protocol's eligibility criterion by criterion and records a screen failure with its reason.
 */
export function ScreeningForm({
  studyId,
  sites,
  onScreened,
}: {
  studyId: string;
  sites: StudySiteView[];
  onScreened(r: ScreeningResult): void;
}) {
  const { screen } = useScreeningActions();
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: {
      siteId: sites[0]?.id ?? '',
      screeningNumber: '',
      // The default is the site's local date (the server checks against the same date).
      screeningDate: sites[0] ? siteToday(sites[0].timezone) : '',
      birthYear: '' as number | string,
      sex: 'female',
      msType: 'RRMS',
      diagnosticCriteria: 'McDonald 2010',
      natalizumabStartDate: '',
      infusionsBeforeScreening: '' as number | string,
      weightKg: '' as number | string,
      mriPossible: true,
      otherImmunomodulatoryMedication: false,
      ...EMPTY_EVIDENCE,
    },
  });

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setProblem(null);
    const body: Screening = {
      siteId: v.siteId,
      screeningNumber: v.screeningNumber,
      screeningDate: v.screeningDate,
      birthYear: Number(v.birthYear),
      sex: v.sex as Screening['sex'],
      msType: v.msType as Screening['msType'],
      diagnosticCriteria: str(v.diagnosticCriteria),
      natalizumabStartDate: v.natalizumabStartDate,
      infusionsBeforeScreening: Number(v.infusionsBeforeScreening),
      weightKg: num(v.weightKg),
      mriPossible: v.mriPossible,
      otherImmunomodulatoryMedication: v.otherImmunomodulatoryMedication,
      evidence: evidenceBody(v),
    };
    try {
      onScreened(await screen(studyId, body));
      form.reset();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400)
        form.setErrors(Object.fromEntries(Object.entries(e.fieldErrors()).map(([k, r]) => [EVIDENCE_FIELDS[k] ?? k, r])));
      setProblem(e);
    } finally {
      setBusy(false);
    }
  });
  type Name = keyof typeof form.values;
  const date = (name: Name, label: string, required = false) => (
    <DateField
      label={label}
      required={required}
      error={form.getInputProps(name).error}
      value={form.values[name] as string}
      onValue={(d) => form.setFieldValue(name, d as never)}
    />
  );

  return (
    <form onSubmit={submit} onKeyDown={blockEnterSubmit} noValidate aria-label="Screening form">
      <Stack gap="sm">
        {problem !== null && (
          <Alert color="red" title="Not screened" role="alert">
            {describeError(problem)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {sites.length > 1 ? (
            <Select label="Site" required data={sites.map((s) => ({ value: s.id, label: s.code }))} {...form.getInputProps('siteId')} />
          ) : (
            <TextInput label="Site" value={sites[0]?.code ?? ''} readOnly />
          )}
          <TextInput label="Screening number" required {...form.getInputProps('screeningNumber')} />
          {date('screeningDate', 'Screening date', true)}
          <NumberInput label="Year of birth" required min={1900} max={2100} clampBehavior="none" {...form.getInputProps('birthYear')} />
          <Select label="Sex" required data={['female', 'male', 'other', 'unknown']} {...form.getInputProps('sex')} />
          <Select label="MS type" required data={['RRMS', 'SPMS', 'PPMS', 'CIS', 'other']} {...form.getInputProps('msType')} />
          <TextInput label="Diagnostic criteria" {...form.getInputProps('diagnosticCriteria')} />
          {date('natalizumabStartDate', 'Natalizumab start date', true)}
          <NumberInput label="Infusions so far" required min={0} clampBehavior="none" {...form.getInputProps('infusionsBeforeScreening')} />
          <NumberInput label="Weight (kg)" min={0} clampBehavior="none" rightSection="kg" {...form.getInputProps('weightKg')} />
          {date('lastInfusionDate', 'Last infusion before screening')}
        </SimpleGrid>
        <Group>
          <Checkbox label="Able to undergo frequent MRI" {...form.getInputProps('mriPossible', { type: 'checkbox' })} />
          <Checkbox
            label="Other immunomodulatory medication"
            {...form.getInputProps('otherImmunomodulatoryMedication', { type: 'checkbox' })}
          />
        </Group>
        <Divider label="Entry-criteria evidence (past 12 months)" labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {date('troughDate', 'Screening trough date')}
          <NumberInput
            label="Screening trough (µg/mL)"
            min={0}
            max={500}
            decimalScale={2}
            clampBehavior="none"
            rightSection="µg/mL"
            rightSectionWidth={56}
            {...form.getInputProps('troughUgPerMl')}
          />
          <Checkbox mt="xl" label="Trough below LLOQ" {...form.getInputProps('troughBelowLloq', { type: 'checkbox' })} />
          {date('mriDate', 'Most recent MRI')}
          <NumberInput label="New/enlarging T2 lesions" min={0} clampBehavior="none" {...form.getInputProps('mriT2')} />
          <NumberInput label="Gd-enhancing lesions" min={0} clampBehavior="none" {...form.getInputProps('mriGd')} />
          {date('edssDate', 'Baseline EDSS date')}
          <NumberInput
            label="Baseline EDSS"
            min={0}
            max={10}
            step={0.5}
            decimalScale={1}
            clampBehavior="none"
            {...form.getInputProps('edssScore')}
          />
          {date('relapseOnset', 'Relapse onset (if any)')}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Screen candidate
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
