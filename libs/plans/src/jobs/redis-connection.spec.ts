import { redisOptionsFromUrl } from './redis-connection';

describe('redisOptionsFromUrl', () => {
  it.each([
    ['redis://127.0.0.1:6379', { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null }],
    ['redis://127.0.0.1:6379/1', { host: '127.0.0.1', port: 6379, db: 1, maxRetriesPerRequest: null }],
    ['redis://redis.internal', { host: 'redis.internal', port: 6379, maxRetriesPerRequest: null }],
    ['redis://user:p%40ss@h:6380/2', { host: 'h', port: 6380, username: 'user', password: 'p@ss', db: 2, maxRetriesPerRequest: null }],
    ['rediss://h:6380', { host: 'h', port: 6380, tls: {}, maxRetriesPerRequest: null }],
  ])('%s', (url, expected) => {
    expect(redisOptionsFromUrl(url)).toEqual(expected);
  });
});
