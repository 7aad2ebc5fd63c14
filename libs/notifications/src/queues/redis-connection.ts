import IORedis from 'ioredis';

/** BullMQ wants `maxRetriesPerRequest: null` on every connection it blocks on. */
export function createRedisConnection(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
