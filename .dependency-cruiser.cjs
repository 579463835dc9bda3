/** The dependency rule, checked by `npm run lint`. */
const FRAMEWORKS = '^node_modules/(@nestjs|typeorm|ioredis|mysql2|fastify|@fastify|class-validator|class-transformer|prom-client|pino|nestjs-pino|undici)';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-plain-typescript',
      comment: 'domain/ imports no framework or driver',
      severity: 'error',
      from: { path: '^src/(modules/[^/]+/domain|shared/domain)/' },
      to: { path: FRAMEWORKS },
    },
    {
      name: 'domain-points-inward',
      comment: 'domain/ imports no application or infrastructure code',
      severity: 'error',
      from: { path: '^src/(modules/[^/]+/domain|shared/domain)/' },
      to: { path: '^src/(modules/[^/]+/(application|infrastructure)|shared/(http|infrastructure)|database|config)/' },
    },
    {
      name: 'application-has-no-infrastructure',
      comment: 'use cases depend on ports, never on adapters',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/application/' },
      to: { path: '^src/modules/[^/]+/infrastructure/' },
    },
    {
      name: 'modules-meet-through-facades',
      comment: 'a module reaches another only through its index.ts',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'route-access-is-shared',
      comment:
        'routes declare their access with src/shared/http/route-access.ts; only the queue module (which enforces it) may touch the queue for it',
      severity: 'error',
      from: { path: '^src/(modules/(?!queue/)[^/]+/infrastructure/http|observability|bench-ping|shared)/' },
      to: { path: '^src/modules/queue/' },
    },
    {
      name: 'shared-kernel-stands-alone',
      comment: 'shared/ is used by the modules, never the other way round',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(modules|health|observability|bench-ping|database)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { pathNot: ['\\.module\\.ts$', '/index\\.ts$'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
