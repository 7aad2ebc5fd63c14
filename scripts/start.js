'use strict';
// `npm start`: infrastructure, build, all services, demo seed, gateway on :8080. Ctrl-C or SIGTERM
// stops everything it started (including the Kafka broker, if this run started it).
const path = require('node:path');
const infra = require('./infra');
const { startStack, stopStack, stackEnv, runOnce } = require('./stack');

async function main() {
  const { kafkaPid } = await infra.up();
  const env = stackEnv(process.env);
  const stack = await startStack({ env, logDir: null });
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n[start] ${signal}: stopping services\n`);
    await stopStack(stack);
    if (kafkaPid) await infra.stopKafka(infra.settings().kafka);
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const seeded = await runOnce('referrals', 'seed', stack.env).catch((e) => {
    process.stderr.write(`[start] demo seed failed: ${e.message}\n`);
    return false;
  });
  process.stdout.write(
    `\n[start] TellOnce is up${seeded ? ' with the demo directory' : ''}: gateway http://localhost:${env.GATEWAY_PORT}` +
      ` (services: ${stack.started.join(', ')}).` +
      (stack.mailSink ? ` Mail sent by the platform: ${stack.mailSink.url}.` : '') +
      ' Ctrl-C stops everything.\n',
  );
  for (const { name, child } of stack.children) {
    child.once('exit', (code) => {
      if (!stopping) process.stderr.write(`[start] ${name} exited (${code}); the rest keep running\n`);
    });
  }
}

main().catch((e) => {
  process.stderr.write(`[start] ${e.message}\n`);
  process.exit(1);
});
module.exports = { ROOT: path.resolve(__dirname, '..') };
