#!/usr/bin/env node
// The `kartoteka` command. The CLI is TypeScript run by Node's own type stripping, which needs
// Node 24 — the version this project pins in node_modules/.bin (npm scripts and npx use it).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`kartoteka needs Node 24 or newer (this is ${process.version}). Run it as "npx kartoteka" or "npm run kartoteka --" inside the project.\n`);
  process.exit(2);
}
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
