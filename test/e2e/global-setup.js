'use strict';
// Starts the whole built stack once for the end-to-end tests (real Kafka, PostgreSQL, Redis).
const path = require('node:path');
const { startStack, runOnce } = require('../../scripts/stack');

module.exports = async function globalSetup() {
  const logDir = path.join(__dirname, '../../test-artifacts/e2e-logs');
  const stack = await startStack({ env: process.env, logDir, timeoutMs: 120_000 });
  globalThis.__TELLONCE_STACK__ = stack;
  await runOnce('referrals', 'seed', stack.env);
  process.env.TELLONCE_URL = `http://127.0.0.1:${stack.env.GATEWAY_PORT}`;
  if (stack.mailSink) process.env.TELLONCE_MAIL_URL = stack.mailSink.url;
  process.env.TELLONCE_SERVICES = JSON.stringify(Object.fromEntries(stack.children.map((c) => [c.name, c.child.pid])));
};
