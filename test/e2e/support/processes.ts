// Processes a test file starts next to the shared e2e stack (its own gateway or service, built from
// dist/), logged under test-artifacts/e2e-logs, and stopped by the file's afterAll.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
const LOG_DIR = path.join(ROOT, 'test-artifacts/e2e-logs');

/** Starts `node <script>` (an app's dist main by default), its output in `<logName>.log`. */
export function launch(children: ChildProcess[], app: string, env: Record<string, string>, logName: string, script = path.join(ROOT, 'dist/apps', app, 'src/main.js')): ChildProcess {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const out = fs.openSync(path.join(LOG_DIR, `${logName}.log`), 'a');
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts/register-paths.js'), script], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', out, out],
    cwd: ROOT,
  });
  children.push(child);
  return child;
}

export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode} (see test-artifacts/e2e-logs/)`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1500) })).status === 200) return;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
