// Two tiers (STYLE.md §9): pure unit specs beside the code, e2e specs against a real PostgreSQL.
const fs = require('node:fs');
const path = require('node:path');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }],
  // openid-client 6 and its dependencies are ESM only; Node loads them with require(), Jest's runtime cannot.
  '/node_modules/(openid-client|oauth4webapi|jose)/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
};
const transformIgnorePatterns = ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'];

/**
 * `jest --selectProjects unit libs/x` hands libs/x to --selectProjects (the option takes a list), and Jest then
 * silently runs every test of the project. Read such arguments as the path filters they were meant to be.
 */
function pathsGivenAsProjects(argv = process.argv) {
  const at = argv.indexOf('--selectProjects');
  if (at < 0) return [];
  const paths = [];
  for (const arg of argv.slice(at + 1)) {
    if (arg.startsWith('-')) break;
    if (arg !== 'unit' && arg !== 'e2e') paths.push(path.relative(__dirname, path.resolve(arg)));
  }
  return paths;
}

/** The project's own pattern (suffix) restricted to the given files or folders. */
function restrictTo(paths, suffix) {
  if (!paths.length) return undefined;
  return paths.flatMap((p) => {
    if (p.endsWith('.ts')) return p.endsWith(suffix) ? [`<rootDir>/${p}`] : [];
    const isDir = fs.existsSync(path.join(__dirname, p));
    return [isDir ? `<rootDir>/${p}/**/*${suffix}` : `<rootDir>/**/*${p}*${suffix}`];
  });
}
const requestedPaths = pathsGivenAsProjects();

module.exports = {
  // Closed pools of deliberately dropped test databases can leave sockets behind; do not hang CI on them.
  forceExit: true,
  // A global option in Jest 30 (ignored inside projects): generous, since CI shares two cores.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: restrictTo(requestedPaths, '.spec.ts') ?? ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/apps/web/'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: restrictTo(requestedPaths, '.e2e-spec.ts') ?? ['<rootDir>/test/**/*.e2e-spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
    },
  ],
};
