import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import {
  DEFAULT_STORAGE_PREFIX,
  LocalStorageAdapter,
  quarantineStorageKey,
  threadStorageKey,
} from '../../src/adapters/local-storage-adapter.js';
import { LocalStorageReader } from '../../src/adapters/local-storage-reader.js';
import { sampleAdapter } from '../../src/adapters/default-adapters.js';
import { AdapterError, type Comment, type NewComment, type ThreadChange } from '../../src/adapters/storage-adapter.js';
import { renderMarkdown } from '../../src/core/markdown.js';
import { defineAdapterContract } from '../../src/testing/index.js';

/** Every key these tests write starts with one of these. */
const PREFIX = 'ct-test';
const FILL_PREFIX = 'ct-test-fill:';

function removeKeys(storage: Storage, ...prefixes: string[]): void {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null && prefixes.some((prefix) => key.startsWith(prefix))) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

function keysStartingWith(prefix: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

afterEach(() => removeKeys(localStorage, `${PREFIX}:`, `${DEFAULT_STORAGE_PREFIX}:`, FILL_PREFIX));

/**
 * The adapter's module loaded again in another document of this origin (a frame), as another
 * tab has it: its `storage` listener hears the writes of this one.
 */
let otherDocument: Promise<{ frame: HTMLIFrameElement; module: { LocalStorageAdapter: typeof LocalStorageAdapter } }> | null = null;
function inOtherDocument(): NonNullable<typeof otherDocument> {
  otherDocument ??= (async () => {
    const frame = document.createElement('iframe');
    frame.src = '/test/adapters/blank.html';
    const loaded = oneEvent(frame, 'load');
    document.body.append(frame);
    await loaded;
    const module = (await (frame.contentWindow as unknown as { eval(code: string): Promise<unknown> }).eval("import('/src/adapters/local-storage-adapter.ts')")) as {
      LocalStorageAdapter: typeof LocalStorageAdapter;
    };
    return { frame, module };
  })();
  return otherDocument;
}
after(async () => (await otherDocument)?.frame.remove());

defineAdapterContract({ describe, it, beforeEach, afterEach }, 'LocalStorageAdapter', () => new LocalStorageAdapter({ prefix: PREFIX }), {
  // As the demo's seed (or an import into the browser) leaves a thread: the stored format itself.
  withComments: (comments) => {
    for (const threadId of new Set(comments.map((c) => c.threadId))) {
      localStorage.setItem(threadStorageKey(threadId, PREFIX), JSON.stringify(comments.filter((c) => c.threadId === threadId)));
    }
    return new LocalStorageAdapter({ prefix: PREFIX });
  },
  // Pinned the same way: in the stored format.
  pin: (_adapter, threadId, id) => {
    const key = threadStorageKey(threadId, PREFIX);
    const entries = JSON.parse(localStorage.getItem(key) ?? '[]') as Comment[];
    localStorage.setItem(key, JSON.stringify(entries.map((entry) => (entry.id === id ? { ...entry, pinned: true } : entry))));
  },
  // Another tab.
  watcher: async () => new (await inOtherDocument()).module.LocalStorageAdapter({ prefix: PREFIX }),
});

let threadCounter = 0;
function freshThread(): string {
  threadCounter += 1;
  return `/posts/${Date.now()}-${threadCounter}`;
}

function input(threadId: string, overrides: Partial<NewComment> = {}): NewComment {
  return { threadId, parentId: null, author: { name: 'Tester' }, body: 'Hello', ...overrides };
}

function stored(threadId: string, prefix = PREFIX): Comment[] {
  return JSON.parse(localStorage.getItem(threadStorageKey(threadId, prefix)) ?? 'null') as Comment[];
}

function store(threadId: string, value: unknown): void {
  localStorage.setItem(threadStorageKey(threadId, PREFIX), typeof value === 'string' ? value : JSON.stringify(value));
}

function comment(threadId: string, id: string, overrides: Partial<Comment> = {}): Comment {
  return {
    id,
    threadId,
    parentId: null,
    author: { name: `Author of ${id}` },
    body: `Body of ${id}`,
    createdAt: '2024-05-01T10:00:00.000Z',
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<AdapterError> {
  try {
    await promise;
  } catch (error) {
    return error as AdapterError;
  }
  throw new Error('expected the promise to reject');
}

function isQuotaError(error: unknown): boolean {
  return (error as DOMException | null)?.name === 'QuotaExceededError';
}

/** Fills the real localStorage until not even one more character fits; returns the keys it wrote. */
function fillStorage(): string[] {
  const keys: string[] = [];
  let size = 1 << 20;
  while (size >= 1) {
    const key = `${FILL_PREFIX}${keys.length}`;
    try {
      localStorage.setItem(key, 'x'.repeat(size));
      keys.push(key);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      size = Math.floor(size / 2);
    }
  }
  return keys;
}

describe('LocalStorageAdapter', () => {
  describe('key scheme', () => {
    it('keeps each thread under its own versioned key, with the default prefix', async () => {
      const adapter = new LocalStorageAdapter();
      const a = await adapter.create(input('/blog/hello world?x=1'));
      const b = await adapter.create(input('/blog/other'));
      expect(threadStorageKey('/blog/hello world?x=1')).to.equal('comment-thread:v1:thread:/blog/hello world?x=1');
      expect(stored('/blog/hello world?x=1', DEFAULT_STORAGE_PREFIX)).to.deep.equal([a]);
      expect(stored('/blog/other', DEFAULT_STORAGE_PREFIX)).to.deep.equal([b]);
    });

    it('uses a custom prefix', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const created = await adapter.create(input('/t'));
      expect(adapter.prefix).to.equal(PREFIX);
      expect(localStorage.getItem('ct-test:v1:thread:/t')).to.equal(JSON.stringify([created]));
      expect(quarantineStorageKey('/t', 123, PREFIX)).to.equal('ct-test:v1:quarantine:/t:123');
    });

    it('removes the key when the last comment is removed', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const created = await adapter.create(input('/t'));
      await adapter.remove('/t', created.id);
      expect(localStorage.getItem(threadStorageKey('/t', PREFIX))).to.equal(null);
    });

    it('counts threads by reading their keys', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      store('/a', [comment('/a', '1'), comment('/a', '2'), comment('/a', '3', { status: 'deleted', body: '' })]);
      store('/corrupt', '{oops');
      expect(await adapter.count(['/a', '/corrupt', '/none'])).to.deep.equal({ '/a': 2, '/corrupt': 0, '/none': 0 });
    });
  });

  describe('rendered bodies', () => {
    it('stores each body rendered as html, renews it on edit and drops it from a placeholder', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const threadId = freshThread();
      const parent = await adapter.create(input(threadId, { body: 'Hi *there*' }));
      expect(parent.html).to.equal(renderMarkdown('Hi *there*'));
      expect(stored(threadId)[0]!.html).to.equal(parent.html);
      const edited = await adapter.update(threadId, parent.id, { body: 'Now **bold**' });
      expect(edited.html).to.equal('<p>Now <strong>bold</strong></p>\n');
      expect(stored(threadId)[0]!.html).to.equal(edited.html);
      await adapter.create(input(threadId, { parentId: parent.id, body: 'a reply' }));
      await adapter.remove(threadId, parent.id);
      const placeholder = stored(threadId).find((c) => c.id === parent.id)!;
      expect(placeholder.status).to.equal('deleted');
      expect('html' in placeholder).to.equal(false);
    });
  });

  describe('as the element’s own sample adapter', () => {
    it('reads a stored thread in the bundle exactly as its reading half does, corrupt entries and all', async () => {
      const threadId = freshThread();
      const key = threadStorageKey(threadId);
      localStorage.setItem(key, JSON.stringify([comment(threadId, 'b', { createdAt: '2024-05-02T10:00:00.000Z' }), { id: 7 }, comment(threadId, 'a')]));
      try {
        for (const sort of ['oldest', 'newest'] as const) {
          const quick = await sampleAdapter().list(threadId, { sort, limit: 200 });
          const { warnings, ...full } = await new LocalStorageReader().list(threadId, { sort, limit: 200 });
          expect({ ...quick, warnings: undefined }).to.deep.equal({ ...full, warnings: undefined });
          expect(quick.warnings!.map((w) => w.message)).to.deep.equal(warnings!.map((w) => w.message));
          expect(quick.comments.map((c) => c.id)).to.deep.equal(sort === 'oldest' ? ['a', 'b'] : ['b', 'a']);
          expect(quick.warnings!.map((w) => w.code)).to.deep.equal(['corrupt']);
        }
      } finally {
        localStorage.removeItem(key);
      }
    });
  });

  describe('tolerance', () => {
    it('reports an unreadable value and moves it aside before the next create', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const threadId = freshThread();
      store(threadId, '{"comments": [broken');

      const first = await adapter.list(threadId);
      expect(first.comments).to.deep.equal([]);
      expect(first.warnings).to.have.length(1);
      expect(first.warnings![0]).to.be.instanceOf(AdapterError);
      expect(first.warnings![0]!.code).to.equal('corrupt');
      expect(first.warnings![0]!.message).to.contain('could not be read');

      const created = await adapter.create(input(threadId));
      const quarantined = keysStartingWith(`${PREFIX}:v1:quarantine:${threadId}:`);
      expect(quarantined).to.have.length(1);
      expect(localStorage.getItem(quarantined[0]!)).to.equal('{"comments": [broken');
      expect(Number(quarantined[0]!.split(':').pop())).to.be.closeTo(Date.now(), 60_000);

      const after = await adapter.list(threadId);
      expect(after.comments.map((c) => c.id)).to.deep.equal([created.id]);
      expect(after.warnings).to.equal(undefined);
    });

    it('treats JSON that is not an array as unreadable', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const threadId = freshThread();
      store(threadId, { version: 7, data: 'from some other script' });
      const { comments, warnings } = await adapter.list(threadId);
      expect(comments).to.deep.equal([]);
      expect(warnings?.map((w) => w.code)).to.deep.equal(['corrupt']);
      await adapter.create(input(threadId));
      const [key] = keysStartingWith(`${PREFIX}:v1:quarantine:${threadId}:`);
      expect(JSON.parse(localStorage.getItem(key!)!)).to.deep.equal({ version: 7, data: 'from some other script' });
    });

    it('skips invalid entries with one warning and keeps them when writing', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const threadId = freshThread();
      const good = comment(threadId, 'good');
      const reply = comment(threadId, 'reply', { parentId: 'good', createdAt: '2024-05-01T11:00:00Z' });
      const junk: unknown[] = [
        42,
        null,
        'a string',
        ['an', 'array'],
        { id: 'only-an-id' },
        { ...good, id: 'elsewhere', threadId: '/another/thread' },
        { ...good, id: 'bad-date', createdAt: 'yesterday' },
        { ...good, id: 'numeric-body', body: 12 },
        { ...good, id: 'odd-status', status: 'spam' },
        { ...good, id: 'bad-author', author: 'Ada' },
        { ...good, id: '' },
        { ...good, body: 'a second entry with the id of the first' },
      ];
      const raw = [good, ...junk.slice(0, 6), reply, ...junk.slice(6)];
      store(threadId, raw);

      const { comments, warnings } = await adapter.list(threadId);
      expect(comments.map((c) => c.id)).to.deep.equal(['good', 'reply']);
      expect(warnings).to.have.length(1);
      expect(warnings![0]!.code).to.equal('corrupt');
      expect(warnings![0]!.message).to.contain(`${junk.length} saved comments`);

      const created = await adapter.create(input(threadId, { parentId: 'reply' }));
      expect(stored(threadId)).to.deep.equal([...raw, created]);

      await adapter.update(threadId, 'good', { body: 'edited' });
      const afterEdit = stored(threadId);
      expect(afterEdit).to.have.length(raw.length + 1);
      expect(afterEdit.slice(1)).to.deep.equal([...raw.slice(1), created]);
      expect(afterEdit[0]!.body).to.equal('edited');
    });

    it('keeps unknown fields of an entry when editing it', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const threadId = freshThread();
      store(threadId, [{ ...comment(threadId, 'c1'), futureField: { x: 1 } }]);
      const updated = await adapter.update(threadId, 'c1', { body: 'new body' });
      expect(updated).not.to.have.property('futureField');
      expect(stored(threadId)[0]).to.deep.include({ futureField: { x: 1 }, body: 'new body' });
    });

    it('drops a stored website that is not http(s)', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const threadId = freshThread();
      store(threadId, [
        comment(threadId, 'evil', { author: { name: 'Eve', website: 'javascript:alert(document.cookie)' } }),
        comment(threadId, 'data', { author: { name: 'Dan', website: 'data:text/html,<script>alert(1)</script>' } }),
        comment(threadId, 'fine', { author: { name: 'Ada', website: 'https://ada.example/' } }),
      ]);
      const { comments, warnings } = await adapter.list(threadId);
      expect(warnings).to.equal(undefined);
      const byId = new Map(comments.map((c) => [c.id, c]));
      expect(byId.get('evil')!.author).to.deep.equal({ name: 'Eve' });
      expect(byId.get('data')!.author).to.deep.equal({ name: 'Dan' });
      expect(byId.get('fine')!.author).to.deep.equal({ name: 'Ada', website: 'https://ada.example/' });
    });

    it('hands out only known fields', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const threadId = freshThread();
      store(threadId, [{ ...comment(threadId, 'c1'), html: '<b>x</b>', votes: [1, 2], script: '<script>' }]);
      const [listed] = (await adapter.list(threadId)).comments;
      expect(Object.keys(listed!).sort()).to.deep.equal(['author', 'body', 'createdAt', 'html', 'id', 'parentId', 'threadId']);
    });
  });

  describe('when storage is full', () => {
    it('rejects with unavailable and changes nothing (real quota)', async () => {
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const threadId = freshThread();
      const corruptThread = freshThread();
      const first = await adapter.create(input(threadId, { body: 'saved before the storage filled up' }));
      store(corruptThread, 'not json');
      const before = localStorage.getItem(threadStorageKey(threadId, PREFIX));
      // Room kept back while filling: enough to move the short unreadable value aside, too
      // little for the new thread value that replaces it.
      const reserve = `${FILL_PREFIX}reserve`;
      localStorage.setItem(reserve, 'r'.repeat(120));
      let filled: string[] = [];
      try {
        filled = fillStorage();
        expect(filled.length).to.be.greaterThan(0);

        const error = await rejection(adapter.create(input(threadId, { body: 'x'.repeat(2000) })));
        expect(error).to.be.instanceOf(AdapterError);
        expect(error.code).to.equal('unavailable');
        expect(error.retryable).to.equal(false);
        expect(error.message).to.contain("This browser's storage for this site is full");
        expect(localStorage.getItem(threadStorageKey(threadId, PREFIX))).to.equal(before);

        // Moving the unreadable value aside succeeds, writing the new value fails: undone.
        localStorage.removeItem(reserve);
        const corruptError = await rejection(adapter.create(input(corruptThread, { body: 'y'.repeat(400) })));
        expect(corruptError.code).to.equal('unavailable');
        expect(localStorage.getItem(threadStorageKey(corruptThread, PREFIX))).to.equal('not json');
        expect(keysStartingWith(`${PREFIX}:v1:quarantine:`)).to.deep.equal([]);
      } finally {
        for (const key of filled) localStorage.removeItem(key);
        localStorage.removeItem(reserve);
      }
      expect((await adapter.list(threadId)).comments).to.deep.equal([first]);
      await adapter.create(input(threadId, { body: 'fits again' }));
      await adapter.create(input(corruptThread));
      expect(keysStartingWith(`${PREFIX}:v1:quarantine:${corruptThread}:`)).to.have.length(1);
    });

    it('recognizes the quota errors of other browsers', async () => {
      const map = new Map<string, string>();
      const storage = {
        getItem: (key: string) => map.get(key) ?? null,
        setItem: () => {
          throw Object.assign(new Error('Persistent storage maximum size reached'), { name: 'NS_ERROR_DOM_QUOTA_REACHED', code: 1014 });
        },
        removeItem: (key: string) => map.delete(key),
      } as unknown as Storage;
      const error = await rejection(new LocalStorageAdapter({ storage }).create(input('/t')));
      expect(error.code).to.equal('unavailable');
      expect(error.message).to.contain('full');
    });
  });

  describe('when storage is blocked', () => {
    it('does not touch localStorage until it is used, then rejects with unavailable', async () => {
      // In a document of its own where reading `localStorage` throws, as where a site may not
      // store data, with its own copy of the adapter's modules: nothing this page ran before
      // (and an engine's caches of it) can stand between the adapter and that document's storage.
      const frame = document.createElement('iframe');
      frame.src = '/test/adapters/blank.html';
      const loaded = oneEvent(frame, 'load');
      document.body.append(frame);
      await loaded;
      const other = frame.contentWindow! as Window & typeof globalThis;
      let touched = 0;
      Object.defineProperty(other, 'localStorage', {
        configurable: true,
        get() {
          touched += 1;
          throw new other.DOMException('Access is denied for this document.', 'SecurityError');
        },
      });
      try {
        const module = (await (other as unknown as { eval(code: string): Promise<unknown> }).eval(
          "import('/src/adapters/local-storage-adapter.ts')",
        )) as { LocalStorageAdapter: typeof LocalStorageAdapter };
        const adapter = new module.LocalStorageAdapter();
        expect(touched).to.equal(0);
        const listError = await rejection(adapter.list('/t'));
        expect(touched).to.be.greaterThan(0);
        expect(listError.code).to.equal('unavailable');
        expect(listError.retryable).to.equal(false);
        expect(listError.message).to.contain('does not let this site store data');
        expect((await rejection(adapter.create(input('/t')))).code).to.equal('unavailable');
        expect((await rejection(adapter.count(['/t']))).code).to.equal('unavailable');
        const changes: ThreadChange[] = [];
        const unsubscribe = adapter.subscribe('/t', (change) => changes.push(change));
        await waitUntil(() => changes.length === 1, 'subscribe() should report the blocked storage');
        expect(changes[0]!.type).to.equal('error');
        unsubscribe();
      } finally {
        frame.remove();
      }
    });

    it('reports a storage whose methods throw as unavailable', async () => {
      const denied = (): never => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      };
      const storage = { getItem: denied, setItem: denied, removeItem: denied } as unknown as Storage;
      const adapter = new LocalStorageAdapter({ storage });
      expect((await rejection(adapter.list('/t'))).code).to.equal('unavailable');
      expect((await rejection(adapter.create(input('/t')))).code).to.equal('unavailable');
    });
  });

  describe('live updates from another document', () => {
    let frame: HTMLIFrameElement;
    let other: LocalStorageAdapter;

    beforeEach(async () => {
      frame = document.createElement('iframe');
      frame.src = '/test/adapters/blank.html';
      const loaded = oneEvent(frame, 'load');
      document.body.append(frame);
      await loaded;
      other = new LocalStorageAdapter({ prefix: PREFIX, storage: frame.contentWindow!.localStorage });
    });

    afterEach(() => frame.remove());

    it('delivers created, updated and removed changes written in the other document', async () => {
      const threadId = freshThread();
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const changes: ThreadChange[] = [];
      const controller = new AbortController();
      adapter.subscribe(threadId, (change) => changes.push(change), { signal: controller.signal });

      const parent = await other.create(input(threadId, { body: 'from the other tab' }));
      await waitUntil(() => changes.length === 1, 'a created change should arrive');
      expect(changes[0]).to.deep.equal({ type: 'created', comment: parent });

      const updated = await other.update(threadId, parent.id, { body: 'edited in the other tab' });
      await waitUntil(() => changes.length === 2, 'an updated change should arrive');
      expect(changes[1]).to.deep.equal({ type: 'updated', comment: updated });

      const reply = await other.create(input(threadId, { parentId: parent.id, body: 'a reply' }));
      await other.remove(threadId, parent.id);
      await waitUntil(() => changes.length === 4, 'the reply and the placeholder should arrive');
      expect(changes[2]).to.deep.equal({ type: 'created', comment: reply });
      expect(changes[3]!.type).to.equal('updated');
      expect((changes[3] as { comment: Comment }).comment).to.deep.include({ id: parent.id, status: 'deleted', body: '' });

      await other.remove(threadId, reply.id);
      await waitUntil(() => changes.length === 6, 'the reply and its placeholder parent should be removed');
      expect(changes.slice(4)).to.have.deep.members([
        { type: 'removed', id: reply.id },
        { type: 'removed', id: parent.id },
      ]);
      controller.abort();
    });

    it('does not deliver changes made in this document again', async () => {
      const threadId = freshThread();
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const changes: ThreadChange[] = [];
      const unsubscribe = adapter.subscribe(threadId, (change) => changes.push(change));
      await adapter.create(input(threadId, { body: 'written here' }));
      const fromThere = await other.create(input(threadId, { body: 'written there' }));
      await waitUntil(() => changes.length >= 1, 'the change from the other document should arrive');
      expect(changes).to.deep.equal([{ type: 'created', comment: fromThere }]);
      unsubscribe();
    });

    it('ignores other threads and other keys', async () => {
      const threadId = freshThread();
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const changes: ThreadChange[] = [];
      const unsubscribe = adapter.subscribe(threadId, (change) => changes.push(change));
      const otherStorage = frame.contentWindow!.localStorage;
      await other.create(input(freshThread()));
      otherStorage.setItem(`${PREFIX}:unrelated`, 'x');
      const mine = await other.create(input(threadId));
      await waitUntil(() => changes.length >= 1, 'the change to the subscribed thread should arrive');
      expect(changes).to.deep.equal([{ type: 'created', comment: mine }]);
      unsubscribe();
    });

    it('reports every known comment as removed when the other document clears storage', async () => {
      const threadId = freshThread();
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const changes: ThreadChange[] = [];
      const unsubscribe = adapter.subscribe(threadId, (change) => changes.push(change));
      const a = await other.create(input(threadId, { body: 'a' }));
      const b = await other.create(input(threadId, { body: 'b' }));
      await waitUntil(() => changes.length === 2, 'both creations should arrive');
      // Written in this document: no event here, but a clear() elsewhere removes it too.
      const c = await new LocalStorageAdapter({ prefix: PREFIX }).create(input(threadId, { body: 'c' }));
      frame.contentWindow!.localStorage.clear();
      await waitUntil(() => changes.length === 5, 'all three removals should arrive');
      expect(changes.slice(2)).to.have.deep.members([
        { type: 'removed', id: a.id },
        { type: 'removed', id: b.id },
        { type: 'removed', id: c.id },
      ]);
      unsubscribe();
    });

    it('reports an unreadable value written by the other document', async () => {
      const threadId = freshThread();
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const created = await adapter.create(input(threadId));
      const changes: ThreadChange[] = [];
      const unsubscribe = adapter.subscribe(threadId, (change) => changes.push(change));
      frame.contentWindow!.localStorage.setItem(threadStorageKey(threadId, PREFIX), '[{"id": ');
      await waitUntil(() => changes.length === 2, 'a removal and an error should arrive');
      expect(changes[0]).to.deep.equal({ type: 'removed', id: created.id });
      expect(changes[1]!.type).to.equal('error');
      expect((changes[1] as { error: AdapterError }).error.code).to.equal('corrupt');
      unsubscribe();
    });

    it('ignores the same key in sessionStorage', async () => {
      const threadId = freshThread();
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const changes: ThreadChange[] = [];
      const unsubscribe = adapter.subscribe(threadId, (change) => changes.push(change));
      const key = threadStorageKey(threadId, PREFIX);
      try {
        frame.contentWindow!.sessionStorage.setItem(key, JSON.stringify([comment(threadId, 'in-session')]));
        const mine = await other.create(input(threadId));
        await waitUntil(() => changes.length >= 1, 'the localStorage change should arrive');
        expect(changes).to.deep.equal([{ type: 'created', comment: mine }]);
      } finally {
        sessionStorage.removeItem(key);
        unsubscribe();
      }
    });

    it('stops delivering when the signal aborts or unsubscribe is called', async () => {
      const threadId = freshThread();
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const aborted: ThreadChange[] = [];
      const unsubscribed: ThreadChange[] = [];
      const witness: ThreadChange[] = [];
      const controller = new AbortController();
      adapter.subscribe(threadId, (change) => aborted.push(change), { signal: controller.signal });
      const unsubscribe = adapter.subscribe(threadId, (change) => unsubscribed.push(change));
      const stopWitness = adapter.subscribe(threadId, (change) => witness.push(change));
      controller.abort();
      unsubscribe();
      await other.create(input(threadId));
      await waitUntil(() => witness.length === 1, 'the still-subscribed listener should get the change');
      expect(aborted).to.deep.equal([]);
      expect(unsubscribed).to.deep.equal([]);
      stopWitness();
    });
  });

  describe('votes and pins', () => {
    it('keeps this browser’s vote with the comment in storage, and other fields of the entry as they are', async () => {
      const threadId = freshThread();
      store(threadId, [{ ...comment(threadId, 'a', { score: 4 }), futureField: 'kept' }]);
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      expect(await adapter.vote(threadId, 'a', 1)).to.include({ score: 5, myVote: 1 });
      expect(stored(threadId)[0]).to.deep.include({ score: 5, myVote: 1, futureField: 'kept' });
      const down = await adapter.vote(threadId, 'a', -1);
      expect(down).to.include({ score: 3, myVote: -1 });
      const withdrawn = await adapter.vote(threadId, 'a', 0);
      expect(withdrawn.score).to.equal(4);
      expect(stored(threadId)[0]).to.deep.equal({ ...comment(threadId, 'a', { score: 4 }), futureField: 'kept' }, 'a withdrawn vote leaves no myVote behind');
      const listed = (await new LocalStorageAdapter({ prefix: PREFIX }).list(threadId)).comments[0]!;
      expect(listed.score).to.equal(4);
      expect('myVote' in listed).to.equal(false);
    });

    it('lists pinned comments first and the top order by score, as stored', async () => {
      const threadId = freshThread();
      const minute = (n: number): string => new Date(Date.UTC(2024, 4, 1, 10, n)).toISOString();
      store(threadId, [
        comment(threadId, 'old', { createdAt: minute(1), score: 1 }),
        comment(threadId, 'best', { createdAt: minute(2), score: 9 }),
        comment(threadId, 'pinned', { createdAt: minute(3), pinned: true }),
        comment(threadId, 'new', { createdAt: minute(4), score: 1 }),
      ]);
      const adapter = new LocalStorageAdapter({ prefix: PREFIX });
      const ids = async (sort: 'oldest' | 'newest' | 'top') => (await adapter.list(threadId, { sort })).comments.map((c) => c.id);
      expect(await ids('oldest')).to.deep.equal(['pinned', 'old', 'best', 'new']);
      expect(await ids('newest')).to.deep.equal(['pinned', 'new', 'best', 'old']);
      expect(await ids('top')).to.deep.equal(['pinned', 'best', 'old', 'new']);
    });

    it('reads stored votes, pins and scores tolerantly: a bad value is dropped, the comment kept', async () => {
      const threadId = freshThread();
      store(threadId, [
        comment(threadId, 'a', { score: 1.5, myVote: 2 as never, pinned: 'yes' as never }),
        comment(threadId, 'b', { score: 3, myVote: -1, pinned: true }),
        comment(threadId, 'c', { score: Number.MAX_VALUE * 2 as never }),
      ]);
      const { comments, warnings } = await new LocalStorageAdapter({ prefix: PREFIX }).list(threadId);
      expect(warnings).to.equal(undefined);
      const byId = new Map(comments.map((c) => [c.id, c]));
      expect(byId.get('a')).to.not.have.any.keys('score', 'myVote', 'pinned');
      expect(byId.get('b')).to.include({ score: 3, myVote: -1, pinned: true });
      expect(byId.get('c')).to.not.have.any.keys('score');
    });

    it('tells another tab the new score of a vote, without this browser’s vote', async () => {
      const threadId = freshThread();
      store(threadId, [comment(threadId, 'a')]);
      const { module } = await inOtherDocument();
      const there = new module.LocalStorageAdapter({ prefix: PREFIX });
      const changes: ThreadChange[] = [];
      const stop = there.subscribe(threadId, (change) => changes.push(change));
      const here = new LocalStorageAdapter({ prefix: PREFIX });
      // A document that has just opened its storage may miss the first change: write until it hears one.
      for (let i = 0; changes.length === 0 && i < 20; i++) {
        await here.create(input(threadId, { body: `probe ${i}` }));
        await waitUntil(() => changes.length > 0, undefined, { timeout: 500 }).catch(() => {});
      }
      changes.length = 0;
      await here.vote(threadId, 'a', 1);
      await waitUntil(() => changes.length === 1, 'the vote should arrive in the other tab');
      stop();
      expect(changes[0]!.type).to.equal('updated');
      const { comment: heard } = changes[0] as { comment: Comment };
      expect(heard.score).to.equal(1);
      expect('myVote' in heard).to.equal(false);
      // The other tab reads this browser's vote from storage.
      expect((await there.list(threadId)).comments.find((c) => c.id === 'a')!.myVote).to.equal(1);
    });
  });
});
