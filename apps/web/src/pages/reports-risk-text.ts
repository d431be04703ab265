/** A published PML-risk figure as the API returns it (libs/reporting PmlRiskFigure). */
export interface RiskFigure {
  kind: string;
  table: string;
  per1000: number | null;
  qualifier: string | null;
  display: string | null;
  status: string | null;
  reason: string | null;
}

/** A risk figure as published: the bound stays a bound ("< 0.07"), with its source table and status. */
export function riskText(r: RiskFigure): string {
  if (r.display === null) return `— (${r.reason ?? r.kind})`;
  return `${r.display} per 1000 · ${r.table} · ${r.status ?? 'status unknown'}`;
}
