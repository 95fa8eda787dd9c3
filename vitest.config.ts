import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts (or reuses) the real Kafka broker and Elasticsearch node once for the whole run.
    globalSetup: ['test/global-setup.ts'],
    // Outage tests make kafkajs log every refused connection; the assertions say what matters.
    env: { SENTINEL_LOG_LEVEL: process.env.SENTINEL_LOG_LEVEL ?? 'fatal' },
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two cores run two JVMs already; more workers than that only adds contention.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
