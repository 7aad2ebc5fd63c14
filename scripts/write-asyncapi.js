'use strict';
// `npm run asyncapi`: regenerates docs/asyncapi.json from the event catalogue (after a build).
require('./paths').registerDistPaths();
const fs = require('node:fs');
const path = require('node:path');
const { buildAsyncApiDocument } = require('@tellonce/contracts');
const file = path.join(__dirname, '..', 'docs', 'asyncapi.json');
fs.writeFileSync(file, JSON.stringify(buildAsyncApiDocument(), null, 2) + '\n');
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
