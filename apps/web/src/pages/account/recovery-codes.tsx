import { Alert, Button, Checkbox, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';

/** The recovery codes as a text file a person can keep offline (one code a line, said what they are for). */
function codesFile(codes: string[]): string {
  return [
    'EID Trial Platform — recovery codes',
    'Each code signs you in once when your authenticator app is not at hand.',
    '',
    ...codes,
    '',
  ].join('\n');
}

/**
 * The one-time recovery codes right after enrolment: the API returns them this once and stores only their hashes
 * (mfa.service.ts), so the screen cannot be left before the person says they have kept them.
 */
export function RecoveryCodes({
  codes,
  onAcknowledged,
  continueLabel = 'Done',
}: {
  codes: string[];
  onAcknowledged(): void;
  continueLabel?: string;
}) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([codesFile(codes)], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'eid-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack gap="sm" data-testid="recovery-codes">
      <Alert color="yellow" title="Save your recovery codes now">
        They are shown only this once. Each code signs you in once if you lose your phone; keep them somewhere safe, away from the phone.
      </Alert>
      <SimpleGrid
        cols={2}
        spacing="xs"
        maw={360}
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label="Recovery codes"
      >
        {codes.map((c) => (
          <li key={c}>
            <Code fz="md">{c}</Code>
          </li>
        ))}
      </SimpleGrid>
      <Group gap="xs">
        <Button variant="default" onClick={() => void copy()}>
          Copy codes
        </Button>
        <Button variant="default" onClick={download}>
          Download as text file
        </Button>
        {copied !== null && (
          <Text size="sm" role="status">
            {copied ? 'Copied.' : 'Copying is not allowed here: download or write them down.'}
          </Text>
        )}
      </Group>
      <Checkbox label="I have saved my recovery codes" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
      <Button onClick={onAcknowledged} disabled={!saved}>
        {continueLabel}
      </Button>
    </Stack>
  );
}
