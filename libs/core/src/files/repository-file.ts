import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A file of the repository (the R reader, package.json, sql/), found by walking up from this file, so it works from
 * the TypeScript sources (ts-node, jest) and from the compiled dist/ (which sits inside the repository). Missing →
 * an error naming it: nothing that needs one of these files may go on without it.
 */
export function repositoryFile(relative: string, from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    if (dirname(dir) === dir) throw new Error(`${relative} not found above ${from}`);
  }
}
