import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError, describeError } from '../../api/errors';
import { useSubmit } from '../../hooks/use-submit';
import { blockEnterSubmit, DateField } from '../../components/date-field';
import { EMPTY_EVIDENCE, evidenceBody, EVIDENCE_FIELDS, str } from './evidence-values';
import { type Candidate, type EvidenceChange, type ScreeningResult, useScreeningActions } from './use-screening';

type Input = NonNullable<Candidate['eligibility']['criteria'][number]['inputs']>[number];
/** What this form can add; the rest (diagnosis, birth year, natalizumab start) were required at screening. */
const COMPLETABLE: Input[] = [
  'diagnosticCriteria',
  'mriPossible',
  'otherImmunomodulatoryMedication',
  'screeningTrough',
  'mri',
  'relapses',
  'edss',
  'infusions',
];
const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];
const yesNo = (v: string) => (v === 'yes' ? true : v === 'no' ? false : undefined);

/**
 * "Complete evidence" of a candidate whose eligibility is unknown: the unknown criteria of the checklist name what
 * they read (the criterion's inputs), and the form offers exactly those fields. The server adds the evidence,
 * evaluates the criteria again and answers with the new checklist.
 */
export function EvidenceForm({ candidate, onDone }: { candidate: Candidate; onDone(r: ScreeningResult): void }) {
  const { completeEvidence } = useScreeningActions();
  const unknown = candidate.eligibility.criteria.filter((c) => c.status === 'unknown');
  const named = new Set(unknown.flatMap((c) => c.inputs ?? COMPLETABLE));
  const needs = (i: Input) => named.has(i);
  const fixedAtScreening = unknown.filter((c) => c.inputs && !c.inputs.some((i) => COMPLETABLE.includes(i)));
  const form = useForm({
    initialValues: { ...EMPTY_EVIDENCE, diagnosticCriteria: '', mriPossible: '', otherImmunomodulatoryMedication: '', reason: '' },
  });
  type Name = keyof typeof form.values;
  const date = (name: Name, label: string) => (
    <DateField
      label={label}
      error={form.getInputProps(name).error}
      value={form.values[name] as string}
      onValue={(d) => form.setFieldValue(name, d as never)}
    />
  );

  const {
    run: send,
    busy,
    problem,
  } = useSubmit(async (v: typeof form.values) => {
    const change: EvidenceChange = {
      diagnosticCriteria: str(v.diagnosticCriteria),
      mriPossible: yesNo(v.mriPossible),
      otherImmunomodulatoryMedication: yesNo(v.otherImmunomodulatoryMedication),
      evidence: evidenceBody(v),
      reason: v.reason.trim(),
    };
    try {
      onDone(await completeEvidence(candidate, change));
      form.reset();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400)
        form.setErrors(Object.fromEntries(Object.entries(e.fieldErrors()).map(([k, r]) => [EVIDENCE_FIELDS[k] ?? k, r])));
      throw e;
    }
  });
  const submit = form.onSubmit((v) => void send(v));

  return (
    <form onSubmit={submit} onKeyDown={blockEnterSubmit} noValidate aria-label="Complete evidence form" data-testid="evidence-form">
      <Stack gap="sm">
        <Title order={4} size="h5">
          Complete evidence
        </Title>
        <Text size="sm">Missing for the eligibility decision:</Text>
        <List size="sm" data-testid="missing-evidence">
          {unknown.map((c) => (
            <List.Item key={c.id}>
              {c.id} {c.label} — {c.evidence}
            </List.Item>
          ))}
        </List>
        {fixedAtScreening.length > 0 && (
          <Alert color="yellow">
            {fixedAtScreening.map((c) => c.id).join(', ')}: recorded at screening and not completable here; record a screen failure if the
            candidate cannot be included.
          </Alert>
        )}
        {problem !== null && (
          <Alert color="red" title="Evidence not saved" role="alert">
            {describeError(problem)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {needs('diagnosticCriteria') && (
            <TextInput label="Diagnostic criteria" placeholder="McDonald 2010" {...form.getInputProps('diagnosticCriteria')} />
          )}
          {needs('mriPossible') && <Select label="Able to undergo frequent MRI" data={YES_NO} {...form.getInputProps('mriPossible')} />}
          {needs('otherImmunomodulatoryMedication') && (
            <Select label="Other immunomodulatory medication" data={YES_NO} {...form.getInputProps('otherImmunomodulatoryMedication')} />
          )}
          {needs('screeningTrough') && (
            <>
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
            </>
          )}
          {needs('mri') && (
            <>
              {date('mriDate', 'MRI date')}
              <NumberInput label="New/enlarging T2 lesions" min={0} clampBehavior="none" {...form.getInputProps('mriT2')} />
              <NumberInput label="Gd-enhancing lesions" min={0} clampBehavior="none" {...form.getInputProps('mriGd')} />
            </>
          )}
          {needs('edss') && (
            <>
              {date('edssDate', 'EDSS date')}
              <NumberInput
                label="EDSS"
                min={0}
                max={10}
                step={0.5}
                decimalScale={1}
                clampBehavior="none"
                {...form.getInputProps('edssScore')}
              />
            </>
          )}
          {needs('relapses') && date('relapseOnset', 'Relapse onset (if any)')}
          {needs('infusions') && date('lastInfusionDate', 'Infusion date')}
        </SimpleGrid>
        <Textarea label="Reason" description="Kept in the audit trail" required autosize minRows={2} {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={!form.values.reason.trim()}>
            Save evidence and re-evaluate
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
