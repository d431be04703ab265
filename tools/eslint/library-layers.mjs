// The architecture as a lint rule: which library may import which (README "Architecture").
// The table is a layering: a library may import only libraries declared before it, so no cycle can form
// between libraries; libraries never import applications; the domain library imports nothing of ours.
import { dirname, relative, resolve, sep } from 'node:path';

/** Each library with the libraries it may import. Order matters: only earlier entries may be named. */
export const LAYERS = [
  ['domain', []],
  ['core', ['domain']],
  ['audit', ['core', 'domain']],
  ['study', ['core', 'domain', 'audit']],
  ['identity', ['core', 'domain', 'audit', 'study']],
  ['audit-api', ['core', 'domain', 'audit', 'study', 'identity']],
  ['trial', ['core', 'domain', 'audit', 'study', 'identity']],
  ['quality', ['core', 'domain', 'audit', 'study', 'identity', 'trial']],
  ['dosing', ['core', 'domain', 'audit', 'study', 'identity', 'trial']],
  ['reporting', ['core', 'domain', 'audit', 'study', 'identity', 'trial']],
  ['exports', ['core', 'domain', 'audit', 'study', 'identity', 'trial']],
  ['synth', ['core', 'domain', 'audit', 'study', 'identity', 'trial']],
  ['demo', ['core', 'domain', 'audit', 'study', 'identity', 'trial', 'quality', 'dosing', 'synth']],
  [
    'platform',
    ['core', 'domain', 'audit', 'study', 'identity', 'audit-api', 'trial', 'quality', 'dosing', 'reporting', 'exports', 'synth', 'demo'],
  ],
];

const ALLOWED = new Map(LAYERS.map(([lib, deps]) => [lib, new Set(deps)]));
(function assertLayered() {
  const seen = new Set();
  for (const [lib, deps] of LAYERS) {
    for (const d of deps) if (!seen.has(d)) throw new Error(`library-layers: ${lib} may import ${d}, which is not declared before it`);
    seen.add(lib);
  }
})();

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

/** 'lib:<name>' | 'app:<name>' | undefined for a file of the repository. */
function unitOf(file) {
  const parts = relative(ROOT, file).split(sep);
  if (parts[0] === 'libs' && parts[1]) return `lib:${parts[1]}`;
  if (parts[0] === 'apps' && parts[1]) return `app:${parts[1]}`;
  return undefined;
}

function targetOf(spec, file) {
  const m = /^@eid\/([a-z-]+)/.exec(spec);
  if (m) return `lib:${m[1]}`;
  if (spec.startsWith('.')) return unitOf(resolve(dirname(file), spec));
  return undefined;
}

export const libraryLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'Libraries import only the libraries below them (README "Architecture"), never applications' },
    schema: [],
    messages: {
      app: '{{from}} must not import the application {{to}}: move what is shared into a library',
      layer: '{{from}} must not import {{to}} (allowed: {{allowed}}); see tools/eslint/library-layers.mjs',
      unknown: '{{from}} is not in the layer table of tools/eslint/library-layers.mjs',
    },
  },
  create(context) {
    const from = unitOf(context.filename);
    if (!from || from === 'app:web') return {};
    const lib = from.slice(4);
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const to = targetOf(spec, context.filename);
      if (!to || to === from) return;
      if (to.startsWith('app:')) return context.report({ node, messageId: 'app', data: { from, to } });
      if (from.startsWith('app:')) return; // applications may use every library
      const allowed = ALLOWED.get(lib);
      if (!allowed) return context.report({ node, messageId: 'unknown', data: { from } });
      if (!allowed.has(to.slice(4)))
        context.report({ node, messageId: 'layer', data: { from, to, allowed: [...allowed].join(', ') || 'none' } });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
      CallExpression: (n) =>
        n.callee.type === 'Identifier' &&
        n.callee.name === 'require' &&
        n.arguments[0]?.type === 'Literal' &&
        check(n, n.arguments[0].value),
    };
  },
};
