import { Select } from '@mantine/core';
import { useState } from 'react';
import { ReasonDialog } from '../../components/reason-dialog';
import type { ScreenFailCategory } from './use-screening';

/** The screening log's reason classes (libs/trial participant.entity.ts SCREEN_FAIL_CATEGORIES) in plain words. */
const CATEGORIES: { value: ScreenFailCategory; label: string }[] = [
  { value: 'criterion-not-met', label: 'An entry criterion is not met' },
  { value: 'consent-declined', label: 'Consent declined' },
  { value: 'investigator-decision', label: "Investigator's decision" },
  { value: 'lost-before-enrolment', label: 'Lost before enrolment' },
  { value: 'other', label: 'Other' },
];

/** Record a screen failure: its category for the screening log and the reason in words, both required. */
export function ScreenFailDialog({
  opened,
  screeningNumber,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  screeningNumber: string;
  onClose(): void;
  onConfirm(category: ScreenFailCategory, reason: string): Promise<void>;
}) {
  const [category, setCategory] = useState<ScreenFailCategory | null>(null);
  return (
    <ReasonDialog
      opened={opened}
      title={`Screen failure — ${screeningNumber}`}
      description="The candidate will not be enrolled. Category and reason go into the screening log and the audit trail."
      confirmLabel="Record screen failure"
      danger
      extra={
        <Select
          label="Category"
          required
          data={CATEGORIES}
          value={category}
          onChange={(v) => setCategory(v as ScreenFailCategory | null)}
        />
      }
      ready={category !== null}
      onClose={() => {
        setCategory(null);
        onClose();
      }}
      onConfirm={(reason) => onConfirm(category!, reason)}
    />
  );
}
