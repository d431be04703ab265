import { spawn } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(180_000);

/**
 * The application stopping while a maintenance job, an export and a chain verification are running
 * (test/support/shutdown-child.ts, a process of its own), on the backend the environment selects (TEST_REDIS_URL
 * set → Redis, unset → BullMQ's PostgreSQL backend): no unhandled rejection or uncaught exception, no error logged,
 * and neither run recorded as failed — the stalled-job check hands their jobs to the next worker.
 */
describe('Shutdown with jobs active (real PostgreSQL)', () => {
  it('is clean: no unhandled rejection, no error logged, the interrupted runs not failed', async () => {
    const root = join(__dirname, '..');
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support', 'shutdown-child.ts')],
      { cwd: root, env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let [out, err] = ['', ''];
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });

    const lines = out.split('\n');
    const result = JSON.parse(lines.find((l) => l.startsWith('RESULT '))!.slice('RESULT '.length));
    expect(result).toEqual({ problems: [], exportStatus: 'queued', runStatus: 'running' });
    // pino levels: 50 = error, 60 = fatal. Lines the app logged from the start of the close on.
    const closing = lines.slice(lines.indexOf('CLOSING')).filter((l) => l.startsWith('{'));
    const errors = closing.map((l) => JSON.parse(l)).filter((l) => l.level >= 50);
    expect(errors).toEqual([]);
  });
});
