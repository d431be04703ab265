import { DEFAULT_PK_MODEL_ID, getPkModel, listPkModels, ParticipantHistory, predictTroughs, Protocol } from '@eid/domain';
import { CliArgs, CliCommand, CliError } from '../command';
import { checkFlags, failOnProblems, FileProblem, historyProblems, protocolProblems, readJsonFile, requiredFlag, resolveAsOf } from './dosing-decide';

/**
 * Without --protocol the candidate table spans 4–8 weeks: the PDNMS bounds (protocols/pdnms-v1.json D-MIN,
 * D-MAX; 8 weeks is [confirmed] in the registry record). A protocol file gives its own bounds.
 */
const DEFAULT_MIN_WEEKS = 4;
const DEFAULT_MAX_WEEKS = 8;

const USAGE = `npm run -s cli -- pk predict --history <history.json> [--model <id>] [--protocol <protocol.json>] [--as-of YYYY-MM-DD] [--target <µg/mL>]
  Prints the advisory trough prediction as JSON: { model, fit, fitQuality, candidates, recommendedIntervalWeeks, … }.
  --model     PK model id (default ${DEFAULT_PK_MODEL_ID}); known: ${listPkModels().map((m) => m.id).join(', ')}
  --protocol  candidate intervals from the protocol's minimum to maximum (default ${DEFAULT_MIN_WEEKS}–${DEFAULT_MAX_WEEKS} weeks)
  --as-of     data dated after this day are ignored; default: the latest date in the history file
  --target    trough target in µg/mL: recommends the longest interval whose predicted steady-state trough meets it
  With no trough in the history the prediction is the model's typical value.`;

/** `pk predict`: the PK candidate table for a history file (pk-model.md §3c/§3d). Advisory only. */
export const pkPredictCommand: CliCommand = {
  name: ['pk', 'predict'],
  summary: 'Advisory trough prediction per candidate interval for a history file',
  usage: USAGE,
  async run(args: CliArgs): Promise<number> {
    checkFlags(args, { history: 'value', model: 'value', protocol: 'value', 'as-of': 'value', target: 'value' }, USAGE);
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
    if (!getPkModel(modelId)) throw new CliError(`--model: unknown PK model "${modelId}"; known: ${listPkModels().map((m) => m.id).join(', ')}`);
    let target: number | undefined;
    if (typeof args.flags.target === 'string') {
      target = Number(args.flags.target);
      if (!Number.isFinite(target) || target <= 0) throw new CliError(`--target must be a concentration in µg/mL > 0, got "${args.flags.target}"`);
    }
    const history = h.history as ParticipantHistory;
    const asOf = resolveAsOf(args.flags['as-of'], history);
    const minIntervalWeeks = protocol?.dosing.minIntervalWeeks.value ?? DEFAULT_MIN_WEEKS;
    const maxIntervalWeeks = protocol?.dosing.maxIntervalWeeks.value ?? DEFAULT_MAX_WEEKS;
    const prediction = predictTroughs(history, { modelId, minIntervalWeeks, maxIntervalWeeks, targetUgPerMl: target, asOf });
    const out = {
      ...prediction,
      asOf,
      intervalBounds: { minIntervalWeeks, maxIntervalWeeks, from: protocol ? `${protocol.id} v${protocol.version}` : 'default (PDNMS bounds)' },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  },
};
