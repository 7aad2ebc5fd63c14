// Integration tests: real PostgreSQL, Kafka and Redis (brought up by scripts/test.sh).
module.exports = {
  ...require('./jest.preset'),
  displayName: 'integration',
  testMatch: ['<rootDir>/{apps,libs}/**/test/integration/**/*.integration-spec.ts'],
  setupFiles: ['<rootDir>/test/integration-setup.js'],
  testTimeout: 120000,
};
