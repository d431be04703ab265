import { IntervalDecision } from './interval-decision.types';

/** Readable multi-line explanation (CLI `--explain`). */
export function describeDecision(d: IntervalDecision): string {
  const lines: string[] = [];
  lines.push(`${d.protocol.id} v${d.protocol.version} as of ${d.asOf}: ${d.decision} (rule ${d.rule})`);
  const change =
    d.nextIntervalWeeks === d.currentIntervalWeeks
      ? `interval stays ${d.currentIntervalWeeks} weeks`
      : `interval ${d.currentIntervalWeeks} → ${d.nextIntervalWeeks} weeks`;
  const due =
    d.decision === 'SUSPEND'
      ? '; dosing suspended: no infusion is due until the PML suspicion is resolved'
      : d.nextInfusionDue
        ? `; next infusion due ${d.nextInfusionDue}` +
          (d.nextInfusionWindow ? ` (window ${d.nextInfusionWindow.from} to ${d.nextInfusionWindow.to}, tolerance unconfirmed)` : '')
        : '; no infusion recorded yet';
  lines.push(change + due + '.');
  if (d.investigatorReview) lines.push('Investigator review required.');
  lines.push(`Rules of evidence v${d.rulesVersion}. Reasons:`);
  for (const r of d.reasons) lines.push(`  - [${r.clause}] ${r.text}`);
  return lines.join('\n');
}
