import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the built web app lives: apps/web/dist, found by walking up from this file, so it works both from
 * the TypeScript sources (ts-node, jest) and from the compiled dist/apps/api/src/web.
 */
export function findWebDist(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
