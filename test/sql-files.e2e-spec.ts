import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, MigrationInterface } from 'typeorm';
import { dataSourceOptions, readSqlFile } from '@eid/core';
import { SQL_FILES, SqlFiles1766600000000 } from '../migrations/1766600000000-SqlFiles';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

jest.setTimeout(180_000);

interface Definitions {
  functions: Record<string, string>;
  triggers: Record<string, string>;
}

/**
 * Every function and trigger of the application's schema, as PostgreSQL itself prints them; runs of white space
 * collapsed, because the files are indented as files rather than as template strings inside a migration.
 */
async function definitions(ds: DataSource): Promise<Definitions> {
  const fns = (await ds.query(
    `SELECT p.oid::regprocedure::text AS name, pg_get_functiondef(p.oid) AS def
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.prokind = 'f'
        -- an extension's own functions (uuid-ossp) are the extension's, not ours
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
      ORDER BY 1`,
  )) as Array<{ name: string; def: string }>;
  const trgs = (await ds.query(
    `SELECT t.tgrelid::regclass::text || '.' || t.tgname AS name, pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text AS def
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND n.nspname = 'public' ORDER BY 1`,
  )) as Array<{ name: string; def: string }>;
  return {
    functions: Object.fromEntries(fns.map((f) => [f.name, f.def.replace(/\s+/g, ' ')])),
    triggers: Object.fromEntries(trgs.map((t) => [t.name, t.def])),
  };
}

/**
 * Database functions and triggers live in versioned files (sql/functions, README "Architecture"). The migration that
 * applies them must change nothing: the files hold exactly what the released migrations created. And the files must
 * cover every function and trigger, so that none exists only inside a migration body.
 */
describe('SQL functions and triggers from versioned files (real PostgreSQL)', () => {
  let name: string;
  let ds: DataSource;
  let before: Definitions;
  let after: Definitions;

  beforeAll(async () => {
    const db = await createTestDatabase();
    name = db.name;
    const all = new DataSource(dataSourceOptions(db.url));
    await all.initialize();
    // The migrations released before the files existed (later ones apply newer file versions themselves).
    const stamp = (m: MigrationInterface) => Number(/(\d{13})$/.exec(m.name ?? m.constructor.name)![1]);
    const released = all.migrations.filter((m) => stamp(m) < 1766600000000);
    await all.destroy();
    expect(released.length).toBeGreaterThan(0);
    ds = new DataSource({
      ...dataSourceOptions(db.url),
      migrations: released.map((m) => (m as MigrationInterface).constructor as new () => MigrationInterface),
    });
    await ds.initialize();
    await ds.runMigrations();
    before = await definitions(ds);
    const q = ds.createQueryRunner();
    try {
      await new SqlFiles1766600000000().up(q);
    } finally {
      await q.release();
    }
    after = await definitions(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    if (name) await dropTestDatabase(name);
  });

  it('applying the files leaves every function and trigger exactly as the released migrations made it', () => {
    expect(Object.keys(before.functions).length).toBeGreaterThan(0);
    expect(after).toEqual(before);
  });

  it('every function and trigger of the schema is defined in one of the files the migration applies', () => {
    const text = SQL_FILES.map(([n, v]) => readSqlFile(n, v)).join('\n');
    const fnName = (sig: string) => sig.slice(0, sig.indexOf('('));
    const missingFns = Object.keys(after.functions).filter((sig) => !text.includes(`CREATE OR REPLACE FUNCTION ${fnName(sig)}(`));
    const missingTriggers = Object.keys(after.triggers).filter((t) => {
      const [table, trigger] = t.split('.');
      return !text.includes(`CREATE OR REPLACE TRIGGER ${trigger} `) || !new RegExp(`TRIGGER ${trigger} [^;]* ON "?${table}"? `).test(text);
    });
    expect({ missingFns, missingTriggers }).toEqual({ missingFns: [], missingTriggers: [] });
  });

  it('after every migration, the newest version of each file is exactly what the schema holds', async () => {
    const dir = join(__dirname, '..', 'sql', 'functions');
    const newest = new Map<string, number>();
    for (const f of readdirSync(dir)) {
      const m = /^([a-z0-9_]+)_v(\d+)\.sql$/.exec(f);
      if (m) newest.set(m[1], Math.max(newest.get(m[1]) ?? 0, Number(m[2])));
    }
    const db = await createTestDatabase();
    const full = new DataSource(dataSourceOptions(db.url));
    try {
      await full.initialize();
      await full.runMigrations();
      const migrated = await definitions(full);
      for (const [n, v] of newest) await full.query(readSqlFile(n, v));
      expect(await definitions(full)).toEqual(migrated);
    } finally {
      await full.destroy();
      await dropTestDatabase(db.name);
    }
  });

  it('the loader names the file it cannot find and refuses a malformed name or version', () => {
    expect(() => readSqlFile('no_such_function', 1)).toThrow('sql/functions/no_such_function_v1.sql not found');
    expect(() => readSqlFile('../etc', 1)).toThrow('lower-case letters, digits and _ only');
    expect(() => readSqlFile('report_facts', 0)).toThrow('version must be a whole number from 1');
  });
});
