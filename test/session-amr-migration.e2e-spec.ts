import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@eid/core';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

jest.setTimeout(120_000);

const MIGRATION = 'SessionAuthMethods1766850000000';

/** Sessions opened before refresh_token kept amr/auth_time (docs/security.md → Sessions keep their sign-in methods). */
describe('Migration SessionAuthMethods on existing sessions', () => {
  it('gives them ["pwd"] and the creation time of their family’s first token', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions(db.url));
    try {
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      // Back to the schema just before this migration (later migrations, if any, are undone first).
      for (;;) {
        const [last] = await ds.query('SELECT name FROM typeorm_migrations ORDER BY timestamp DESC LIMIT 1');
        await ds.undoLastMigration({ transaction: 'each' });
        if (last.name === MIGRATION) break;
      }
      const userId = randomUUID();
      await ds.query(
        `INSERT INTO app_user (id, email, display_name, is_admin, version) VALUES ($1, 'legacy@example.org', 'Legacy', false, 1)`,
        [userId],
      );
      const [familyA, familyB] = [randomUUID(), randomUUID()];
      const rows: Array<[string, string, string]> = [
        [familyA, 'a1', '2026-03-01T08:00:00Z'], // the login
        [familyA, 'a2', '2026-03-01T09:00:00Z'], // its refresh an hour later
        [familyB, 'b1', '2026-03-02T10:00:00Z'],
      ];
      for (const [family, tag, createdAt] of rows) {
        await ds.query(
          `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, now() + interval '1 day', $4)`,
          [userId, family, tag.padEnd(64, '0'), createdAt],
        );
      }
      await ds.runMigrations({ transaction: 'each' });
      const after = await ds.query(
        `SELECT left(token_hash, 2) AS tag, amr, to_char(auth_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS "authTime"
           FROM refresh_token WHERE user_id = $1 ORDER BY token_hash`,
        [userId],
      );
      expect(after).toEqual([
        { tag: 'a1', amr: ['pwd'], authTime: '2026-03-01T08:00' },
        { tag: 'a2', amr: ['pwd'], authTime: '2026-03-01T08:00' },
        { tag: 'b1', amr: ['pwd'], authTime: '2026-03-02T10:00' },
      ]);
    } finally {
      await ds.destroy();
      await dropTestDatabase(db.name);
    }
  });
});
