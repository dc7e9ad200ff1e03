/**
 * Statistics over runs and the Markdown report (bench/results/latest.md) of bench/run.mjs.
 * Every figure is the median of the runs with their min–max range; ratios are ours / naive of
 * the medians measured in the same run. Measurements, not pass/fail thresholds.
 */

/** Median, min and max of every numeric field over `runs`. */
export function stats(runs) {
  const keys = new Set();
  for (const run of runs) for (const [key, value] of Object.entries(run ?? {})) if (typeof value === 'number') keys.add(key);
  const median = {};
  const min = {};
  const max = {};
  for (const key of keys) {
    const v = runs.map((r) => r?.[key]).filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
    if (v.length === 0) continue;
    const mid = Math.floor(v.length / 2);
    median[key] = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    min[key] = v[0];
    max[key] = v[v.length - 1];
  }
  return { median, min, max };
}

const INTEGER = new Set(['count', 'elements', 'bytes']);

function num(value, kind) {
  if (value === null || value === undefined) return '—';
  if (INTEGER.has(kind)) return Math.round(value).toLocaleString('en-US');
  if (kind === 'KB') return (value / 1024).toFixed(1);
  if (kind === 'MB') return value.toFixed(1);
  if (kind === 'ratio') return value.toFixed(2);
  return value < 10 ? value.toFixed(2) : value.toFixed(0);
}

/** "median (min–max)", or the median alone when every run gave the same. */
function figure(c, key, kind) {
  const m = c?.median?.[key];
  if (m === undefined) return '—';
  const lo = num(c.min[key], kind);
  const hi = num(c.max[key], kind);
  return lo === hi ? num(m, kind) : `${num(m, kind)} (${lo}–${hi})`;
}

function ratio(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number') return '—';
  if (b === 0) return a === 0 ? '1.00' : '∞';
  return (a / b).toFixed(2);
}

function table(lines, metrics, ours, naive, { naiveLabel = 'naive' } = {}) {
  lines.push(`| metric | ours | ${naiveLabel} | ours / ${naiveLabel} |`, '|---|---:|---:|---:|');
  for (const [key, label, kind] of metrics) {
    if (ours?.median?.[key] === undefined && naive?.median?.[key] === undefined) continue;
    lines.push(`| ${label} | ${figure(ours, key, kind)} | ${naive ? figure(naive, key, kind) : 'not run'} | ${naive ? ratio(ours?.median?.[key], naive?.median?.[key]) : '—'} |`);
  }
  lines.push('');
  for (const [name, c] of [['ours', ours], [naiveLabel, naive]]) {
    const failed = (c?.runs ?? []).filter((r) => r?.error);
    if (failed.length) lines.push(`${failed.length} run(s) of ${name} failed and are left out: ${failed[0].error}`, '');
  }
}

export const MEMORY_METRICS = [
  ['firstMs', 'mount → first comment in DOM (ms)', 'ms'],
  ['firstPaintMs', 'mount → first comments painted (ms)', 'ms'],
  ['firstFrameCount', 'comments in the first frame that shows any (count)', 'count'],
  ['allMs', 'mount → all comments in DOM (ms)', 'ms'],
  ['paintMs', 'mount → next paint after all (ms)', 'ms'],
  ['longTaskCount', 'long tasks > 50 ms during mount (count)', 'count'],
  ['longTaskTotalMs', 'long tasks total (ms)', 'ms'],
  ['longTaskMaxMs', 'longest task (ms)', 'ms'],
  ['heapMB', 'JS heap after GC (MB)', 'MB'],
  ['elements', 'DOM elements (incl. shadow roots)', 'elements'],
  ['elementsPerComment', 'DOM elements per comment', 'ratio'],
  ['addOneMs', 'apply one new comment (ms)', 'ms'],
  ['scrollLongTasks', 'long tasks > 50 ms scrolling down ≤ 300 viewports, once loaded (count)', 'count'],
  ['scrollLongestMs', 'longest task while scrolling (ms)', 'ms'],
];

export const HTTP_METRICS = [
  ['defineMs', 'navigation → element defined (bundle ran) (ms)', 'ms'],
  ['upgradeMs', 'customElements.define() call, upgrading the element in the markup (ms)', 'ms'],
  ['listStartMs', 'navigation → first list request starts (ms)', 'ms'],
  ['listDelayMs', 'element defined → first list request starts (ms)', 'ms'],
  ['chunkStartMs', 'navigation → HTTP client chunk requested (ms)', 'ms'],
  ['chunkEndMs', 'navigation → HTTP client chunk loaded (ms)', 'ms'],
  ['listAfterChunkMs', 'first list request → HTTP client chunk requested (ms; the list goes first)', 'ms'],
  ['listResponseMs', 'navigation → first list response complete (ms)', 'ms'],
  ['firstMs', 'navigation → first comment in DOM (ms)', 'ms'],
  ['firstPaintMs', 'navigation → first comments painted (ms)', 'ms'],
  ['firstFrameCount', 'comments in the first frame that shows any (count)', 'count'],
  ['pageMs', 'navigation → first page in DOM (ms)', 'ms'],
  ['pagePaintMs', 'navigation → next paint after the first page (ms)', 'ms'],
  ['allMs', 'navigation → all comments in DOM (ms)', 'ms'],
  ['paintMs', 'navigation → next paint after all (ms)', 'ms'],
  ['firstPaintFromDefineMs', 'element defined → first comments painted (ms)', 'ms'],
  ['paintFromDefineMs', 'element defined → next paint after all (ms)', 'ms'],
  ['listRequests', 'list requests (count)', 'count'],
  ['longTaskCount', 'long tasks > 50 ms, navigation → last paint (count)', 'count'],
  ['longTaskTotalMs', 'long tasks total (ms)', 'ms'],
  ['longTaskMaxMs', 'longest task (ms)', 'ms'],
  ['bytesBeforeFirstPaint', 'transferred before the first comments were painted (KB)', 'KB'],
  ['bytesTotal', 'transferred in all (KB)', 'KB'],
  ['elementsPerComment', 'DOM elements per comment shown', 'ratio'],
];

/**
 * Figures derived from what the runs recorded: when ours' HTTP client chunk
 * (`comment-thread.http-read.js`, the HttpAdapter's reading half) was requested and loaded, and
 * how long after the first list request it was requested (the bundle sends that request
 * itself, without waiting for the chunk).
 */
export function derive(result) {
  for (const suite of [result.suites.http, result.suites.throttled]) {
    for (const cells of Object.values(suite ?? {})) {
      for (const c of Object.values(cells)) {
        for (const run of c.runs) {
          const chunk = run?.scripts?.find((e) => /comment-thread\.http-read\.js$/.test(e.name));
          if (!chunk || typeof run.listStartMs !== 'number') continue;
          run.chunkStartMs = chunk.startMs;
          run.chunkEndMs = chunk.endMs;
          run.listAfterChunkMs = chunk.startMs - run.listStartMs;
        }
        Object.assign(c, stats(c.runs));
      }
    }
  }
  return result;
}

/** Under a throttled network, the HTTP figures about what arrives first. */
const THROTTLED_KEYS = new Set([
  'defineMs',
  'listStartMs',
  'listDelayMs',
  'chunkStartMs',
  'chunkEndMs',
  'listAfterChunkMs',
  'firstPaintMs',
  'firstFrameCount',
  'pagePaintMs',
  'firstPaintFromDefineMs',
  'bytesBeforeFirstPaint',
]);
export const THROTTLED_METRICS = HTTP_METRICS.filter(([key]) => THROTTLED_KEYS.has(key));

export const POST_METRICS = [
  ['optimisticMs', 'submit → optimistic comment painted (ms)', 'ms'],
  ['storedMs', 'submit → stored comment painted in its place (ms)', 'ms'],
  ['traceLongestMs', 'longest main-thread task, submit → stored (trace, ms)', 'ms'],
  ['traceOver16', 'main-thread tasks > 16 ms, submit → stored (trace, count)', 'count'],
  ['traceOver50', 'main-thread tasks > 50 ms, submit → stored (trace, count)', 'count'],
  ['longTaskCount', 'long tasks > 50 ms, submit → stored (longtask API, count)', 'count'],
  ['longTaskMaxMs', 'longest long task (longtask API, ms; 0 = none over 50 ms)', 'ms'],
  ['traceAfterLongestMs', 'longest main-thread task in the second after (trace, ms)', 'ms'],
  ['rebuilt', 'articles of the thread rebuilt by the post (count)', 'count'],
  ['detached', "thread's elements the post removed for good (count)", 'count'],
  ['moved', "thread's elements the post removed and inserted again (count)", 'count'],
  ['elementsBefore', "elements in the thread's shadow root before the post", 'count'],
];

export const HEAP_METRICS = [
  ['loadedBlinkGcMB', 'before scrolling: Blink GC heap (`blink_gc` committed) (MB)', 'MB'],
  ['loadedBlinkGcLiveMB', 'before scrolling: Blink GC live objects (MB)', 'MB'],
  ['loadedPrivateFootprintMB', 'before scrolling: renderer private footprint (MB)', 'MB'],
  ['blinkGcMB', 'scrolled through: Blink GC heap (Oilpan, `blink_gc` committed) (MB)', 'MB'],
  ['blinkGcLiveMB', 'scrolled through: Blink GC live objects (`blink_gc/main/allocated_objects`) (MB)', 'MB'],
  ['partitionAllocMB', 'scrolled through: PartitionAlloc partitions (`partition_alloc`) (MB)', 'MB'],
  ['mallocMB', 'scrolled through: malloc (`malloc`) (MB)', 'MB'],
  ['v8MB', 'scrolled through: V8 heaps committed (`v8`) (MB)', 'MB'],
  ['privateFootprintMB', 'scrolled through: renderer private memory footprint (MB)', 'MB'],
  ['v8UsedMB', 'scrolled through: V8 heap used after GC (`Runtime.getHeapUsage`) (MB)', 'MB'],
  ['domNodes', 'DOM nodes (`Memory.getDOMCounters`)', 'count'],
  ['elements', 'DOM elements (incl. shadow roots)', 'elements'],
  ['elementsPerComment', 'DOM elements per comment', 'ratio'],
  ['scrollFrames', 'frames to scroll the whole thread (one viewport each)', 'count'],
  ['scrollWholeMs', 'time to scroll the whole thread (ms)', 'ms'],
  ['scrollWholeLongTasks', 'long tasks > 50 ms while scrolling the whole thread (count)', 'count'],
  ['scrollWholeLongestMs', 'longest of them (ms)', 'ms'],
];

const get = (suite, client, n) => suite?.[client]?.[n];

/**
 * A traced suite's section (posting, a vote): its heading and how it was measured, then per
 * size the table of ours against the baseline (where it ran) and ours' longest five tasks of
 * each run. Nothing when the suite did not run.
 */
function tracedSuite(lines, suite, heading, how) {
  const sizes = Object.keys(suite?.ours ?? {});
  if (!sizes.length) return;
  const withBaseline = sizes.some((n) => get(suite, 'naive', n));
  lines.push(heading, '', how, '');
  for (const n of sizes) {
    lines.push(`### N = ${n}`, '');
    table(lines, POST_METRICS, get(suite, 'ours', n), withBaseline ? get(suite, 'naive', n) : null);
    const top = get(suite, 'ours', n)?.runs?.map((r) => `[${(r.traceTop ?? []).join(', ')}]`).join(' ');
    if (top) lines.push(`Longest five tasks of each run${withBaseline ? ' of ours' : ''} (ms): ${top}`, '');
  }
}
const med = (c, key) => c?.median?.[key];

function summary(result) {
  const s = result.suites;
  const rows = [];
  const row = (what, ours, naive, kind, asks) => {
    if (!ours) return;
    const o = ours.c?.median?.[ours.key];
    const b = naive?.c?.median?.[naive.key];
    if (o === undefined) return;
    rows.push(`| ${what} | ${figure(ours.c, ours.key, kind)} | ${naive?.c ? figure(naive.c, naive.key, kind) : '—'} | ${ratio(o, b)} | ${asks} |`);
  };
  const both = (suite, n, key) => [{ c: get(suite, 'ours', n), key }, { c: get(suite, 'naive', n), key }];
  for (const n of [100, 200]) row(`N=${n}: comments in the first frame that shows any, MemoryAdapter`, ...both(s.memory, n, 'firstFrameCount'), 'count', `all ${n} (no steps)`);
  row('N=100: comments in the first frame that shows any, HTTP', ...both(s.http, 100, 'firstFrameCount'), 'count', 'all 100 (no steps)');
  row('N=100, whole thread to next frame, MemoryAdapter (ms)', ...both(s.memory, 100, 'paintMs'), 'ms', '≤ 0.7× (was 0.89×)');
  row('N=100, whole thread to next frame, HTTP, from navigation (ms)', ...both(s.http, 100, 'paintMs'), 'ms', '≤ 0.7× (was 1.30×)');
  row('N=100, whole thread to next frame, HTTP, from the element\'s definition (ms)', ...both(s.http, 100, 'paintFromDefineMs'), 'ms', '≤ 0.7× (was 1.30×)');
  row('N=1,000, whole thread to next frame, MemoryAdapter (ms)', ...both(s.memory, 1000, 'paintMs'), 'ms', '≤ 0.5×');
  row('N=5,000, whole thread to next frame, MemoryAdapter (ms)', ...both(s.memory, 5000, 'paintMs'), 'ms', '≤ 0.35×');
  for (const n of [1000, 5000, 10000, 50000]) row(`N=${n.toLocaleString('en-US')}, first comments painted, MemoryAdapter (ms)`, ...both(s.memory, n, 'firstPaintMs'), 'ms', '≤ 100 ms');
  for (const n of Object.keys(s.post?.ours ?? {})) {
    row(`Posting at N=${Number(n).toLocaleString('en-US')}: longest main-thread task, submit → stored (ms)`, ...both(s.post, n, 'traceLongestMs'), 'ms', '≤ 16 ms (was 57–102 ms)');
    row(`Posting at N=${Number(n).toLocaleString('en-US')}: articles rebuilt`, { c: get(s.post, 'ours', n), key: 'rebuilt' }, null, 'count', 'none (no rebuild)');
  }
  for (const n of Object.keys(s.vote?.ours ?? {})) {
    row(`A vote at N=${Number(n).toLocaleString('en-US')}: longest main-thread task, click → stored (ms)`, ...both(s.vote, n, 'traceLongestMs'), 'ms', '≤ 16 ms');
    row(`A vote at N=${Number(n).toLocaleString('en-US')}: articles rebuilt`, { c: get(s.vote, 'ours', n), key: 'rebuilt' }, null, 'count', 'the one voted on');
  }
  for (const n of Object.keys(s.postHttp?.ours ?? {})) {
    row(`Posting at N=${Number(n).toLocaleString('en-US')} over HTTP: longest main-thread task (ms)`, { c: get(s.postHttp, 'ours', n), key: 'traceLongestMs' }, null, 'ms', '≤ 16 ms');
  }
  for (const n of Object.keys(s.heap?.ours ?? {})) {
    row(`N=${Number(n).toLocaleString('en-US')}: DOM elements per comment`, ...both(s.heap, n, 'elementsPerComment'), 'ratio', '≤ 1× (was 1.21×)');
    row(`N=${Number(n).toLocaleString('en-US')}, scrolled through: Blink GC heap (MB)`, ...both(s.heap, n, 'blinkGcMB'), 'MB', 'report (was 168 vs 163 MB)');
    row(`N=${Number(n).toLocaleString('en-US')}, scrolled through: renderer private footprint (MB)`, ...both(s.heap, n, 'privateFootprintMB'), 'MB', 'report');
  }
  if (!s.heap?.ours) {
    for (const n of Object.keys(s.memory?.ours ?? {})) row(`N=${Number(n).toLocaleString('en-US')}: DOM elements per comment`, ...both(s.memory, n, 'elementsPerComment'), 'ratio', '≤ 1× (was 1.21×)');
  }
  for (const n of Object.keys(s.throttled?.ours ?? {})) row(`Throttled, N=${Number(n).toLocaleString('en-US')}: first comments painted, from navigation (ms)`, ...both(s.throttled, n, 'firstPaintMs'), 'ms', 'report');
  for (const n of Object.keys(s.http?.ours ?? {})) row(`HTTP, N=${Number(n).toLocaleString('en-US')}: element defined → list request (ms)`, ...both(s.http, n, 'listDelayMs'), 'ms', '≤ 10 ms (was 55–70 ms)');
  for (const n of Object.keys(s.throttled?.ours ?? {})) row(`Throttled, N=${Number(n).toLocaleString('en-US')}: element defined → list request (ms)`, ...both(s.throttled, n, 'listDelayMs'), 'ms', '≤ 10 ms');
  if (rows.length === 0) return [];
  return [
    '## Issue 9 figures',
    '',
    'The figures issue 9 asks about, from the tables below ("issue 9 asks" is for reading them; nothing is asserted).',
    '',
    '| figure | ours | naive | ours / naive | issue 9 asks |',
    '|---|---:|---:|---:|---|',
    ...rows,
    '',
  ];
}

function perRun(lines, title, suite, key, clients = ['ours', 'naive']) {
  const sizes = Object.keys(suite?.ours ?? {});
  if (sizes.length === 0) return;
  lines.push(title, '', '| N | client | runs (ms) | median | range |', '|---:|---|---|---:|---|');
  for (const n of sizes) {
    for (const client of clients) {
      const c = get(suite, client, n);
      if (!c || c.median[key] === undefined) continue;
      const values = c.runs.map((r) => (typeof r?.[key] === 'number' ? r[key].toFixed(1) : '—'));
      lines.push(`| ${n} | ${client} | ${values.join(', ')} | ${num(med(c, key), 'ms')} | ${num(c.min[key], 'ms')}–${num(c.max[key], 'ms')} |`);
    }
  }
  lines.push('');
}

const load = (l) => l.map((x) => x.toFixed(1)).join('/');

export function markdown(result) {
  derive(result);
  const s = result.suites;
  const lines = [
    '# Browser benchmark: `<comment-thread>` vs naive Lit baseline',
    '',
    `${result.date} · ${result.browser} · ${result.machine.cpus}× ${result.machine.cpuModel} · Node ${result.node} · ${result.durationSeconds} s` +
      (result.machine.loadavgBefore ? ` · load average ${load(result.machine.loadavgBefore)} before, ${load(result.machine.loadavgAfter)} after (1/5/15 min)` : ''),
    '',
    `Median of ${result.runs} runs with the min–max range in parentheses; each run in a fresh browser context, after one warm-up run ` +
      `per cell that is not counted; the two clients take turns run by run. Seeded synthetic threads (seed ${result.seed}, ~450-character Markdown bodies, ~30% replies, depth ≤ 5). ` +
      'Ratio = ours / naive of the medians, measured in the same run; below 1 means ours is lower (faster/smaller). ' +
      'These are measurements, not pass/fail thresholds.',
    '',
    ...summary(result),
  ];

  const memorySizes = Object.keys(s.memory?.ours ?? s.memory?.naive ?? {});
  if (memorySizes.length) {
    lines.push(
      '## MemoryAdapter mode',
      '',
      '"ours" is `<comment-thread max-depth="5">` (bundled from `src/`) over a `MemoryAdapter` holding the generated thread; ' +
        '"naive" is `bench/baseline/naive-thread.ts` (marked + DOMPurify on every render, everything at once) given the same array. ' +
        'Times are from the moment the page appends the element.',
      '',
    );
    for (const n of memorySizes) {
      lines.push(`### N = ${n}`, '');
      table(lines, MEMORY_METRICS, get(s.memory, 'ours', n), get(s.memory, 'naive', n));
    }
  }

  const httpSizes = Object.keys(s.http?.ours ?? {});
  if (httpSizes.length) {
    lines.push(
      '## HTTP mode',
      '',
      'A real `comment-thread-server` (SQLite, seeded with the same thread through `import --format json`) on 127.0.0.1 serves both the API ' +
        'and the pages (`--static`, same origin, uncompressed, as the server sends them). "ours" is the drop-in build ' +
        '(`comment-thread.js` and its lazy chunks, built with the project\'s Vite config) with ' +
        `\`<comment-thread src="/" thread-id="bench" max-depth="5" page-size="${result.pageSize}">\` in the markup; "naive" is the baseline ` +
        `with a fetch loop that reads every page of \`GET /api/comments?thread=bench&limit=100\` (following \`nextCursor\`) and then renders them all. ` +
        'Times are from navigation start: they include loading the page and the scripts. ' +
        `Fair comparison: ours shows the server's first page (${result.pageSize} top-level comments with all their replies: ` +
        `${Object.entries(result.firstPage ?? {}).map(([n, k]) => `${k} of ${n} comments`).join(', ')}) and "Show more comments" for the rest; ` +
        '"first page" is the time until that same number of comments is in the DOM for either client (the baseline renders them all at once), ' +
        'and for "all", the harness clicks "Show more" as soon as it is shown until ours shows every comment (what a visitor clicking at once would get).',
      '',
    );
    for (const n of httpSizes) {
      lines.push(`### N = ${n} (first page: ${result.firstPage?.[n]} comments)`, '');
      table(lines, HTTP_METRICS, get(s.http, 'ours', n), get(s.http, 'naive', n));
    }
  }

  const throttledSizes = Object.keys(s.throttled?.ours ?? {});
  if (throttledSizes.length) {
    const t = result.throttle;
    lines.push(
      '## HTTP mode, throttled network',
      '',
      `The same pages with \`Network.emulateNetworkConditions\` (latency ${t.latency} ms, download ${t.downloadThroughput.toLocaleString('en-US')} bytes/s = ` +
        `${((t.downloadThroughput * 8) / 1e6).toFixed(1)} Mbps, upload ${t.uploadThroughput.toLocaleString('en-US')} bytes/s) set before navigation: ` +
        'the page, its scripts and the comments come over that network, uncompressed. Ours is measured up to its first page, the baseline up to its whole thread ' +
        '(it paints nothing before it has read every page).',
      '',
    );
    for (const n of throttledSizes) {
      lines.push(`### N = ${n}`, '');
      table(lines, THROTTLED_METRICS, get(s.throttled, 'ours', n), get(s.throttled, 'naive', n));
    }
  }

  if (httpSizes.length || throttledSizes.length) {
    lines.push(
      '## List request delay, per run',
      '',
      'From the moment the bundle calls `customElements.define()` for the element (the element in the markup is upgraded inside that call; ' +
        'the harness wraps `define` and takes `performance.now()` just before) to the `startTime` of the first `/api/comments?` Resource Timing entry.',
      '',
    );
    perRun(lines, '### Unthrottled', s.http, 'listDelayMs');
    perRun(lines, '### Throttled', s.throttled, 'listDelayMs');
    lines.push(
      'Ours sends its first list request from the bundle and loads its HTTP client (`comment-thread.http-read.js`, the reading half) ' +
        'meanwhile; from the `startTime` of the list request to the `startTime` of the chunk\'s Resource Timing entry:',
      '',
    );
    perRun(lines, '### Unthrottled, list request → client chunk requested', s.http, 'listAfterChunkMs', ['ours']);
    perRun(lines, '### Throttled, list request → client chunk requested', s.throttled, 'listAfterChunkMs', ['ours']);
  }

  tracedSuite(
    lines,
    s.post,
    '## Posting through the form',
    'Once every comment is in the DOM (MemoryAdapter mode), ours gets a comment typed into its composer (`textarea[name="body"]`, an `input` event) ' +
      'and its submit button clicked; the run ends in the frame where the stored comment\'s article (`#comment-<id>` of `ct-comment-posted`) ' +
      'is shown without "pending" class or badge and the optimistic one is gone. The baseline has no form: its post is the new comment added to its array ' +
      '(a re-render of the list) up to the next paint. Main-thread tasks come from a Chromium trace (`toplevel` category, `ThreadControllerImpl::RunTask` ' +
      'on the page\'s main thread) between `performance.mark`s placed at the click and at the end, so tasks under 50 ms count too; ' +
      'the `longtask` observer\'s figures are given alongside. "Articles rebuilt" counts the thread\'s articles from before the post that are no longer the same DOM node after it.',
  );
  tracedSuite(
    lines,
    s.vote,
    '## A vote',
    'Once every comment is in the DOM (MemoryAdapter mode) and the write path has loaded (a `pointerdown` on the button, as a reader\'s press starts it, ' +
      'and as the browser\'s first idle moment loads it anyway), ours gets the upvote of its fifth comment clicked; "optimistic" is the frame that shows the new ' +
      'score, "stored" the one after the adapter answered. The baseline has no votes: its vote is one comment\'s score changed in its array, which re-renders ' +
      'its whole list (it shows no score, so the re-render changes no DOM: a cheaper baseline than a real one). Tasks come from the same trace as posting\'s. ' +
      '"Articles rebuilt" counts the articles from before the vote that left the DOM: the one voted on, and nothing else.',
  );
  tracedSuite(
    lines,
    s.postHttp,
    '## Posting through the form, HTTP mode',
    'As above, over the comment server (ours only, drop-in build): the page first shows the whole thread ("Show more" clicked until every comment is shown); ' +
      'each run adds its comment to the server\'s thread, so later runs have up to six more comments.',
  );

  const heapSizes = Object.keys(s.heap?.ours ?? {});
  if (heapSizes.length) {
    lines.push(
      '## Memory after scrolling the whole thread',
      '',
      'MemoryAdapter mode: once every comment is in the DOM, the page is scrolled from top to bottom one viewport per frame (so that every part ' +
        'has been on screen and laid out, `content-visibility` or not), then garbage is collected (`HeapProfiler.collectGarbage` ×3) and ' +
        'Chromium takes a memory-infra dump of the page\'s renderer process (`Tracing.requestMemoryDump`, deterministic: it collects garbage first). ' +
        '"Blink GC heap" is the `blink_gc` allocator\'s size: the memory Oilpan, Blink\'s garbage-collected C++ heap, has committed; DOM nodes, ' +
        'shadow roots, computed styles and layout objects live there, not in V8\'s heap. "Live objects" is what is allocated in it. ' +
        '`partition_alloc` holds Blink\'s non-GC partitions (strings, buffers); `malloc` the other C++ allocations; the private footprint is the whole ' +
        'renderer process\'s. Both pages also hold the generated comment array (the same for both).',
      '',
    );
    for (const n of heapSizes) {
      lines.push(`### N = ${n}`, '');
      table(lines, HEAP_METRICS, get(s.heap, 'ours', n), get(s.heap, 'naive', n));
      const tags = (c) => {
        const t = c?.runs?.[0]?.tags;
        return t ? Object.entries(t).slice(0, 12).map(([tag, k]) => `${tag} ${(k / n).toFixed(2)}`).join(', ') : '—';
      };
      lines.push(`Elements per comment by tag (first run): ours: ${tags(get(s.heap, 'ours', n))}; naive: ${tags(get(s.heap, 'naive', n))}.`, '');
    }
  }

  lines.push(
    '## Notes',
    '',
    '- "First/all comments in DOM" come from a MutationObserver on the element\'s shadow root (ours: `article[part~="comment"]`). In HTTP mode ' +
      'the inline harness wraps `attachShadow` to observe that root from its creation and counts each article once.',
    '- "Painted" and "next paint" are a requestAnimationFrame callback followed by a MessageChannel task; for the first comments, a frame callback ' +
      'registered every frame from the start, so its task runs right after the first frame that shows one.',
    '- Long tasks come from the `longtask` PerformanceObserver (tasks over 50 ms only). "JS heap" is `Runtime.getHeapUsage` after ' +
      '`HeapProfiler.collectGarbage`: V8\'s heap only, including the generated comment array (the same in both pages).',
    '- "Apply one new comment": ours creates it through the same MemoryAdapter (delivered by its subscription), presses the "Show 1 new comment" button it waits behind, and stops when the new article ' +
      'is in the DOM and `updateComplete` resolved; naive assigns a new array and awaits `updateComplete`.',
    '- The machine has two cores shared with the comment server and with other work: absolute times are noisy; ratios from the same run less so.',
    '',
  );
  return lines.join('\n');
}

// `node bench/lib/report.mjs RESULTS.json` prints the report of a results file again.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(markdown(JSON.parse(readFileSync(process.argv[2], 'utf8'))));
}
