import { repositoryFile } from '@eid/core';

/** The R reader every CSV export ships (repositoryFile throws when it is missing: never an export without it). */
export const R_READER_PATH = 'exports/r/read-export.R';

let version: string | undefined;
/** The platform's version (package.json), for Dataset-JSON sourceSystem.version. */
export function platformVersion(): string {
  return (version ??= String((JSON.parse(repositoryFile('package.json')) as { version?: string }).version ?? 'unknown'));
}
