import { DataSource } from 'typeorm';
import { UsersAdminService } from '@eid/identity';
import { calendarDateIn } from '@eid/domain';
import { ensureSynthStudy, SynthLoader, synthEnd, SYNTH_TIME_ZONE, type SynthOptions } from '@eid/synth';
import { withAppContext } from '../app-context';
import { CliArgs, CliCommand, CliError } from '../command';
import { StudiesAdminService } from '@eid/study';

const USAGE = `npm run -s cli -- synth --participants N --years Y --sites S --seed K [--study CODE] [--start YYYY-MM-DD]
  Fills study CODE (default SYN-<seed>; created with its sites and accounts when missing) with a
  deterministic synthetic EID trial. Accounts get env SYNTH_PASSWORD when set, otherwise no password.`;

function intFlag(args: CliArgs, name: string, fallback: number | undefined, min: number, max: number): number {
  const raw = args.flags[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min || n > max)
    throw new CliError(`--${name} must be a whole number ${min}–${max}\n${USAGE}`);
  return n;
}

export function synthOptionsOf(args: CliArgs): SynthOptions {
  const seed = intFlag(args, 'seed', 1, 0, 2 ** 31 - 1);
  const start = typeof args.flags.start === 'string' ? args.flags.start : '2021-01-04';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) throw new CliError(`--start must be YYYY-MM-DD\n${USAGE}`);
  const studyCode = typeof args.flags.study === 'string' ? args.flags.study : `SYN-${seed}`;
  if (!/^[A-Za-z0-9-]{2,40}$/.test(studyCode)) throw new CliError(`--study must be 2–40 letters, digits or dashes\n${USAGE}`);
  const o: SynthOptions = {
    studyCode,
    participants: intFlag(args, 'participants', undefined, 1, 1_000_000),
    years: intFlag(args, 'years', 5, 1, 20),
    sites: intFlag(args, 'sites', 10, 1, 500),
    seed,
    start,
  };
  // Data must not lie in the future: the eCRF edit checks refuse future dates.
  const today = calendarDateIn(new Date(), SYNTH_TIME_ZONE);
  if (synthEnd(o) > today) throw new CliError(`--start ${start} + ${o.years} years ends ${synthEnd(o)}, after today (${today})`);
  return o;
}

/** `npm run cli -- synth …`: a realistic synthetic trial for benchmarks, exports and demos (issue #6). */
export const synthCommand: CliCommand = {
  name: ['synth'],
  summary: 'Fill a study with a deterministic synthetic trial (bulk load, audited, hash chain intact)',
  usage: USAGE,
  async run(args: CliArgs): Promise<number> {
    const o = synthOptionsOf(args);
    await withAppContext(async (app) => {
      const dataSource = app.get(DataSource);
      const study = await ensureSynthStudy(
        { dataSource, users: app.get(UsersAdminService), studies: app.get(StudiesAdminService) },
        o,
        process.env.SYNTH_PASSWORD,
      );
      if (study.existingParticipants > 0)
        throw new CliError(`Study ${o.studyCode} already holds ${study.existingParticipants} participants; choose another --study`);
      process.stdout.write(
        `synth: study ${o.studyCode} (${study.studyId}), ${o.sites} sites, ${o.participants} participants × ${o.years} years from ${o.start}, seed ${o.seed}\n`,
      );
      const result = await new SynthLoader(dataSource).load(o, study, (m) => process.stdout.write(`${m}\n`));
      process.stdout.write(`synth: ${result.totalRows} rows in ${(result.ms / 1000).toFixed(1)} s (${result.rowsPerSecond} rows/s)\n`);
      const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      for (const [t, n] of Object.entries(result.rows)) {
        const ms = result.tableMs[t] ?? 0;
        process.stdout.write(
          `synth:   ${t.padEnd(18)} ${String(n).padStart(9)} rows, COPY ${secs(ms).padStart(7)}${ms > 0 ? `, ${Math.round(n / (ms / 1000))} rows/s` : ''}\n`,
        );
      }
      process.stdout.write(
        `synth: phases: ${Object.entries(result.phases)
          .map(([p, ms]) => `${p} ${secs(ms)}`)
          .join(', ')}\n`,
      );
    });
    return 0;
  },
};
