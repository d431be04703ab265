import {
  DEFAULT_MIN_PROBABILITY,
  DEFAULT_PK_MODEL_ID,
  getPkModel,
  listPkModels,
  ParticipantHistory,
  predictTroughs,
  Protocol,
  resolvePkTarget,
} from '@eid/domain';
import { formatPkTable } from './pk-table';
import { CliArgs, CliCommand, CliError } from '../command';
import {
  checkFlags,
  failOnProblems,
  FileProblem,
  historyProblems,
  protocolProblems,
  readJsonFile,
  requiredFlag,
  resolveAsOf,
} from './dosing-decide';

/**
 * Without --protocol the candidate table spans 4–8 weeks: the PDNMS bounds (protocols/pdnms-v1.json D-MIN,
 * D-MAX; 8 weeks is [confirmed] in the registry record). A protocol file gives its own bounds.
 */
const DEFAULT_MIN_WEEKS = 4;
const DEFAULT_MAX_WEEKS = 8;

const USAGE = `npm run -s cli -- pk predict --history <history.json> [--model <id>] [--protocol <protocol.json>] [--as-of YYYY-MM-DD] [--target <µg/mL>] [--table]
  Prints the advisory trough prediction as JSON: { model, target, posterior, validity, fit, fitQuality, candidates, recommendedIntervalWeeks, … };
  --table prints the candidate table as text instead.
  --model     PK model id (default ${DEFAULT_PK_MODEL_ID}); known: ${listPkModels()
    .map((m) => m.id)
    .join(', ')}
  --protocol  candidate intervals from the protocol's minimum to maximum (default ${DEFAULT_MIN_WEEKS}–${DEFAULT_MAX_WEEKS} weeks); its PK
              targets (dosing.pk.targets: target-trough 10 or 5 µg/mL; PDNMS none) and minimum probability
  --as-of     data dated after this day are ignored; default: the latest date in the history file
  --target    trough target in µg/mL (with --protocol: one of its allowed targets): recommends the longest interval whose
              P(steady-state trough ≥ target) reaches the protocol's minimum probability (default ${DEFAULT_MIN_PROBABILITY})
  With no trough in the history the prediction is the model's typical value.`;

/** `pk predict`: the PK candidate table for a history file (docs/science/pk-model.md §3c/§3d). Advisory only. */
export const pkPredictCommand: CliCommand = {
  name: ['pk', 'predict'],
  summary: 'Advisory trough prediction per candidate interval for a history file',
  usage: USAGE,
  async run(args: CliArgs): Promise<number> {
    checkFlags(args, { history: 'value', model: 'value', protocol: 'value', 'as-of': 'value', target: 'value', table: 'switch' }, USAGE);
    const historyFile = requiredFlag(args, 'history', USAGE);
    const problems: FileProblem[] = [];
    const h = historyProblems(historyFile, readJsonFile(historyFile, 'history'));
    problems.push(...h.problems);
    let protocol: Protocol | undefined;
    if (typeof args.flags.protocol === 'string') {
      const p = protocolProblems(args.flags.protocol, readJsonFile(args.flags.protocol, 'protocol'));
      problems.push(...p.problems);
      protocol = p.protocol;
    }
    failOnProblems(problems);

    const modelId = typeof args.flags.model === 'string' ? args.flags.model : DEFAULT_PK_MODEL_ID;
    if (!getPkModel(modelId))
      throw new CliError(
        `--model: unknown PK model "${modelId}"; known: ${listPkModels()
          .map((m) => m.id)
          .join(', ')}`,
      );
    let target: number | undefined;
    if (typeof args.flags.target === 'string') {
      target = Number(args.flags.target);
      if (!Number.isFinite(target) || target <= 0)
        throw new CliError(`--target must be a concentration in µg/mL > 0, got "${args.flags.target}"`);
    }
    let minProbability: number | undefined;
    if (protocol) {
      // The protocol decides which targets may be chosen (issue 15 item 6): PDNMS none, target-trough 10 or 5.
      const resolved = resolvePkTarget(protocol, target);
      if (!resolved.ok) throw new CliError(`--target: ${resolved.reason}`);
      target = resolved.settings.targetUgPerMl;
      minProbability = resolved.settings.minProbability;
    }
    const history = h.history as ParticipantHistory;
    const asOf = resolveAsOf(args.flags['as-of'], history);
    const minIntervalWeeks = protocol?.dosing.minIntervalWeeks.value ?? DEFAULT_MIN_WEEKS;
    const maxIntervalWeeks = protocol?.dosing.maxIntervalWeeks.value ?? DEFAULT_MAX_WEEKS;
    let prediction;
    try {
      prediction = predictTroughs(history, { modelId, minIntervalWeeks, maxIntervalWeeks, targetUgPerMl: target, minProbability, asOf });
    } catch (e) {
      if (e instanceof RangeError) throw new CliError(e.message); // e.g. an interval beyond the model's validity
      throw e;
    }
    const out = {
      ...prediction,
      asOf,
      intervalBounds: {
        minIntervalWeeks,
        maxIntervalWeeks,
        from: protocol ? `${protocol.id} v${protocol.version}` : 'default (PDNMS bounds)',
      },
    };
    process.stdout.write(args.flags.table === true ? formatPkTable(prediction, asOf) : `${JSON.stringify(out, null, 2)}\n`);
    return 0;
  },
};
