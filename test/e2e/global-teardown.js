'use strict';
const { stopStack } = require('../../scripts/stack');

module.exports = async function globalTeardown() {
  if (globalThis.__TELLONCE_STACK__) await stopStack(globalThis.__TELLONCE_STACK__);
};
