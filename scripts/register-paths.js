'use strict';
// Preloaded by every service process: `node -r ./scripts/register-paths.js dist/apps/<name>/src/main.js`.
require('./paths').registerDistPaths();
