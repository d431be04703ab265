import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A file of the repository (the R reader, package.json), found by walking up from this file, so it works from the
 * TypeScript sources (ts-node, jest) and from the compiled dist/. Missing → an error: an export never ships
 * without the reader its README promises.
 */
export function repositoryFile(relative: string, from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    if (dirname(dir) === dir) throw new Error(`${relative} not found above ${from}: the export cannot include it`);
  }
}

export const R_READER_PATH = 'exports/r/read-export.R';

let version: string | undefined;
/** The platform's version (package.json), for Dataset-JSON sourceSystem.version. */
export function platformVersion(): string {
  return (version ??= String((JSON.parse(repositoryFile('package.json')) as { version?: string }).version ?? 'unknown'));
}
