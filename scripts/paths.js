'use strict';
// One reading of the workspace path aliases (tsconfig.base.json) for jest and for the built apps.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const { paths } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8')).compilerOptions;

function pathsToModuleNameMapper() {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(paths)) {
    mapper[`^${alias.replace(/[/.]/g, (c) => '\\' + c)}$`] = path.join(ROOT, target);
  }
  return mapper;
}

/** Lets `node dist/apps/x/src/main.js` resolve `@tellonce/*` to the compiled libs. */
function registerDistPaths() {
  const tsconfigPaths = require('tsconfig-paths');
  const distPaths = {};
  for (const [alias, [target]] of Object.entries(paths)) distPaths[alias] = [target.replace(/\.ts$/, '')];
  tsconfigPaths.register({ baseUrl: path.join(ROOT, 'dist'), paths: distPaths });
}

module.exports = { pathsToModuleNameMapper, registerDistPaths, ROOT };
