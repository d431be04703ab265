import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run bench -- NAME` runs bench/NAME.ts's exported main(). Each benchmark prints its figures and, as its
 * last line, `BENCH {json}` with the keys its issue names. Performance is measured here, never asserted in tests.
 */
async function run(): Promise<void> {
  const name = process.argv[2];
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
    .map((f) => f.replace(/\.ts$/, ''));
  if (!name || !existsSync(join(__dirname, `${name}.ts`)) || name === 'run') {
    console.error(`Usage: npm run bench -- <${available.join('|')}>`);
    process.exit(1);
  }
  const mod = (await import(join(__dirname, `${name}.ts`))) as { main: (args: string[]) => Promise<void> };
  await mod.main(process.argv.slice(3));
}

run()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
