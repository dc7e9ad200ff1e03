// Builds the widget into dist/: per-module ESM + .d.ts + source maps (tsc), the drop-in bundle
// (vite), and the custom-elements manifest (analyzer), then prints the sizes. Also builds the
// server workspace into server/dist/.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npm', ['run', 'build', '--silent', '-w', 'comment-thread-server']);
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['cem', 'analyze', '--litelement', '--globs', 'src/**/*.ts', '--exclude', 'src/testing/**', '--outdir', 'dist', '--quiet']);
run('node', ['scripts/size.mjs', '--report']);
