import { Writable } from 'node:stream';
import pino from 'pino';
import { requestContext } from '../http/request-context';
import { createLogger, REDACT_PATHS } from './logger';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('censors personal data wherever a careless log call puts it', () => {
    const { lines, stream } = capture();
    const logger = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
    logger.info({ body: { story: 'we are in debt', members: [{ givenName: 'Andrea' }] }, story: 'x', contact: { phone: '0700' } }, 'received');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('we are in debt');
    expect(text).not.toContain('Andrea');
    expect(text).not.toContain('0700');
  });

  it('names the service and carries the correlation id of the request being handled', () => {
    const logger = createLogger('referrals', 'info');
    const chunks: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      requestContext.run({ correlationId: 'corr-123' }, () => logger.info('handled'));
      logger.flush?.();
    } finally {
      write.mockRestore();
    }
    const line = chunks.map((c) => c.trim()).filter(Boolean).map((c) => JSON.parse(c)).find((l) => l.msg === 'handled');
    expect(line).toMatchObject({ service: 'referrals', correlationId: 'corr-123' });
  });
});
