/**
 * kafkajs 2.2.4 has a timer loop in its request queue. Once a request completes, the queue checks
 * for pending requests, then schedules the next check with a negative delay (about 1 ms), even when
 * nothing is pending. The loop never stops. Every broker connection of every service woke its event
 * loop about a thousand times a second. That was most of an idle service's CPU and was still
 * running under load. This is tulios/kafkajs#1556; #1667 proposes the fix below, and no release
 * ships it.
 *
 * The fix: a check is scheduled only while requests are pending. `push` adds to `pending` and
 * schedules; a completed request checks the queue at once. The delay stays as before: until the
 * throttle ends, or 10 ms.
 *
 * It is applied once, when this module loads, and only to the version it was written for.
 */
// kafkajs has no types for its internals.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('kafkajs/package.json') as { version: string };

interface RequestQueueInstance {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

interface RequestQueueClass {
  prototype: RequestQueueInstance;
  new (options: Record<string, unknown>): RequestQueueInstance & { destroy(): void };
}

/** kafkajs's own interval while requests wait. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

export const KAFKAJS_REQUEST_QUEUE_FIX_APPLIED = version === '2.2.4';

if (KAFKAJS_REQUEST_QUEUE_FIX_APPLIED) {
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInstance): void {
    if (this.pending.length === 0 || this.throttleCheckTimeoutId) return;
    const untilThrottleEnds = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      untilThrottleEnds > 0 ? untilThrottleEnds : CHECK_PENDING_REQUESTS_INTERVAL_MS,
    );
  };
}

/** For tests: a bare request queue (no socket) to look at its scheduling. */
export function newKafkajsRequestQueue(options: Record<string, unknown>): RequestQueueInstance & { destroy(): void } {
  return new RequestQueue(options);
}
