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
    SMTP_URL: base.SMTP_URL || 'smtp://127.0.0.1:1025',
    SMTP_SINK_HTTP_PORT: base.SMTP_SINK_HTTP_PORT || '1080',
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

function launch(name, script, env, logDir, app = name) {
  const entry = path.join(ROOT, 'dist', 'apps', app, 'src', `${script}.js`);
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

/**
 * The local mail sink (notifications' smtp-sink, as in docker-compose.yml) on SMTP_URL's port, so
 * urgent notices and digests are delivered somewhere a person can read them: GET /messages on
 * SMTP_SINK_HTTP_PORT, and a JSON-lines file under .tellonce/. None when SMTP_URL is not on this
 * machine, or when something already answers there (a developer's own sink).
 */
async function startMailSink(e, children, logDir, timeoutMs) {
  const { portOpen } = require('./infra');
  const url = new URL(e.SMTP_URL);
  const smtpPort = Number(url.port || 25);
  const httpPort = Number(e.SMTP_SINK_HTTP_PORT);
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) || (await portOpen('127.0.0.1', smtpPort))) return null;
  if (await portOpen('127.0.0.1', httpPort)) {
    process.stderr.write(`[stack] no mail sink: port ${httpPort} (SMTP_SINK_HTTP_PORT) is taken; mail to ${e.SMTP_URL} will be retried until something listens\n`);
    return null;
  }
  const file = path.join(ROOT, '.tellonce', `mail-${smtpPort}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const child = launch('mail-sink', 'smtp-sink', { ...e, SMTP_SINK_PORT: String(smtpPort), SMTP_SINK_HTTP_PORT: String(httpPort), SMTP_SINK_FILE: file }, logDir, 'notifications');
  if (!child) return null;
  children.push({ name: 'mail-sink', child }); // before waiting, so a failed start stops it too
  await waitReady(`http://127.0.0.1:${httpPort}/messages`, child, timeoutMs);
  return { url: `http://127.0.0.1:${httpPort}/messages`, file };
}

/**
 * Starts services in order (gateway first: it publishes the dev JWKS the others verify with). If any
 * of them fails to come up, what did start is stopped again before the error is thrown.
 */
async function startStack({ env = process.env, logDir = null, timeoutMs = 90_000 } = {}) {
  const e = stackEnv(env);
  await assertPortsFree(e);
  const children = [];
  try {
    const mailSink = await startMailSink(e, children, logDir, timeoutMs);
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
      children.filter((c) => SERVICES.includes(c.name)).map((c) => waitReady(`${e[`${c.name.toUpperCase()}_URL`]}/health/ready`, c.child, timeoutMs)),
    );
    return { env: e, children, started, mailSink };
  } catch (error) {
    await stopStack({ children });
    throw error;
  }
}

async function stopStack(stack, signal = 'SIGTERM') {
  await Promise.all(
    stack.children.map(
      ({ child }) =>
        new Promise((resolve) => {
          // A child killed by a signal has a signalCode and no exitCode; either way it has gone.
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
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
