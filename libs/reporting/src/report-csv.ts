import { csvCell } from '@eid/core';

/**
 * CSV form of a report: one line per figure (section, group, key, metric, value), so every report has the
 * same five columns and a statistician's script reads them all alike. UTF-8 with a BOM (Excel opens it as
 * UTF-8), CRLF line ends (RFC 4180), dates as ISO 8601 strings as in the JSON. Cells through THE CSV cell writer
 * (@eid/core csv-cell.ts: OWASP CSV-injection neutralisation of text, numbers kept numeric).
 * The definitions shipped with the report come first-class too: section "definitions", metric = the rule's name,
 * value = its text.
 */
export function reportToCsv(report: object): string {
  const lines: Array<Array<string | number>> = [['section', 'group', 'key', 'metric', 'value']];
  const walk = (section: string, group: string, key: string, prefix: string, v: unknown): void => {
    if (v === null || v === undefined || typeof v !== 'object') {
      // Numbers stay numbers (never neutralised, negative ones included); everything else is text.
      lines.push([section, group, key, prefix, v === null || v === undefined ? '' : typeof v === 'number' ? v : String(v)]);
      return;
    }
    if (Array.isArray(v)) {
      if (v.every((x) => x === null || typeof x !== 'object')) {
        lines.push([section, group, key, prefix, v.join('|')]);
        return;
      }
      v.forEach((item, i) => {
        const it = item as Record<string, unknown>;
        const id = String(it.key ?? it.participantCode ?? it.siteCode ?? it.band ?? it.month ?? it.status ?? it.kind ?? i);
        const grp = String(it.group ?? prefix);
        for (const [k, val] of Object.entries(it)) if (!['key', 'group'].includes(k)) walk(section, grp, id, k, val);
      });
      return;
    }
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) walk(section, group, key, prefix ? `${prefix}.${k}` : k, val);
  };
  // The definitions travel with the figures (issue 14 item 9): one line per rule, its text stating source and status.
  for (const [section, value] of Object.entries(report)) walk(section, '', '', '', value);
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
