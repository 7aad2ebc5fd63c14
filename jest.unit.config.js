module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,scripts,test/deploy}/**/*.spec.ts'],
};
