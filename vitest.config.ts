import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits up to 1 s by default: too short for a browser on a loaded two-core CI machine (a page's
    // script or a list can take a few seconds there). What is polled for still has to happen; only the wait grows.
    expect: { poll: { timeout: 10_000 } },
    // Browser tests start Chromium and a server each; two cores do not like more.
    maxWorkers: 2,
  },
});
