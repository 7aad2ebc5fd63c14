export * from './test-issuer';
export * from './test-env';
