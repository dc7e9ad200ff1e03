// The browser suite (web-test-runner, three engines) and the server's tests (real server
// processes on SQLite and PostgreSQL) at the same time: each spends much of its time waiting
// (on browsers, processes, timers and the network), so on a 2-core machine the two together
// take little longer than the browser suite alone. The browser suite's output comes as it
// runs; the server's is kept and printed after it, whole. Exits non-zero if either failed.
// `npm test` runs it after the server is built (the server's tests use server/dist).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** Runs a command; with `keep`, its output is kept rather than shown. */
function run(command, args, { cwd, keep = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd, stdio: keep ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (keep) {
      child.stdout.on('data', (data) => (output += data));
      child.stderr.on('data', (data) => (output += data));
    }
    child.once('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

const serverTests = readdirSync('server/test')
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => `test/${name}`);
const [browser, server] = await Promise.all([
  run('npx', ['web-test-runner']),
  // Three files at once: they mostly wait on processes and the network (README, "Development").
  run(process.execPath, ['--test', '--test-concurrency=3', ...serverTests], { cwd: 'server', keep: true }),
]);
process.stdout.write(`\n${server.output}\n`);
console.log(`test-parallel: browser suite ${browser.code === 0 ? 'passed' : 'FAILED'} in ${browser.seconds} s; server tests ${server.code === 0 ? 'passed' : 'FAILED'} in ${server.seconds} s`);
process.exitCode = browser.code || server.code;
