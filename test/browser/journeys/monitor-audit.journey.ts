import { readFileSync } from 'node:fs';
import { newSession, screenshot } from '../support/browser';
import { expect, type Journey, signIn } from '../support/journey';

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (quoted || c !== '\r') {
      field += c;
    }
  }
  return rows;
}

/** A monitor filters the audit trail by participant code, verifies the hash chain and exports the rows as CSV. */
export const monitorAuditJourney: Journey = {
  name: "a monitor verifies the audit chain and exports one participant's trail",
  async run({ browser, baseUrl }) {
    const { context, page } = await newSession(browser, baseUrl);
    try {
      await signIn(page, 'monitor@demo.local');
      await page.getByRole('link', { name: 'Audit trail' }).click();
      await page.getByLabel('Participant code').fill('AMS-0001');
      await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
      await page.getByRole('button', { name: 'Verify the hash chain' }).click();
      const verdict = (await page.getByTestId('verify-result').textContent()) ?? '';
      expect(verdict.includes('Audit chain intact'), `the chain verifies: ${verdict}`);
      await screenshot(page, 'audit-verify');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV (filtered)' }).click(),
      ]);
      const csv = readFileSync((await download.path())!, 'utf8');
      const [header, ...rows] = parseCsv(csv);
      expect(header.join(',').startsWith('seq,occurredAt (UTC),actor'), `CSV header: ${header.join(',')}`);
      expect(rows.length > 0, 'the export has rows');
      const column = header.indexOf('participantId');
      const participantIds = new Set(rows.map((r) => r[column]));
      expect(participantIds.size === 1, `every row is of the one participant, got ${[...participantIds].join(' ')}`);
    } finally {
      await context.close();
    }
  },
};
