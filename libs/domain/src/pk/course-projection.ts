/**
 * The concentration course for the PK card's plot (issue 15 item 7): the fitted curve (MAP parameters) through
 * the participant's infusions and observed troughs, and for one chosen candidate interval the projected
 * concentration from the last infusion onwards — median and 95 % band of the TRUE concentration over the
 * posterior draws (state before the last infusion linear in η, then exact simulation per draw, as the
 * first-trough column of candidate-table.ts).
 */
import { PkDose } from './one-compartment';
import { MapFitResult } from './map-fit';
import { PkEngine, individualValues } from './pk-engine';
import { PkParameterValues } from './pk-model-definition';
import { quantileSorted } from './posterior-samples';

export interface CoursePoint {
  /** Hours since the first infusion (the caller turns them into dates). */
  timeH: number;
  ugPerMl: number;
}

export interface ProjectionPoint {
  timeH: number;
  median: number;
  lower: number;
  upper: number;
}

const STEP_H = 24 * 3.5; // two points a week: enough for a curve that decays over weeks
const FD_ETA = 1e-3;

export function fittedCourse(engine: PkEngine, fit: MapFitResult, doses: readonly PkDose[], untilH: number): CoursePoint[] {
  if (!doses.length) return [];
  const times: number[] = [];
  for (const d of doses) times.push(d.timeH, d.timeH + d.durationH); // pre-dose and peak of every infusion
  for (let t = 0; t <= untilH; t += STEP_H) times.push(t);
  times.sort((a, b) => a - b);
  const c = engine.concentrations(fit.parameters, doses, times);
  return times.map((t, i) => ({ timeH: t, ugPerMl: c[i] }));
}

export function projectedCourse(
  engine: PkEngine,
  base: PkParameterValues,
  fit: MapFitResult,
  draws: readonly number[][],
  doses: readonly PkDose[],
  intervalWeeks: number,
  intervals: number,
): ProjectionPoint[] {
  if (!doses.length) return [];
  const model = engine.model;
  const last = doses[doses.length - 1];
  const tau = intervalWeeks * 168;
  const future: PkDose[] = [last];
  for (let k = 1; k < intervals; k++) future.push({ timeH: last.timeH + k * tau, doseMg: last.doseMg, durationH: last.durationH });
  const times: number[] = [];
  for (const d of future) times.push(d.timeH, d.timeH + d.durationH);
  for (let t = last.timeH; t <= last.timeH + intervals * tau; t += STEP_H) times.push(t);
  times.push(last.timeH + intervals * tau);
  times.sort((a, b) => a - b);
  const stateAt = (eta: number[]) => engine.stateAt(individualValues(model, base, eta), doses, last.timeH);
  const s0 = stateAt(fit.eta);
  const grad = fit.eta.map((_, m) => stateAt(fit.eta.map((e, k) => (k === m ? e + FD_ETA : e))).map((v, j) => (v - s0[j]) / FD_ETA));
  const unique = [...new Set(draws)];
  const curves = unique.map((eta) => {
    const state = s0.map((v, j) => Math.max(0, v + eta.reduce((acc, e, m) => acc + grad[m][j] * (e - fit.eta[m]), 0)));
    return engine.concentrationsFrom(individualValues(model, base, eta), state, last.timeH, future, times);
  });
  const index = new Map(unique.map((eta, k) => [eta, k]));
  return times.map((t, i) => {
    const v = draws.map((eta) => curves[index.get(eta)!][i]).sort((a, b) => a - b);
    return { timeH: t, median: quantileSorted(v, 0.5), lower: quantileSorted(v, 0.025), upper: quantileSorted(v, 0.975) };
  });
}
