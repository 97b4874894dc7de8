/**
 * Jest: ts-jest for the project's TypeScript; esbuild turns client-node's ESM-only packages into CommonJS. The global
 * setup builds dist/ once per run, so the tests of the shipped command line never run a stale bundle.
 */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+\\.m?js$': '<rootDir>/test/support/esm-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@kubernetes/client-node|openid-client|jose|oauth4webapi)/)'],
  // functions/ and scripts/ import the shared code as `shared/…` (tsconfig.json `paths`), as esbuild resolves it.
  moduleNameMapper: { '^shared/(.*)$': '<rootDir>/shared/$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/global-setup.js',
};
