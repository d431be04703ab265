import { readFileSync } from 'node:fs';
import {
  decideInterval,
  describeDecision,
  isIsoDate,
  IsoDate,
  ParticipantHistory,
  parseHistory,
  parseProtocol,
  Protocol,
} from '@eid/domain';
import { CliArgs, CliCommand, CliError } from '../command';

/*
 * The dosing commands run the pure domain library on files: no server, no database, no Nest. Helpers shared
 * with `pk predict` live here (exported) so the two commands read, validate and report files the same way.
 */

/** Problems of one input file, printed as `file: /json/pointer — reason` (every one, never only the first). */
export interface FileProblem {
  file: string;
  path: string;
  reason: string;
}

/** Reject flags the command does not know (a typo like `--asof` must not be silently ignored). */
export function checkFlags(args: CliArgs, allowed: Record<string, 'value' | 'switch'>, usage: string): void {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(args.flags)) {
    const kind = allowed[name];
    if (!kind) problems.push(`unknown option --${name}`);
    else if (kind === 'value' && value === true) problems.push(`--${name} needs a value`);
    else if (kind === 'switch' && value !== true) problems.push(`--${name} takes no value (got "${value}")`);
  }
  if (args.positional.length) problems.push(`unexpected argument(s): ${args.positional.join(' ')}`);
  if (problems.length) throw new CliError(`${problems.join('\n')}\n\n${usage}`);
}

/** Read and JSON-parse a file; a missing or malformed file is a clear message, never a stack trace. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT' ? `${what} file not found: ${file}` : `cannot read ${what} file ${file}: ${code ?? (e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(`${what} file ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

export function protocolProblems(file: string, json: unknown): { protocol?: Protocol; problems: FileProblem[] } {
  const r = parseProtocol(json);
  return r.ok ? { protocol: r.protocol, problems: [] } : { problems: r.problems.map((p) => ({ file, ...p })) };
}

export function historyProblems(file: string, json: unknown): { history?: ParticipantHistory; problems: FileProblem[] } {
  const r = parseHistory(json);
  return r.ok ? { history: r.history, problems: [] } : { problems: r.problems.map((p) => ({ file, ...p })) };
}

export function failOnProblems(problems: FileProblem[]): void {
  if (!problems.length) return;
  const files = [...new Set(problems.map((p) => p.file))];
  const lines = problems.map((p) => `  ${p.file}: ${p.path} — ${p.reason}`);
  throw new CliError(
    `Invalid input (${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files.join(', ')}):\n${lines.join('\n')}`,
  );
}

/**
 * The default "as of" date: the latest date anywhere in the history. The library reads no clock (STYLE.md),
 * and a file replayed next year must give the same answer, so the CLI does not use today either.
 */
export function latestHistoryDate(h: ParticipantHistory): IsoDate | null {
  let latest: IsoDate | null = null;
  const see = (d: IsoDate | undefined) => {
    if (d && (latest === null || d > latest)) latest = d;
  };
  h.infusions.forEach((r) => see(r.date));
  (h.troughs ?? []).forEach((r) => see(r.date));
  (h.jcv ?? []).forEach((r) => see(r.date));
  (h.relapses ?? []).forEach((r) => see(r.onset));
  (h.mri ?? []).forEach((r) => see(r.date));
  (h.edss ?? []).forEach((r) => see(r.date));
  (h.decisions ?? []).forEach((r) => see(r.date));
  (h.adverseEvents ?? []).forEach((r) => {
    see(r.onset);
    see(r.resolvedOn ?? undefined);
  });
  return latest;
}

/** `--as-of` if given (validated), else the latest date of the history. */
export function resolveAsOf(flag: string | true | undefined, history: ParticipantHistory): IsoDate {
  if (typeof flag === 'string') {
    if (!isIsoDate(flag)) throw new CliError(`--as-of must be a calendar date YYYY-MM-DD, got "${flag}"`);
    return flag;
  }
  const latest = latestHistoryDate(history);
  if (!latest) throw new CliError('The history has no dated record: give --as-of YYYY-MM-DD');
  return latest;
}

export function requiredFlag(args: CliArgs, name: string, usage: string): string {
  const v = args.flags[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} is required\n\n${usage}`);
  return v;
}

const DECIDE_USAGE = `npm run -s cli -- dosing decide --protocol <protocol.json> --history <history.json> [--as-of YYYY-MM-DD] [--explain]
  Prints the interval decision as JSON (the same shape as GET /api/v1/participants/:id/dosing → proposal).
  --as-of    data dated after this day are ignored; default: the latest date in the history file
  --explain  print the decision and its reasons as readable text instead of JSON
  History file (README "History format"): infusions, troughs, jcv, relapses, mri, edss, decisions — each decision
  { date, intervalWeeks, rule? } ("rule": "P1" = it answered the disease activity dated on or before it) — and
  adverseEvents { onset, pmlSuspected?, resolvedOn?, term? }: an open PML suspicion makes the decision SUSPEND (P0).
  Rules of evidence v2: interval in force = last decision or start interval (never infusion gaps); a trough counts
  only after an on-schedule gap (A7 tolerance, early and late); one trough per date (the lowest).`;

/** Decisions of the history whose interval lies outside the protocol's MIN–MAX (named with the bounds, never clamped). */
export function decisionBoundProblems(file: string, history: ParticipantHistory, protocol: Protocol): FileProblem[] {
  const { minIntervalWeeks: min, maxIntervalWeeks: max } = protocol.dosing;
  return (history.decisions ?? []).flatMap((d, i) =>
    d.intervalWeeks < min.value || d.intervalWeeks > max.value
      ? [
          {
            file,
            path: `/decisions/${i}/intervalWeeks`,
            reason: `${d.intervalWeeks} weeks is outside ${min.value}–${max.value} weeks of ${protocol.id} v${protocol.version} (${min.id}, ${max.id})`,
          },
        ]
      : [],
  );
}

/** `dosing decide`: the protocol's interval decision for a history file (README.md, "Dosing protocols"). */
export const dosingDecideCommand: CliCommand = {
  name: ['dosing', 'decide'],
  summary: 'Interval decision for a history file under a protocol file (no server, no database)',
  usage: DECIDE_USAGE,
  async run(args: CliArgs): Promise<number> {
    checkFlags(args, { protocol: 'value', history: 'value', 'as-of': 'value', explain: 'switch' }, DECIDE_USAGE);
    const protocolFile = requiredFlag(args, 'protocol', DECIDE_USAGE);
    const historyFile = requiredFlag(args, 'history', DECIDE_USAGE);
    // Both files are read and validated before either is reported, so the author sees every problem at once.
    const p = protocolProblems(protocolFile, readJsonFile(protocolFile, 'protocol'));
    const h = historyProblems(historyFile, readJsonFile(historyFile, 'history'));
    failOnProblems([...p.problems, ...h.problems]);
    const history = h.history as ParticipantHistory;
    // No silent correction of clinical input: a recorded decision outside the protocol's bounds is refused.
    failOnProblems(decisionBoundProblems(historyFile, history, p.protocol as Protocol));
    const asOf = resolveAsOf(args.flags['as-of'], history);
    const decision = decideInterval(p.protocol as Protocol, history, asOf);
    process.stdout.write(args.flags.explain === true ? `${describeDecision(decision)}\n` : `${JSON.stringify(decision, null, 2)}\n`);
    return 0;
  },
};
