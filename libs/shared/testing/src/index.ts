export * from './test-issuer';
export * from './test-env';
export * from './interleave-transactions';
export * from './statements-of';
