#!/usr/bin/env node
/**
 * What the proof-of-work (`comment-thread-server --proof-of-work`) costs a visitor: the time to
 * solve the server's challenges at the default work, made by the server's own code
 * (server/dist/proof-of-work.js) and each solution checked by it.
 *
 *   Node      the widget's solver (src/adapters/proof-solver.ts, Web Crypto), and as the
 *             baseline in the same process altcha-lib's reference solver (node:crypto), on the
 *             same challenges: ours / baseline is the ratio
 *   Chromium  the drop-in build's `comment-thread.proof-HASH.js` in headless Chromium, solving in its
 *             Web Worker (`comment-thread.proof-worker-HASH.js`), as a visitor's post does
 *
 * Results: bench/results/proof-<ISO date>.json and bench/results/proof-latest.md. Medians with
 * the min–max range, and the machine; measurements, never thresholds.
 *
 *   npm run build && node bench/proof-of-work.mjs
 *   BENCH_CHALLENGES=30  BENCH_WORK=300 (the server's default)
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { stats } from './lib/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { checkProof, DEFAULT_PROOF_WORK, newChallenge, proofKeys, PROOF_COST } = await import(pathToFileURL(join(root, 'server', 'dist', 'proof-of-work.js')).href);
const CHALLENGES = Number(process.env.BENCH_CHALLENGES ?? 30);
const WORK = Number(process.env.BENCH_WORK ?? DEFAULT_PROOF_WORK);

const keys = proofKeys('bench-secret');
const challenges = [];
for (let i = 0; i < CHALLENGES; i++) challenges.push(await newChallenge(keys, WORK, new Date()));

/** Checks a solution as the server would; throws when it would refuse it. */
const check = (challenge, solution) => checkProof(keys, { challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } }, new Date());

/** Milliseconds each of `challenges` took `solve`, every solution checked. */
async function timeEach(solve) {
  const times = [];
  for (const challenge of challenges) {
    const started = performance.now();
    const solution = await solve(challenge);
    times.push(performance.now() - started);
    await check(challenge, solution);
  }
  return times;
}

// The widget's solver, compiled from its source for Node.
const scratch = mkdtempSync(join(tmpdir(), 'ct-bench-proof-'));
const solverFile = join(scratch, 'proof-solver.mjs');
await build({ entryPoints: [join(root, 'src', 'adapters', 'proof-solver.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile: solverFile, logLevel: 'error' });
const { solveProof } = await import(pathToFileURL(solverFile).href);

// Warm-up (one solve each, uncounted), then alternately so both meet the same machine.
await solveProof(challenges[0]);
await solveChallenge({ challenge: challenges[0], deriveKey });
const ours = await timeEach((challenge) => solveProof(challenge));
const baseline = await timeEach((challenge) => solveChallenge({ challenge, deriveKey }));

// The drop-in build in Chromium: the page imports the chunk comment-thread.proof-HASH.js, which
// starts its worker; `prove` is what HttpAdapter calls, here handed the challenge instead of
// fetching it.
const dist = join(root, 'dist');
const proofChunk = readdirSync(dist).find((file) => /^comment-thread\.proof-[\w-]{8}\.js$/.test(file));
const page = `<!doctype html><meta charset="utf-8"><title>proof-of-work</title><script type="module">
  const { prove } = await import('./${proofChunk}');
  window.solveAll = async (challenges) => {
    const results = [];
    for (const challenge of challenges) {
      const started = performance.now();
      const { solution } = await prove(async () => challenge);
      results.push({ ms: performance.now() - started, solution });
    }
    return results;
  };
  window.ready = true;
</script>`;
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://bench').pathname;
  if (path === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page);
    return;
  }
  try {
    const body = readFileSync(join(dist, path.replace(/^\/+/, '').replace(/\.\./g, '')));
    res.writeHead(200, { 'Content-Type': 'text/javascript' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
let inBrowser;
let workers = 0;
try {
  const tab = await browser.newPage();
  tab.on('worker', () => workers++);
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => window.ready === true);
  await tab.evaluate((list) => window.solveAll(list.slice(0, 1)), challenges);
  const results = await tab.evaluate((list) => window.solveAll(list), challenges);
  for (const [i, { solution }] of results.entries()) await check(challenges[i], solution);
  inBrowser = results.map((r) => r.ms);
} finally {
  await browser.close();
  server.close();
  rmSync(scratch, { recursive: true, force: true });
}
if (workers !== CHALLENGES + 1) throw new Error(`expected a worker per solve, saw ${workers}`);

const summary = (times) => {
  const { median, min, max } = stats(times.map((ms) => ({ ms })));
  return { median: median.ms, min: min.ms, max: max.ms };
};
const result = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, loadavg: loadavg().map((n) => Number(n.toFixed(2))) },
  work: WORK,
  cost: PROOF_COST,
  challenges: CHALLENGES,
  nodeOurs: summary(ours),
  nodeAltchaLib: summary(baseline),
  ratioOursToAltchaLib: summary(ours).median / summary(baseline).median,
  chromiumWorker: summary(inBrowser),
  raw: { nodeOurs: ours, nodeAltchaLib: baseline, chromiumWorker: inBrowser },
};
const row = (label, s) => `| ${label} | ${(s.median / 1000).toFixed(2)} s | ${(s.min / 1000).toFixed(2)}–${(s.max / 1000).toFixed(2)} s |`;
const markdown = [
  `# Proof-of-work: the time a visitor's browser spends on a post`,
  '',
  `${result.date}; ${result.machine.cpu}, ${result.machine.cores} cores (one solve uses one), Node ${result.machine.node}, load ${result.machine.loadavg.join(' ')}.`,
  `${CHALLENGES} challenges made by the server's code at the default work (${WORK} tries at most, ${PROOF_COST} PBKDF2-SHA-256 iterations a try; a solve takes ${Math.ceil(WORK / 2)} to ${WORK} tries), every solution checked by it.`,
  '',
  '| solver | median | min–max |',
  '|---|---:|---:|',
  row('Chromium, the drop-in build, in its Web Worker (what a visitor waits)', result.chromiumWorker),
  row("Node, the widget's solver (Web Crypto)", result.nodeOurs),
  row("Node, altcha-lib's reference solver (node:crypto), the baseline", result.nodeAltchaLib),
  '',
  `Ours / baseline in Node: ${result.ratioOursToAltchaLib.toFixed(2)}.`,
  '',
].join('\n');
const stamp = result.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
writeFileSync(join(here, 'results', `proof-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(here, 'results', 'proof-latest.md'), markdown);
console.log(markdown);
