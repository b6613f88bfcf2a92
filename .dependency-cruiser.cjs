// Import boundaries (docs/architecture.md, "Layers and folders"), checked by `npm run lint:boundaries`
// in `npm test` and so in .ci/run. Bottom to top:
//   src/errors (the coded-error base)  <  src/db (storage, its own errors)  <  src/domain (the rules)
//   <  what the edges share: src/web (error table, renderers, page layout, headers, input checks),
//      src/sessions, src/federation, src/net, src/mail, src/dns, src/alerts, src/schedule, src/webhooks
//   <  the edges: src/scim, src/sso, src/api, src/cli, src/console, src/pages, src/op (OpenID Provider), src/forward-auth
//   <  composition: src/http (the express app), src/server.ts, src/main.ts, src/bench, src/demo.
// A rule here is kept green by moving code to the right layer, never by adding an exception.
const EDGES = 'scim|sso|api|cli|console|pages|op|forward-auth';
const SHARED = 'web|sessions|federation|net|mail|dns|alerts|schedule|webhooks';
const COMPOSITION = '^src/(http/|server\\.ts|main\\.ts|bench/|demo/)';

module.exports = {
  forbidden: [
    {
      name: 'domain-knows-no-edge',
      comment: 'The domain knows nothing of HTTP, SCIM, SAML, OIDC, the CLI or configuration: edges call it, never the reverse.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: `^src/(${EDGES}|${SHARED})/|${COMPOSITION}|^src/(config|logger)\\.ts$` },
    },
    {
      name: 'db-knows-no-domain',
      comment: 'Storage sits under the domain: src/db imports nothing from the domain or anything above it.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: `^src/(domain|${EDGES}|${SHARED})/|${COMPOSITION}` },
    },
    {
      name: 'errors-leaf',
      comment: 'The coded-error base imports nothing of ours.',
      severity: 'error',
      from: { path: '^src/errors/' },
      to: { path: '^src/', pathNot: '^src/errors/' },
    },
    {
      name: 'shared-below-edges',
      comment: 'What the edges share never imports an edge or the app assembly.',
      severity: 'error',
      from: { path: `^src/(${SHARED})/` },
      to: { path: `^src/(${EDGES})/|${COMPOSITION}` },
    },
    {
      name: 'edges-do-not-import-each-other',
      comment: 'Each protocol edge is a thin adapter over the domain; what two edges need goes below them (src/web, src/sessions, src/federation…).',
      severity: 'error',
      from: { path: `^src/(${EDGES})/` },
      to: { path: `^src/(${EDGES})/`, pathNot: '^src/$1/' },
    },
    {
      name: 'edges-do-not-import-the-app',
      comment: 'Edges are assembled by src/http/app.ts; they never import it or its middleware.',
      severity: 'error',
      from: { path: `^src/(${EDGES})/`, pathNot: '^src/cli/commands/(serve|demo)\\.ts$' },
      to: { path: COMPOSITION },
    },
    {
      name: 'no-circular',
      comment: 'Modules in a cycle cannot be understood or tested one at a time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
