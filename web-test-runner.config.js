// Browser tests: real Chromium (Debian's package, or CHROME_PATH), TypeScript through esbuild,
// one group per test file so a crash in one file cannot hide results of another.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { readdirSync } from 'node:fs';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const files = readdirSync('test', { recursive: true })
  .map((f) => `test/${f}`)
  .filter((f) => f.endsWith('.test.ts') && !f.startsWith('test/node/'))
  .sort();

export default {
  nodeResolve: true,
  rootDir: '.',
  concurrency: 1,
  // Lit's development build announces itself in every file; keep the real warnings visible.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  groups: files.map((file) => ({ name: file.replace(/^test\/|\.test\.ts$/g, ''), files: file })),
};
