import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { baseUrl } from './support/api';

// The shared contract smoke check (../shared/contract-smoke.py) against the test stack.
const script = path.resolve(__dirname, '../../../shared/contract-smoke.py');
const run = fs.existsSync(script) ? it : it.skip;

describe('shared contract smoke check', () => {
  run('passes every happy-path check', () => {
    let output = '';
    try {
      output = execFileSync('python3', [script], { env: { ...process.env, TELLONCE_URL: baseUrl() }, encoding: 'utf8', timeout: 90_000 });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    const last = output.trim().split('\n').pop() ?? '';
    expect({ last, failures: output.split('\n').filter((l) => l.startsWith('FAIL')) }).toEqual({ last: expect.stringMatching(/^\d+ passed, 0 failed$/), failures: [] });
  });
});
