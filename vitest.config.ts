import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'migrations/**/*.test.ts', 'renderer/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Generous: a test never depends on the machine's speed (a busy CI machine takes its time).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits 1 s by default: on a machine busy with other work a preview or a page
    // can take longer than that to show what it will show. Waiting is free when it is quick.
    expect: { poll: { timeout: 20_000 } },
    // Two cores: files run in parallel processes, the browser suite in its own.
    pool: 'forks',
    // Vitest runs `cores - 1` files at once by default: one at a time on a 2-core machine, whose
    // second core then idles through every browser start and child process the suite waits for.
    maxWorkers: 2,
    // A process per file re-evaluates the same core modules ~85 times (a fifth of the suite's
    // time); the test files share nothing but modules without mutable global state, and the
    // ones that pin a time zone set it before anything reads it, in every file that needs it.
    isolate: false,
  },
});
