'use strict';
// Starts the six built TellOnce services as child processes and waits until each is ready.
// Used by `npm start` (foreground, Ctrl-C stops everything) and by the end-to-end tests.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SERVICES = ['referrals', 'consent', 'plans', 'notifications', 'timeline'];

function stackEnv(base = process.env) {
  const gatewayPort = Number(base.GATEWAY_PORT || 8080);
  const portBase = Number(base.SERVICE_PORT_BASE || 3000);
  const urls = Object.fromEntries(SERVICES.map((s, i) => [`${s.toUpperCase()}_URL`, `http://127.0.0.1:${portBase + i + 1}`]));
  return {
    ...base,
    ...urls,
    GATEWAY_PORT: String(gatewayPort),
    AUTH_JWKS_URL: base.AUTH_JWKS_URL || `http://127.0.0.1:${gatewayPort}/.well-known/jwks.json`,
    WEBHOOK_ALLOW_INSECURE: base.WEBHOOK_ALLOW_INSECURE || 'true',
  };
}

function servicePort(env, service) {
  return Number(new URL(env[`${service.toUpperCase()}_URL`]).port);
}

async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url} exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1500) });
      if (res.status === 200) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function launch(name, script, env, logDir) {
  const entry = path.join(ROOT, 'dist', 'apps', name, 'src', `${script}.js`);
  if (!fs.existsSync(entry)) return null;
  const args = ['-r', path.join(ROOT, 'scripts', 'register-paths.js'), entry];
  let stdio = 'inherit';
  if (logDir) {
    fs.mkdirSync(logDir, { recursive: true });
    const out = fs.openSync(path.join(logDir, `${name}.log`), 'a');
    stdio = ['ignore', out, out];
  }
  return spawn(process.execPath, args, { env, stdio, cwd: ROOT });
}

async function assertPortsFree(e) {
  const { portOpen } = require('./infra');
  const ports = [Number(e.GATEWAY_PORT), ...SERVICES.map((s) => servicePort(e, s))];
  for (const port of ports) {
    if (await portOpen('127.0.0.1', port)) throw new Error(`port ${port} is already in use: is another TellOnce stack running?`);
  }
}

/** Starts services in order (gateway first: it publishes the dev JWKS the others verify with). */
async function startStack({ env = process.env, logDir = null, timeoutMs = 90_000 } = {}) {
  const e = stackEnv(env);
  await assertPortsFree(e);
  const children = [];
  const gateway = launch('gateway', 'main', { ...e, PORT: e.GATEWAY_PORT }, logDir);
  if (!gateway) throw new Error('dist/apps/gateway is missing: run `npm run build` first');
  children.push({ name: 'gateway', child: gateway });
  await waitReady(`http://127.0.0.1:${e.GATEWAY_PORT}/health/live`, gateway, timeoutMs);
  const started = [];
  for (const service of SERVICES) {
    const child = launch(service, 'main', { ...e, PORT: String(servicePort(e, service)) }, logDir);
    if (!child) continue;
    children.push({ name: service, child });
    started.push(service);
  }
  await Promise.all(
    children.filter((c) => c.name !== 'gateway').map((c) => waitReady(`${e[`${c.name.toUpperCase()}_URL`]}/health/ready`, c.child, timeoutMs)),
  );
  return { env: e, children, started };
}

async function stopStack(stack, signal = 'SIGTERM') {
  await Promise.all(
    stack.children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill(signal);
        }),
    ),
  );
}

/** Runs a one-shot entry of a service (e.g. the demo seed) to completion. */
function runOnce(name, script, env) {
  return new Promise((resolve, reject) => {
    const child = launch(name, script, env, null);
    if (!child) return resolve(false);
    child.once('exit', (code) => (code === 0 ? resolve(true) : reject(new Error(`${name} ${script} exited with ${code}`))));
  });
}

module.exports = { startStack, stopStack, stackEnv, runOnce, SERVICES };
