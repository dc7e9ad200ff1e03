/**
 * Chromium tracing through the DevTools protocol (`Tracing` domain), for what the page cannot
 * see by itself:
 *
 * - every task of the page's main thread with its exact duration (the `toplevel` category's
 *   `ThreadControllerImpl::RunTask` slices), not only the > 50 ms ones the `longtask` API
 *   reports; a window is cut out of the trace by `performance.mark()`s the page placed
 *   (`blink.user_timing` category, same clock);
 * - a memory-infra dump of the page's renderer process (`disabled-by-default-memory-infra`,
 *   `Tracing.requestMemoryDump`), whose allocator totals include Blink's garbage-collected
 *   heap (Oilpan, `blink_gc`: DOM nodes, computed styles, layout objects), which V8's
 *   `Runtime.getHeapUsage` does not.
 *
 * The page's renderer is found through a mark it places: its `pid`/`tid` are those of the
 * page's main thread.
 */

/** Starts a trace on a CDP session; `stop()` resolves with all its events. */
export async function startTrace(cdp, categories, { memory = false } = {}) {
  const events = [];
  const onData = (event) => {
    for (const e of event.value) events.push(e);
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      recordMode: 'recordAsMuchAsPossible',
      includedCategories: ['__metadata', ...categories],
      // Only the dumps asked for with Tracing.requestMemoryDump, no periodic ones.
      ...(memory ? { memoryDumpConfig: { triggers: [] } } : {}),
    },
  });
  return {
    async stop() {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      cdp.off('Tracing.dataCollected', onData);
      return events;
    },
  };
}

/** The `blink.user_timing` instant event of `performance.mark(name)` (the last one so named). */
export function findMark(events, name) {
  let found = null;
  for (const e of events) if (e.cat === 'blink.user_timing' && e.name === name && (found === null || e.ts > found.ts)) found = e;
  return found;
}

/**
 * Top-level tasks of the page's main thread (the thread of `mark`) that overlap the window
 * [from.ts, to.ts], in ms, longest first. Nested RunTask slices (a task run inside another,
 * by a nested run loop) are left out: the outer one contains their time.
 */
export function mainThreadTasks(events, from, to) {
  const { pid, tid } = from;
  const slices = events
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid === pid && e.tid === tid && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts);
  const top = [];
  let end = -Infinity;
  for (const e of slices) {
    if (e.ts < end) continue; // nested inside the previous top-level slice
    top.push(e);
    end = e.ts + e.dur;
  }
  return top
    .filter((e) => e.ts + e.dur >= from.ts && e.ts <= to.ts)
    .map((e) => ({ startMs: (e.ts - from.ts) / 1000, ms: e.dur / 1000 }))
    .sort((a, b) => b.ms - a.ms);
}

const bytes = (attrs, key = 'size') => {
  const v = attrs?.[key]?.value;
  return typeof v === 'string' ? parseInt(v, 16) : typeof v === 'number' ? v : null;
};
const mb = (n) => (n === null ? null : n / 1024 / 1024);

/**
 * Asks for a memory dump in a running memory-infra trace (`deterministic`: Chromium collects
 * garbage first) and reads, from the page's renderer (the process of `markName`'s mark):
 *
 * - `blinkGcMB`: `blink_gc` size: the pages Oilpan, Blink's garbage-collected heap, has
 *   committed (DOM nodes, shadow roots, computed styles, layout objects live there);
 * - `blinkGcLiveMB`: `blink_gc/main/allocated_objects` size: the objects alive in it;
 * - `partitionAllocMB`: `partition_alloc` size: Blink's other partitions (strings, buffers);
 * - `mallocMB`: `malloc` size (PartitionAlloc's malloc partition: other C++ allocations);
 * - `v8MB`: `v8` size (all V8 heaps of the renderer, committed);
 * - `privateFootprintMB`: the renderer process's private memory footprint.
 */
export async function memoryDump(cdp, page, trace, markName = 'bench:memory') {
  await page.evaluate((name) => performance.mark(name), markName);
  const { success } = await cdp.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
  const events = await trace.stop();
  const mark = findMark(events, markName);
  if (!success || !mark) return null;
  // The trace renumbers dumps (its ids are not `dumpGuid`): take the renderer's last one after the mark.
  const dumps = events.filter((e) => e.ph === 'v' && e.pid === mark.pid && e.ts >= mark.ts).sort((a, b) => a.ts - b.ts);
  const last = dumps.at(-1)?.id;
  let allocators = null;
  let totals = null;
  for (const d of dumps.filter((e) => e.id === last)) {
    allocators ??= d.args?.dumps?.allocators ?? null;
    totals ??= d.args?.dumps?.process_totals ?? null;
  }
  if (!allocators) return null;
  const attrs = (name) => allocators[name]?.attrs;
  return {
    blinkGcMB: mb(bytes(attrs('blink_gc'))),
    blinkGcLiveMB: mb(bytes(attrs('blink_gc/main/allocated_objects'))),
    blinkGcEffectiveMB: mb(bytes(attrs('blink_gc'), 'effective_size')),
    partitionAllocMB: mb(bytes(attrs('partition_alloc'))),
    mallocMB: mb(bytes(attrs('malloc'))),
    v8MB: mb(bytes(attrs('v8'))),
    privateFootprintMB: mb(totals ? bytes({ x: { value: totals.private_footprint_bytes } }, 'x') : null),
  };
}
