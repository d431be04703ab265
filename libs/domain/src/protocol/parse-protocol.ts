import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { protocolSchema } from './protocol-schema';
import { Condition, IntervalAction, NumRef, Protocol } from './protocol.types';

export interface Problem {
  /** JSON pointer into the parsed document ("/dosing/rules/0/when"). */
  path: string;
  reason: string;
}

export type ParseProtocolResult = { ok: true; protocol: Protocol } | { ok: false; problems: Problem[] };

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  // allErrors: a protocol author must see every problem at once, not the first one.
  // strict: false because the schema uses if/then on untyped sub-schemas (allowed by draft-07).
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(protocolSchema);
  return validator;
}

function ajvProblem(e: ErrorObject): Problem {
  let path = e.instancePath || '';
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') path += `/${String(p.missingProperty)}`;
  if (e.keyword === 'additionalProperties') path += `/${String(p.additionalProperty)}`;
  let reason = e.message ?? e.keyword;
  if (e.keyword === 'enum') reason += `: ${JSON.stringify(p.allowedValues)}`;
  if (e.keyword === 'const') reason += `: ${JSON.stringify(p.allowedValue)}`;
  return { path: path || '/', reason };
}

/**
 * Validate a protocol document: JSON Schema (every error) then semantic checks that a schema
 * cannot express (min ≤ start ≤ max, parameter references resolve, the table ends with a
 * catch-all row, unique clause ids). Semantic checks are written defensively so they also run
 * on a document with schema errors and the author gets the full list in one pass.
 */
export function parseProtocol(json: unknown): ParseProtocolResult {
  const validate = schemaValidator();
  const problems: Problem[] = [];
  if (!validate(json)) {
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      // "must match then schema" only repeats the nested errors already reported.
      if (e.keyword === 'if') continue;
      const pr = ajvProblem(e);
      const key = `${pr.path}|${pr.reason}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(pr);
      }
    }
  }
  problems.push(...semanticProblems(json));
  return problems.length ? { ok: false, problems } : { ok: true, protocol: json as Protocol };
}

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function isObj(v: unknown): v is Loose {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function semanticProblems(json: unknown): Problem[] {
  const out: Problem[] = [];
  if (!isObj(json)) return out;
  const dosing = json.dosing;
  if (isObj(dosing)) {
    const min = dosing.minIntervalWeeks?.value;
    const max = dosing.maxIntervalWeeks?.value;
    const start = dosing.startIntervalWeeks?.value;
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      out.push({ path: '/dosing/minIntervalWeeks/value', reason: `minimum interval ${min} > maximum ${max}` });
    if (typeof start === 'number' && typeof min === 'number' && start < min)
      out.push({ path: '/dosing/startIntervalWeeks/value', reason: `start interval ${start} < minimum ${min}` });
    if (typeof start === 'number' && typeof max === 'number' && start > max)
      out.push({ path: '/dosing/startIntervalWeeks/value', reason: `start interval ${start} > maximum ${max}` });
    const strata = isObj(dosing.strata) ? dosing.strata : undefined;
    const usesStrata = JSON.stringify(dosing.rules ?? []).includes('"fromStrata"');
    if (usesStrata && !strata)
      out.push({ path: '/dosing/strata', reason: 'a rule uses next.op "fromStrata" but the protocol has no dosing.strata table' });
    if (strata && Array.isArray(strata.rows))
      strata.rows.forEach((r: Loose, k: number) => {
        if (typeof r?.weeks === 'number' && typeof min === 'number' && typeof max === 'number' && (r.weeks < min || r.weeks > max))
          out.push({ path: `/dosing/strata/rows/${k}/weeks`, reason: `stratum interval ${r.weeks} weeks is outside ${min}–${max}` });
      });
    const targets = isObj(dosing.pk) && isObj(dosing.pk.targets) ? dosing.pk.targets : undefined;
    if (targets && Array.isArray(targets.values) && typeof targets.default === 'number' && !targets.values.includes(targets.default))
      out.push({
        path: '/dosing/pk/targets/default',
        reason: `default target ${targets.default} is not one of the allowed values ${JSON.stringify(targets.values)}`,
      });
    const params = isObj(dosing.parameters) ? dosing.parameters : {};
    const rules: unknown[] = Array.isArray(dosing.rules) ? dosing.rules : [];
    const ids = new Map<string, number>();
    rules.forEach((rule, i) => {
      if (!isObj(rule)) return;
      const base = `/dosing/rules/${i}`;
      if (typeof rule.id === 'string') {
        if (ids.has(rule.id)) out.push({ path: `${base}/id`, reason: `duplicate rule id ${rule.id} (also rules[${ids.get(rule.id)}])` });
        else ids.set(rule.id, i);
      }
      checkCondition(rule.when, `${base}/when`, params, out);
      checkAction(rule.next, `${base}/next`, params, out);
    });
    const enabled = rules.filter((r) => isObj(r) && r.enabled !== false) as Loose[];
    // Safety stop (issue 13): an open PML suspicion must win over every other row, so P0 is the first row.
    if (rules.length && (enabled[0]?.when?.type !== 'pmlSuspicion' || enabled[0]?.decision !== 'SUSPEND'))
      out.push({
        path: '/dosing/rules/0',
        reason: 'the first enabled rule must be the PML safety stop ({"type":"pmlSuspicion"} → "SUSPEND")',
      });
    rules.forEach((r, i) => {
      if (isObj(r) && r.decision === 'SUSPEND' && r.when?.type !== 'pmlSuspicion')
        out.push({ path: `/dosing/rules/${i}/decision`, reason: 'SUSPEND is the decision of the pmlSuspicion row only' });
    });
    const last = enabled[enabled.length - 1];
    if (rules.length && (!last || last.when?.type !== 'always'))
      out.push({
        path: '/dosing/rules',
        reason: 'the last enabled rule must be a catch-all ({"type":"always"}) so every history gets a decision',
      });
  }
  const criteria: unknown[] = isObj(json.eligibility) && Array.isArray(json.eligibility.criteria) ? json.eligibility.criteria : [];
  const cids = new Set<string>();
  criteria.forEach((c, i) => {
    if (!isObj(c)) return;
    if (typeof c.id === 'string') {
      if (cids.has(c.id)) out.push({ path: `/eligibility/criteria/${i}/id`, reason: `duplicate criterion id ${c.id}` });
      cids.add(c.id);
    }
    const check = c.check;
    if (!isObj(check)) return;
    const lo = check.type === 'ageAtInclusion' ? check.minYears : check.type === 'baselineEdss' ? check.min : undefined;
    const hi = check.type === 'ageAtInclusion' ? check.maxYears : check.type === 'baselineEdss' ? check.max : undefined;
    if (typeof lo === 'number' && typeof hi === 'number' && lo > hi)
      out.push({ path: `/eligibility/criteria/${i}/check`, reason: `lower bound ${lo} > upper bound ${hi}` });
  });
  return out;
}

function checkRef(ref: NumRef | undefined, path: string, params: Loose, out: Problem[], integer = false): void {
  if (isObj(ref)) {
    const name = (ref as { param: unknown }).param;
    if (typeof name !== 'string' || !isObj(params[name])) {
      out.push({ path: `${path}/param`, reason: `unknown parameter ${JSON.stringify(name)} (not in /dosing/parameters)` });
      return;
    }
    ref = params[name].value as number;
    path = `/dosing/parameters/${name}/value`;
  }
  if (typeof ref === 'number' && (ref < 0 || (integer && !Number.isInteger(ref))))
    out.push({ path, reason: integer ? `must be a non-negative integer, got ${ref}` : `must be ≥ 0, got ${ref}` });
}

function checkCondition(c: Condition | undefined, path: string, params: Loose, out: Problem[]): void {
  if (!isObj(c)) return;
  if (c.type === 'fewerTroughsThan' || c.type === 'latestTroughs') checkRef(c.count, `${path}/count`, params, out, true);
  if (c.type === 'latestTroughs') checkRef(c.threshold, `${path}/threshold`, params, out);
  if (c.type === 'all' && Array.isArray(c.of)) c.of.forEach((s, i) => checkCondition(s, `${path}/of/${i}`, params, out));
}

function checkAction(a: IntervalAction | undefined, path: string, params: Loose, out: Problem[]): void {
  if (!isObj(a)) return;
  if (a.op === 'add' || a.op === 'subtract' || a.op === 'set') checkRef(a.weeks, `${path}/weeks`, params, out, true);
}

/** Resolve a literal-or-parameter number (callers pass a protocol that passed parseProtocol). */
export function resolveNum(protocol: Protocol, ref: NumRef): number {
  return typeof ref === 'number' ? ref : protocol.dosing.parameters[ref.param].value;
}
