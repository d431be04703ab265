import { randomUUID } from 'node:crypto';
import { AppError, RequestContext } from '@eid/core';
import { passwordProblems, UsersAdminService } from '@eid/identity';
import { withAppContext } from '../app-context';
import { CliArgs, CliCommand, CliError } from '../command';

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw new CliError('Set ADMIN_PASSWORD, or run in a terminal to be prompted (the password is never a command-line argument).');
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(value);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          return reject(new CliError('Cancelled'));
        }
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * `npm run cli -- create-admin --email a@b.org [--name "…"]`: the first administrator. The password comes from
 * ADMIN_PASSWORD or a hidden prompt — never argv, which shell history and `ps` would keep.
 */
export const createAdminCommand: CliCommand = {
  name: ['create-admin'],
  summary: 'Create a platform administrator (password from ADMIN_PASSWORD or a prompt)',
  usage:
    'npm run -s cli -- create-admin --email <email> [--name "<display name>"]\n  Password: env ADMIN_PASSWORD, or prompted on a terminal.',
  async run(args: CliArgs): Promise<number> {
    if (args.flags.password !== undefined) throw new CliError('Refusing --password: pass it in ADMIN_PASSWORD or type it at the prompt.');
    const email = typeof args.flags.email === 'string' ? args.flags.email.trim().toLowerCase() : '';
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new CliError(`--email is required and must be an e-mail address\n${this.usage}`);
    const name = typeof args.flags.name === 'string' ? args.flags.name : email.split('@')[0];
    let password = process.env.ADMIN_PASSWORD;
    if (!password) {
      password = await promptHidden('Password for the new administrator: ');
      const again = await promptHidden('Repeat the password: ');
      if (again !== password) throw new CliError('The passwords differ');
    }
    const problems = passwordProblems(password, email);
    if (problems.length) throw new CliError(`Password refused:\n${problems.map((p) => `  - ${p.reason}`).join('\n')}`);
    const pw = password;
    const user = await withAppContext(async (app) => {
      try {
        // Attributed to the CLI by its correlation id; the audit row records the creation like any other.
        return await app
          .get(UsersAdminService)
          .createUser(RequestContext.system(`cli:create-admin:${randomUUID()}`), { email, displayName: name, password: pw, isAdmin: true });
      } catch (e) {
        if (e instanceof AppError) throw new CliError(`${e.code}: ${e.message}`);
        throw e;
      }
    });
    process.stdout.write(`Administrator ${user.email} created (id ${user.id}).\n`);
    return 0;
  },
};
