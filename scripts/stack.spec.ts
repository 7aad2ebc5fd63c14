import { spawn } from 'node:child_process';
import { once } from 'node:events';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stopStack } = require('./stack') as { stopStack: (stack: { children: { name: string; child: ReturnType<typeof spawn> }[] }) => Promise<void> };

const idle = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });

describe('stopStack', () => {
  it('stops running children and returns at once for one already killed by a signal (it has no exit code)', async () => {
    const killed = idle();
    const running = idle();
    killed.kill('SIGKILL');
    await once(killed, 'exit');
    expect(killed.exitCode).toBeNull();
    expect(killed.signalCode).toBe('SIGKILL');
    await stopStack({ children: [{ name: 'gone', child: killed }, { name: 'alive', child: running }] });
    expect(running.signalCode ?? running.exitCode).not.toBeNull();
  }, 5000);
});
