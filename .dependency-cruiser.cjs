/**
 * Layering of src/ (see ../shared/docs/architecture.md): core <- (nlu, flows, config) <- runtime <- (queue, api, cli).
 * Adapters depend on ports, never the reverse; no cycles; no deep imports into another module.
 */
const mod = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-imports-nothing',
      severity: 'error',
      from: { path: mod('core') },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'config-only-core',
      severity: 'error',
      from: { path: mod('config') },
      to: { path: '^src/(?!core/|config/)' },
    },
    {
      name: 'nlu-only-core',
      severity: 'error',
      from: { path: mod('nlu') },
      to: { path: '^src/(?!core/|nlu/)' },
    },
    {
      name: 'flows-only-core',
      severity: 'error',
      from: { path: mod('flows') },
      to: { path: '^src/(?!core/|flows/)' },
    },
    {
      name: 'store-only-core',
      severity: 'error',
      from: { path: mod('store') },
      to: { path: '^src/(?!core/|store/)' },
    },
    {
      name: 'analytics-only-core-store',
      severity: 'error',
      comment: 'Analytics computes KPIs from store primitives (the port), nothing else.',
      from: { path: mod('analytics') },
      to: { path: '^src/(?!core/|store/|analytics/)' },
    },
    {
      name: 'analytics-no-store-adapters',
      severity: 'error',
      from: { path: mod('analytics') },
      to: { path: '^src/store/(sqlite|mongo)/' },
    },
    {
      name: 'training-only-core-nlu-store',
      severity: 'error',
      from: { path: mod('training') },
      to: { path: '^src/(?!core/|nlu/|store/|training/)' },
    },
    {
      name: 'runtime-no-adapters',
      severity: 'error',
      comment:
        'The runtime sees the store and queue only as ports (index exports types), never adapters or the edge.',
      from: { path: mod('runtime') },
      to: { path: '^src/(api|cli|queue|channels|store/(sqlite|mongo)|main)' },
    },
    {
      name: 'bot-no-edge',
      comment: 'The bot loader combines nlu, flows and runtime; it knows nothing of HTTP, queues or stores.',
      from: { path: mod('bot') },
      to: { path: '^src/(api|cli|queue|channels|store|analytics|training|main)' },
    },
    {
      name: 'channels-no-upper',
      severity: 'error',
      from: { path: mod('channels') },
      to: { path: '^src/(api|cli|queue|runtime|store|analytics|training|main)' },
    },
    {
      name: 'api-no-adapters',
      severity: 'error',
      comment: 'The API gets concrete adapters from the composition root; it never imports them.',
      from: { path: mod('api') },
      to: { path: '^src/(store/(sqlite|mongo)|queue/(inline|bullmq)|cli|main)' },
    },
    {
      name: 'no-deep-imports',
      severity: 'error',
      comment: 'Import another module through its index.ts.',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/main\\.ts$', '^src/cli/main\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(test|scripts)/' },
  },
};
