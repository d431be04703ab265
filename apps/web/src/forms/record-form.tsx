import { Alert, Button, Checkbox, Group, List, MultiSelect, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { ApiError, describeError } from '../api/errors';
import { blockEnterSubmit, DateField } from '../components/date-field';
import type { RecordView, ScheduleVisit } from '../api/views';
import type { FieldSpec, FormSpec } from './form-specs';
import { createRecord, updateRecord } from './record-api';

type Values = Record<string, unknown>;

function initialValues(spec: FormSpec<never>, record: RecordView | null): Values {
  const v: Values = {};
  for (const f of spec.fields) {
    const current = record?.[f.name];
    if (f.type === 'boolean') v[f.name] = current ?? (f.name === 'administered' ? true : false);
    else if (f.type === 'multiselect') v[f.name] = (current as string[] | undefined) ?? [];
    else if (f.type === 'number') v[f.name] = current ?? '';
    else v[f.name] = current ?? '';
  }
  v.reason = '';
  return v;
}

/** Only what the form shows, typed for the API: empty inputs are omitted, numbers are numbers. */
function toBody(spec: FormSpec<never>, values: Values, record: RecordView | null): Values {
  const body: Values = {};
  for (const f of spec.fields) {
    const v = values[f.name];
    const empty = v === '' || v === null || v === undefined;
    if (record) {
      // A correction sends changed fields only: the audit trail then shows exactly what was corrected.
      const before = record[f.name] ?? (f.type === 'multiselect' ? [] : f.type === 'boolean' ? false : '');
      if (JSON.stringify(before) === JSON.stringify(empty ? '' : v) || (empty && (before === null || before === ''))) continue;
      body[f.name] = empty ? null : v;
    } else if (!empty && !(Array.isArray(v) && v.length === 0 && !f.required)) body[f.name] = v;
  }
  return body;
}

export interface RecordFormProps {
  spec: FormSpec<never>;
  participantId: string;
  /** null → a new record. */
  record: RecordView | null;
  visits: ScheduleVisit[];
  /** The participant's other records of this form: a second one on the same day asks for confirmation. */
  existing?: RecordView[];
  onSaved(record: RecordView): void;
  onCancel(): void;
  /** Told whenever the form gains or loses unsaved input (the dialog then asks before discarding it). */
  onDirtyChange?(dirty: boolean): void;
}

/**
 * Create or correct one eCRF record. The server decides validity: a 400 puts each problem at its field
 * (edit-check code included), a 409 for a stale version reloads the current record so the change can be
 * redone on top of it — nothing is silently overwritten.
 */
export function RecordForm({
  spec,
  participantId,
  record: initial,
  visits,
  existing = [],
  onSaved,
  onCancel,
  onDirtyChange,
}: RecordFormProps) {
  const [record, setRecord] = useState(initial);
  const [problem, setProblem] = useState<{ title: string; text: string; extra?: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [sameDayAccepted, setSameDayAccepted] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: initialValues(spec, initial) });
  const dirty = form.isDirty();
  useEffect(() => {
    onDirtyChange?.(dirty);
  }, [dirty, onDirtyChange]);

  const submit = form.onSubmit(async (values) => {
    const day = String(values[spec.dateField] ?? '');
    const sameDay = !record && day && existing.some((r) => !r.deletedAt && r[spec.dateField] === day);
    if (sameDay && sameDayAccepted !== day) {
      setSameDayAccepted(day);
      setProblem({
        title: 'Same day as an existing record',
        text: `There is already a ${spec.singular} on ${day}. If this is a second one (not a duplicate), press Save again.`,
      });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const body = toBody(spec, values, record);
      const saved = record
        ? await updateRecord(spec.key, participantId, record.id, {
            ...body,
            version: record.version,
            ...(values.reason ? { reason: values.reason } : {}),
          })
        : await createRecord(spec.key, participantId, body);
      notifications.show({ color: 'teal', message: `${spec.title}: saved` });
      form.resetDirty();
      onDirtyChange?.(false);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const errors = e.fieldErrors();
        form.setErrors(errors);
        const known = new Set([...spec.fields.map((f) => f.name as string), 'reason']);
        const elsewhere = Object.entries(errors).filter(([field]) => !known.has(field));
        const labelOf = (field: string) => spec.fields.find((f) => f.name === field)?.label ?? field;
        setProblem({
          title: 'Please correct the marked fields',
          text: 'The record was not saved.',
          extra: elsewhere.map(([f, r]) => `${labelOf(f)}: ${r}`),
        });
      } else if (e instanceof ApiError && e.code === 'STALE_VERSION' && e.currentRecord<RecordView>()) {
        const current = e.currentRecord<RecordView>()!;
        setRecord(current);
        form.setValues({ ...initialValues(spec, current), reason: values.reason });
        setProblem({
          title: 'Changed by someone else',
          text:
            'This record was changed since you opened it. The form now shows the current values (version ' +
            current.version +
            '); redo your change and save again.',
        });
      } else {
        setProblem({ title: 'Not saved', text: describeError(e) });
      }
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} onKeyDown={blockEnterSubmit} noValidate aria-label={`${spec.title} form`}>
      <Stack gap="sm">
        {problem && (
          <Alert
            color={problem.title.startsWith('Changed') || problem.title.startsWith('Same day') ? 'yellow' : 'red'}
            title={problem.title}
            role="alert"
            data-testid="form-problem"
          >
            {problem.text}
            {problem.extra && problem.extra.length > 0 && (
              <List size="sm">
                {problem.extra.map((x) => (
                  <List.Item key={x}>{x}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        {spec.fields.map((f) => (
          <Field key={f.name} field={f} form={form} visits={visits} />
        ))}
        {record && (
          <Textarea
            label="Reason for change"
            description="Required when changing saved data (21 CFR Part 11 §11.10(e))"
            required
            autosize
            minRows={2}
            {...form.getInputProps('reason')}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {record ? 'Save correction' : 'Save'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Field({ field: f, form, visits }: { field: FieldSpec; form: ReturnType<typeof useForm<Values>>; visits: ScheduleVisit[] }) {
  const props = form.getInputProps(f.name);
  const label = f.unit ? `${f.label} (${f.unit})` : f.label;
  switch (f.type) {
    case 'date':
      return (
        <DateField
          label={label}
          required={f.required}
          description={f.help ?? 'YYYY-MM-DD'}
          error={props.error}
          value={props.value as string}
          onValue={(v) => form.setFieldValue(f.name, v)}
        />
      );
    case 'number':
      return (
        <NumberInput
          label={label}
          required={f.required}
          min={f.min}
          max={f.max}
          step={f.step}
          decimalScale={f.decimals}
          // The server owns the range check (400 with its edit-check code at this field); never clamp silently.
          clampBehavior="none"
          rightSection={f.unit ? <span style={{ fontSize: 12, paddingRight: 8 }}>{f.unit}</span> : undefined}
          rightSectionWidth={f.unit ? 64 : undefined}
          description={f.help}
          {...props}
        />
      );
    case 'boolean':
      return <Checkbox label={label} description={f.help} {...form.getInputProps(f.name, { type: 'checkbox' })} />;
    case 'select':
      return <Select label={label} required={f.required} data={[...(f.options ?? [])]} clearable={!f.required} {...props} />;
    case 'multiselect':
      return <MultiSelect label={label} data={[...(f.options ?? [])]} clearable {...props} />;
    case 'visit':
      return (
        <Select
          label={label}
          required={f.required}
          data={visits.map((v) => ({
            value: v.id,
            label: `Visit ${v.number} (${v.kind}) — target ${v.targetDate}, window ${v.windowFrom} … ${v.windowTo}`,
          }))}
          {...props}
        />
      );
    case 'textarea':
      return <Textarea label={label} required={f.required} autosize minRows={2} description={f.help} {...props} />;
    case 'time':
      return <TextInput label={label} placeholder="HH:MM" description={f.help} {...props} />;
    default:
      return <TextInput label={label} required={f.required} description={f.help} {...props} />;
  }
}
