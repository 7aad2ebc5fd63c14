// Shared jest settings: SWC transpiles TypeScript (decorator metadata on, for NestJS DI); type
// checking is `npm run typecheck`, done once before the tests.
const { pathsToModuleNameMapper } = require('./scripts/paths');

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: pathsToModuleNameMapper(),
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tellonce/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
