import { createDefaultEsmPreset } from 'ts-jest';

/** Native-ESM jest: the @actions and @octokit packages ship ESM only. */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // End-to-end suites share one sandbox per file and spawn npm/git; two workers fit a 2-core machine.
  maxWorkers: 2,
  testTimeout: 60_000,
};
