import { KAFKAJS_REQUEST_QUEUE_FIX_APPLIED, newKafkajsRequestQueue } from './kafkajs-request-queue-fix';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const queue = () => newKafkajsRequestQueue({ maxInFlightRequests: 1, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'spec', broker: 'spec:9092', logger: silent });

describe('kafkajs request queue fix', () => {
  it('is applied to the kafkajs version the workspace pins', () => {
    expect(KAFKAJS_REQUEST_QUEUE_FIX_APPLIED).toBe(true);
  });

  it('schedules no check when nothing is pending (kafkajs 2.2.4 looped every millisecond)', () => {
    const q = queue();
    try {
      q.checkPendingRequests(); // what a completed request does
      expect(q.throttleCheckTimeoutId).toBeNull();
    } finally {
      q.destroy();
    }
  });

  it('still checks later while requests wait, until the throttle ends', () => {
    jest.useFakeTimers();
    const q = queue();
    try {
      const waiting = { send: jest.fn(), correlationId: 7, expectResponse: true };
      q.throttledUntil = Date.now() + 500;
      q.pending.push(waiting);
      q.scheduleCheckPendingRequests();
      expect(q.throttleCheckTimeoutId).not.toBeNull();
      jest.advanceTimersByTime(499);
      expect(waiting.send).not.toHaveBeenCalled();
      jest.advanceTimersByTime(2);
      expect(waiting.send).toHaveBeenCalledTimes(1);
      expect(q.pending).toHaveLength(0);
      expect(q.throttleCheckTimeoutId).toBeNull();
    } finally {
      q.destroy();
      jest.useRealTimers();
    }
  });
});
