import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { describeError } from '../api/errors';

interface Props {
  opened: boolean;
  title: string;
  /** What will happen, in the words of the person doing it. */
  description?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Further fields asked with the reason (e.g. a category); `ready` false keeps the confirm button disabled. */
  extra?: ReactNode;
  ready?: boolean;
  onClose(): void;
  /** Receives the reason; a thrown error is shown in the dialog and the dialog stays open. */
  onConfirm(reason: string): Promise<void>;
}

/** Every change to trial or access data carries a reason for the audit trail: one dialog asks for it. */
export function ReasonDialog({ opened, title, description, confirmLabel, danger, extra, ready = true, onClose, onConfirm }: Props) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const close = () => {
    setReason('');
    setProblem(null);
    onClose();
  };
  const submit = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await onConfirm(reason.trim());
      setReason('');
      onClose();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          {description && <Text size="sm">{description}</Text>}
          {extra}
          <Textarea
            label="Reason"
            description="Kept in the audit trail"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          {problem !== null && <Alert color="red">{describeError(problem)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={busy} disabled={!reason.trim() || !ready}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
