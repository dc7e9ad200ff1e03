// Builds the widget into dist/: per-module ESM + .d.ts + source maps (tsc), the drop-in bundle
// and the standalone <comment-count> (vite, vite.config.ts), and the custom-elements manifest
// (analyzer), then prints the sizes. Also builds the server workspace into server/dist/.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npm', ['run', 'build', '--silent', '-w', 'comment-thread-server']);
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--logLevel', 'warn', '--mode', 'count']);
// (The drop-in bundle's stand-in for <comment-count> is left out: CommentCount documents it.)
run('npx', ['cem', 'analyze', '--litelement', '--globs', 'src/**/*.ts', '--exclude', 'src/testing/**', '--exclude', 'src/admin/**', '--exclude', 'src/drop-in/**', 'src/count/lazy-count.ts', '--outdir', 'dist', '--quiet']);
run('node', ['scripts/size.mjs', '--report']);
