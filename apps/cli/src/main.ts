import 'reflect-metadata';
import { CliError, parseArgs } from './command';
import { COMMANDS } from './commands';

function help(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.join(' ').padEnd(22)} ${c.load().summary}`);
  return `Usage: npm run -s cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.positional.length === 0 || (args.flags.help === true && args.positional.length === 0)) {
    process.stdout.write(help());
    return args.positional.length === 0 && !args.flags.help ? 1 : 0;
  }
  // Longest match first: `dosing decide` before `dosing`.
  const entry = [...COMMANDS]
    .sort((a, b) => b.name.length - a.name.length)
    .find((c) => c.name.every((word, i) => args.positional[i] === word));
  if (!entry) {
    process.stderr.write(`Unknown command: ${args.positional.join(' ')}\n\n${help()}`);
    return 1;
  }
  const command = entry.load();
  if (args.flags.help === true) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run({ positional: args.positional.slice(command.name.length), flags: args.flags });
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    process.stderr.write(e instanceof CliError ? `${e.message}\n` : `${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
