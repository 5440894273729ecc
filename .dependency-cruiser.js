/**
 * Module boundaries, checked by `npm run lint:boundaries` (part of `npm test`):
 * a context is reached only through its index.ts; infrastructure and odoo never depend on contexts;
 * simulators are never imported by production code.
 */
module.exports = {
  forbidden: [
    {
      name: 'context-deep-import',
      comment: 'Import another context only through its index.ts (its module, port and event types).',
      severity: 'error',
      from: { path: '^src/contexts/([^/]+)/' },
      to: { path: '^src/contexts/([^/]+)/.+', pathNot: ['^src/contexts/$1/', '^src/contexts/[^/]+/index\\.ts$'] },
    },
    {
      name: 'kernel-depends-on-context',
      comment: 'The shared kernel (infrastructure, odoo) must not know the contexts.',
      severity: 'error',
      from: { path: '^src/(infrastructure|odoo)/' },
      to: { path: '^src/contexts/' },
    },
    {
      name: 'production-imports-simulator',
      comment: 'Simulators are for tests, benchmarks and the demo only.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/demo/', '\\.spec\\.ts$'] },
      to: { path: '^tools/simulators/' },
    },
    {
      name: 'no-circular-between-contexts',
      severity: 'error',
      from: { path: '^src/contexts/([^/]+)/' },
      to: { path: '^src/contexts/', circular: true, pathNot: '^src/contexts/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['node_modules', 'dist'] },
  },
};
