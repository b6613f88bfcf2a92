// ESM all the way: the project is "type": "module" and several dependencies (jose, openid-client,
// oidc-provider) ship only ESM. Jest runs native ESM under --experimental-vm-modules (see the
// "test" script) and SWC strips types without converting modules, so there is one module system
// in tests and in production. Type checking is `npm run typecheck`, run before jest by `npm test`.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    }],
  },
  // Builds dist/ when stale: some tests run Seatgate as a real child process.
  globalSetup: '<rootDir>/test/support/build-once.js',
  // The shipped tier catalogue, installed in each test file's module registry (as start-up does).
  setupFilesAfterEnv: ['<rootDir>/test/support/install-tier-catalogue.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
