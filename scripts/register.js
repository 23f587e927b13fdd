// Runs the TypeScript sources directly (no build step) with SWC, which — unlike esbuild —
// emits the decorator metadata NestJS dependency injection relies on. Path aliases come
// from tsconfig.json.
process.env.SWC_NODE_PROJECT =
  process.env.SWC_NODE_PROJECT || require('path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
