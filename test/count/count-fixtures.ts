import { waitUntil } from '@open-wc/testing';
import { randomId } from '../../src/core/id.js';

/**
 * What the `<comment-count>` tests share: the real comment server the test runner started
 * (scripts/test-comment-server.mjs), a scope of its fault proxy whose log tells how many count
 * requests really reached it, seeding comments there or in this browser's storage, and mounting
 * and reading elements.
 */
const { url, failure } = (await (await fetch('/__comment-server.json')).json()) as { url?: string; failure?: string };
if (!url) throw new Error(failure ?? 'no comment server');

/** The comment server, without the proxy. */
export const serverUrl: string = url;

async function control<T>(path: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await response.json()) as T & { error?: string };
  if (json.error) throw new Error(`fault proxy: ${json.error}`);
  return json;
}

/**
 * A scope of the fault proxy in front of the server: `base` is the `src` to give elements;
 * `countRequests()` is how many `POST /api/counts` the proxy saw from them.
 */
export async function countServer() {
  const { scope, base } = await control<{ scope: string; base: string }>('/__comment-server/scope', 'POST', {});
  const q = `?scope=${scope}`;
  return {
    base,
    countRequests: async () =>
      (await control<{ requests: Array<{ method: string; path: string }> }>(`/__comment-server/log${q}`, 'GET')).requests.filter(
        (r) => r.method === 'POST' && r.path === '/api/counts',
      ).length,
    /** The next `times` count requests get `status` from the proxy instead of the server. */
    failCounts: (status: number, times = 1) => control(`/__comment-server/faults${q}`, 'POST', { path: '/api/counts', method: 'POST', action: 'status', status, times }),
  };
}

/** The browser's own record of the count requests it made to `base` (resource timing). */
export const countEntries = (base: string): number => performance.getEntriesByType('resource').filter((e) => e.name === `${base}/api/counts`).length;

/** Posts `n` published comments to `threadId` on the server. */
export async function seedServer(threadId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${serverUrl}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ threadId, author: { name: `Reader ${i}` }, body: `Comment ${i}` }),
    });
    if (!response.ok) throw new Error(`seeding ${threadId}: ${response.status} ${await response.text()}`);
  }
}

/** A thread id no other test uses. */
export const freshThread = (label: string): string => `/count-test/${label}/${randomId()}/`;

/** A comment as the sample adapter stores it, with extra fields (`status`, `kind`) as given. */
export function storedComment(threadId: string, id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, threadId, parentId: null, author: { name: `Reader ${id}` }, body: `Comment ${id}`, createdAt: new Date(Date.now() - 60_000).toISOString(), ...extra };
}

/** Writes `entries` as the sample adapter's value for `threadId`. */
export function seedStorage(threadId: string, entries: unknown[]): void {
  localStorage.setItem(`comment-thread:v1:thread:${threadId}`, JSON.stringify(entries));
}

/**
 * Puts one `<comment-count>` per attribute set into a new `<div>` (with `wrapper` attributes,
 * such as `lang`), and the `<div>` into the page, all in one task: they connect together.
 * `text` is the fallback each element holds.
 */
export function mount(sets: Array<Record<string, string>>, wrapper: Record<string, string> = {}, text = 'Comments'): HTMLElement[] {
  const div = document.createElement('div');
  for (const [name, value] of Object.entries(wrapper)) div.setAttribute(name, value);
  const elements = sets.map((attributes) => {
    const el = document.createElement('comment-count');
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    el.textContent = text;
    div.append(el);
    return el;
  });
  document.body.append(div);
  return elements;
}

/** Waits until every element has its count or has failed. */
export const settled = (elements: HTMLElement[], message = 'the counts did not arrive'): Promise<void> =>
  waitUntil(() => elements.every((el) => el.getAttribute('state') === 'loaded' || el.getAttribute('state') === 'error'), message, { timeout: 20_000 });

/** The text an element shows: its count, else what its slot shows (the page's fallback, else the slot's own). */
export function shown(el: HTMLElement): string {
  const root = el.shadowRoot;
  if (!root) return el.textContent ?? '';
  const count = root.querySelector('[part~="count"]');
  if (count) return count.textContent ?? '';
  const slot = root.querySelector('slot')!;
  const assigned = slot.assignedNodes();
  return assigned.length > 0 ? assigned.map((node) => node.textContent).join('') : (slot.textContent ?? '');
}

/** Removes what `mount` put in the page. */
export function unmount(elements: HTMLElement[]): void {
  for (const parent of new Set(elements.map((el) => el.parentElement))) parent?.remove();
}
