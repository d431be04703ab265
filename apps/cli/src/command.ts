/** A CLI command: parsed `--flag value` options plus positional words after the command name. */
export interface CliArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

export interface CliCommand {
  /** Words that select the command, e.g. ['dosing', 'decide'] or ['create-admin']. */
  name: string[];
  summary: string;
  usage: string;
  run(args: CliArgs): Promise<number>;
}

export function parseArgs(argv: string[]): CliArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags[a.slice(2)] = argv[++i];
      else flags[a.slice(2)] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

/** Thrown for wrong usage or invalid input: printed without a stack trace, exit code 1. */
export class CliError extends Error {}
