/** `npm run test:browser`: Swagger UI in Debian's Chromium against the built app (run `npm run build` first). */
import base from '../../jest.config.mjs';

const e2e = base.projects.find((project) => project.displayName === 'e2e');

export default {
  ...e2e,
  rootDir: '../..',
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  reporters: base.reporters,
  // A cold Chromium and a cold app on a busy 2-core machine: generous, every wait is on a condition.
  testTimeout: 180_000,
  maxWorkers: 1,
};
