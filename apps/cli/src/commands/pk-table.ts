import { TroughPrediction } from '@eid/domain';

const f2 = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);

/** `pk predict --table`: the candidate table as text, with the model's status and the flags (issue 15 item 11). */
export function formatPkTable(p: TroughPrediction, asOf: string): string {
  const lines: string[] = [];
  lines.push(`PK prediction as of ${asOf} — ${p.model.id} v${p.model.version}`);
  lines.push(`Status: ${p.model.validationStatus}`);
  for (const c of p.model.covariatesNotApplied) lines.push(`Not applied: ${c.name} — ${c.status}`);
  lines.push(
    p.target
      ? `Target ${p.target.ugPerMl} µg/mL; recommended = longest interval with P(steady-state trough ≥ target) ≥ ${pct(p.target.minProbability)}`
      : 'No target: no recommendation',
  );
  lines.push(
    `Fit: ${p.fitQuality.n} trough(s)${p.fitQuality.nBelowLloq ? ` (${p.fitQuality.nBelowLloq} < LLOQ)` : ''}, ` +
      `RMSE ${f2(p.fitQuality.rmseUgPerMl)} µg/mL, ${p.fitQuality.converged ? 'converged' : 'NOT converged'}; posterior ${p.posterior.method}, ` +
      `${p.posterior.samples} draws (effective sample size ${p.posterior.effectiveSampleSize} of ${p.posterior.proposals} proposals)`,
  );
  lines.push('');
  lines.push('weeks | first trough after switch [95 % PI]  | steady-state trough [95 % CI]  | P(ss ≥ target) | flag');
  for (const c of p.candidates) {
    const first = `${f2(c.firstTroughAfterSwitchUgPerMl)} [${f2(c.firstTroughLower)}–${f2(c.firstTroughUpper)}]`;
    const ss = `${f2(c.steadyStateTroughUgPerMl)} [${f2(c.lower)}–${f2(c.upper)}]`;
    const mark = c.intervalWeeks === p.recommendedIntervalWeeks ? ' ← recommended' : '';
    lines.push(
      `${String(c.intervalWeeks).padStart(5)} | ${first.padEnd(36)} | ${ss.padEnd(30)} | ${pct(c.probabilityAtOrAboveTarget).padStart(14)} | ${c.firstTroughOnlyWarning ? 'first trough only' : ''}${mark}`,
    );
  }
  lines.push('');
  lines.push('µg/mL. PI includes residual (assay) error; CI is the true trough. P is from the posterior given the troughs so far.');
  for (const m of p.validity.messages) lines.push(`Validity: ${m}`);
  lines.push(p.rationale);
  lines.push(p.advisory);
  return `${lines.join('\n')}\n`;
}
