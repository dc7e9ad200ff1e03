import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { MemoryAdapter } from '../src/adapters/memory-adapter.js';
import {
  AdapterError,
  type CallOptions,
  type Comment,
  type ListOptions,
  type ListResult,
  type NewComment,
  type StorageAdapter,
} from '../src/adapters/storage-adapter.js';
import type { CommentThread } from '../src/components/comment-thread/comment-thread.js';
import type { CommentForm } from '../src/components/comment-form/comment-form.js';
import type { ThreadErrorEvent } from '../src/events/thread-error-event.js';
import type { ThreadLoadedEvent } from '../src/events/thread-loaded-event.js';
import '../src/define.js';

/** A comment for seeding, `minutesAgo` before now. */
export function sample(id: string, parentId: string | null, name: string, body: string, minutesAgo = 60, website?: string): Comment {
  return {
    id,
    threadId: 'thread-1',
    parentId,
    author: website === undefined ? { name } : { name, website },
    body,
    createdAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  };
}

/**
 * A real MemoryAdapter behind a switch: while `failNext` is set, calls reject with that error
 * (as a server that is down would), then it behaves normally again. Not a mock: data is stored.
 */
export class SwitchableAdapter implements StorageAdapter {
  readonly inner: MemoryAdapter;
  readonly capabilities;
  failList: AdapterError | null = null;
  failCreate: AdapterError | null = null;
  private gate: Promise<void> | null = null;

  /**
   * Holds every create until the returned function is called: the test decides when the
   * "server" answers, so a slow machine cannot answer before the test has looked.
   */
  holdCreates(): () => void {
    let release!: () => void;
    this.gate = new Promise((resolve) => (release = resolve));
    return () => {
      this.gate = null;
      release();
    };
  }

  constructor(comments: Comment[] = []) {
    this.inner = new MemoryAdapter({ comments });
    this.capabilities = this.inner.capabilities;
  }

  async list(threadId: string, options?: ListOptions): Promise<ListResult> {
    if (this.failList) throw this.failList;
    return this.inner.list(threadId, options);
  }

  async create(input: NewComment, options?: CallOptions): Promise<Comment> {
    if (this.gate) await this.gate;
    if (this.failCreate) {
      const error = this.failCreate;
      this.failCreate = null;
      throw error;
    }
    return this.inner.create(input, options);
  }
}

/**
 * Creates a `<comment-thread>` for thread-1 over `adapter`, listens for its first `ct-loaded`
 * and `ct-error` before it connects, and appends it to the page (remove it when done).
 */
export function attachThread(adapter: StorageAdapter, attributes: Record<string, string> = {}) {
  const el = document.createElement('comment-thread');
  el.threadId = 'thread-1';
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.adapter = adapter;
  const loaded = oneEvent(el, 'ct-loaded') as Promise<ThreadLoadedEvent>;
  const failed = oneEvent(el, 'ct-error') as Promise<ThreadErrorEvent>;
  document.body.append(el);
  return { el, loaded, failed };
}

/** Mounts a thread and waits until it has loaded. */
export async function mountThread(adapter: StorageAdapter, attrs: { threadId?: string; maxDepth?: number; sort?: string } = {}) {
  const el = await fixture<CommentThread>(html`<comment-thread
    thread-id=${attrs.threadId ?? 'thread-1'}
    max-depth=${attrs.maxDepth ?? 4}
    sort=${attrs.sort ?? 'oldest'}
    .adapter=${adapter}
  ></comment-thread>`);
  await waitUntil(() => !el.shadowRoot!.querySelector('[part="loading"]'), 'thread did not finish loading');
  await el.updateComplete;
  return el;
}

export function $(el: Element, selector: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(selector);
}

export function $$(el: Element, selector: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
}

/** The top-level composer form of a thread. */
export function composer(el: CommentThread): CommentForm {
  return $(el, '.composer comment-thread-form') as unknown as CommentForm;
}

/** The open inline reply form of a thread, if any. */
export function inlineForm(el: CommentThread): CommentForm | null {
  return $(el, '.inline-form comment-thread-form') as unknown as CommentForm | null;
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Waits until a form can be used: the write path that defines `<comment-thread-form>` has
 * loaded (the thread loads it when idle, or when a visitor starts to write) and it rendered.
 */
export async function formReady(form: CommentForm): Promise<CommentForm> {
  await customElements.whenDefined('comment-thread-form');
  await form.updateComplete;
  return form;
}

/** Sets a form field's value as if typed, firing `input`. */
export async function typeInto(form: CommentForm, name: 'name' | 'website' | 'email' | 'body', value: string): Promise<void> {
  await formReady(form);
  const field = form.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)!;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await form.updateComplete;
}

export function articleTexts(el: CommentThread): string[] {
  return $$(el, '[part~="comment"] [part~="body"]').map((b) => b.textContent!.trim());
}

/**
 * Shows the comments from elsewhere the thread holds behind "Show N new comments", as a reader
 * does: waits for the button, says how many it held, presses it and waits for them.
 */
export async function showArrivals(el: CommentThread): Promise<number> {
  // (The first change heard loads the live-changes chunk: on a busy machine, more than a second.)
  await waitUntil(() => el.shadowRoot!.querySelector('[part~="new-comments-button"]'), 'no "new comments" button', { timeout: 5000 });
  const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="new-comments-button"]')!;
  const count = Number(/\d+/.exec(button.textContent ?? '')?.[0]);
  const before = el.shadowRoot!.querySelectorAll('article').length;
  button.click();
  await waitUntil(() => el.shadowRoot!.querySelectorAll('article').length > before && !el.shadowRoot!.querySelector('[part~="new-comments-button"]'), 'the new comments were not shown', { timeout: 5000 });
  return count;
}
