/**
 * Which trough target a PK recommendation uses (issue 15 item 6): the protocol's (`dosing.pk.targets`; PDNMS
 * has none, target-trough protocols 10 or 5 µg/mL), and the investigator may choose another of the protocol's
 * allowed values — never a value the protocol does not list. Also the probability the recommendation must
 * reach (`dosing.pk.minProbability`, else DEFAULT_MIN_PROBABILITY). One definition for API, CLI and shadow MIPD.
 */
import type { Protocol } from '../protocol/protocol.types';
import { DEFAULT_MIN_PROBABILITY } from './predict-troughs';

export interface PkTargetSettings {
  /** The target to use; undefined = no recommendation (the protocol defines no PK target). */
  targetUgPerMl: number | undefined;
  minProbability: number;
  /** What the investigator may choose from (empty: none), the protocol's default, and their clause. */
  allowedTargets: number[];
  defaultTarget: number | null;
  clause: { id: string; status: string } | null;
  minProbabilityClause: { id: string; status: string } | null;
}

export type PkTargetResult = { ok: true; settings: PkTargetSettings } | { ok: false; reason: string };

export function resolvePkTarget(protocol: Protocol, requested: number | undefined): PkTargetResult {
  const pk = protocol.dosing.pk;
  const targets = pk?.targets;
  const pMin = pk?.minProbability;
  const base = {
    minProbability: pMin?.value ?? DEFAULT_MIN_PROBABILITY,
    allowedTargets: targets ? [...targets.values] : [],
    defaultTarget: targets?.default ?? null,
    clause: targets ? { id: targets.id, status: targets.status } : null,
    minProbabilityClause: pMin ? { id: pMin.id, status: pMin.status } : null,
  };
  const name = `${protocol.id} v${protocol.version}`;
  if (requested === undefined) return { ok: true, settings: { ...base, targetUgPerMl: targets?.default } };
  if (!targets) return { ok: false, reason: `${name} defines no PK trough target: no target can be chosen` };
  if (!targets.values.includes(requested)) {
    return { ok: false, reason: `${name} allows the targets ${targets.values.join(', ')} µg/mL (${targets.id}), got ${requested}` };
  }
  return { ok: true, settings: { ...base, targetUgPerMl: requested } };
}
