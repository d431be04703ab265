import { repositoryFile } from '../files/repository-file';

/**
 * The text of a versioned SQL file, `sql/functions/<name>_v<version>.sql`: database functions and triggers live in
 * these files, one per version, never edited once released; a migration applies a version by name and number
 * (README "Architecture" → database functions). Imported by migrations with a relative path, so the loader pulls in
 * nothing else of the core.
 */
export function readSqlFile(name: string, version: number): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`SQL file name "${name}": lower-case letters, digits and _ only`);
  if (!Number.isInteger(version) || version < 1) throw new Error(`SQL file ${name}: version must be a whole number from 1, not ${version}`);
  return repositoryFile(`sql/functions/${name}_v${version}.sql`);
}
