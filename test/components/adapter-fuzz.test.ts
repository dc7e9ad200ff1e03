import { expect, waitUntil } from '@open-wc/testing';
import fc from 'fast-check';
import type { AdapterCapabilities, Comment, ListResult, StorageAdapter, ThreadChange } from '../../src/adapters/storage-adapter.js';
import type { CommentThread } from '../../src/components/comment-thread/comment-thread.js';
import { $, $$, composer, formReady, typeInto } from '../helpers.js';

/**
 * Fuzzing the boundary between `<comment-thread>` and its adapter (any adapter: a site's own may
 * answer anything): arbitrary values as the answer to `list`, to `create`, as `editableUntil`,
 * and as live changes pushed through `subscribe` (`resync` included, which reads the list again),
 * with comment-shaped records whose every field may be anything, and strings from the public
 * XSS corpora (test/fixtures/xss) among their texts. For every run, the element must never throw
 * an uncaught error, must reach its thread or its error within a bounded time (never stay on
 * "Loading"), and must never run a script: `window.__pwned` stays unset, `alert` and its kin are
 * never called, and its DOM holds no handler attribute and no script URL.
 *
 * On a failure fast-check prints the seed and the path of the shrunk case; to replay it, put
 * them in {@link REPLAY} (`{ seed: …, path: '…' }`).
 */
const REPLAY: Partial<fc.Parameters<unknown>> = {};

/** How long the element may take to show its thread or its error. */
const SETTLE_MS = 3000;

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** Payloads that set `window.__pwned` if anything of them ever runs. */
const PWN = [
  '<img src=x onerror=window.__pwned=1>',
  '<svg onload=window.__pwned=1></svg>',
  '<a href="javascript:window.__pwned=1">link</a>',
  '[a link](javascript:window.__pwned=1)',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '"><script>window.__pwned=1</script>',
  '<details open ontoggle=window.__pwned=1>',
  'javascript:window.__pwned=1',
];

/** The lines of the vendored XSS corpora (served by the test runner, see web-test-runner.config.js). */
async function corpus(): Promise<string[]> {
  const { files, missing } = (await (await fetch('/__corpus/xss.json')).json()) as { files?: Record<string, string[]>; missing?: string };
  if (!files) throw new Error(`The XSS corpus is missing: expected it at ${missing}.`);
  return Object.values(files).flat();
}

/** An adapter that answers what the run says, whatever it is. */
class FuzzAdapter implements StorageAdapter {
  readonly capabilities: AdapterCapabilities;
  /** The element's live subscription. */
  push: (change: unknown) => void = () => {};

  constructor(
    readonly answers: { list: unknown; create?: unknown; editableUntil?: unknown },
    persistence: AdapterCapabilities['persistence'],
  ) {
    this.capabilities = { persistence, edit: true, remove: true, vote: false, live: true, paging: persistence === 'server' };
  }

  async list(): Promise<ListResult> {
    return this.answers.list as ListResult;
  }

  async create(): Promise<Comment> {
    return this.answers.create as Comment;
  }

  subscribe(_threadId: string, listener: (change: ThreadChange) => void): () => void {
    this.push = listener as (change: unknown) => void;
    return () => {};
  }

  editableUntil(): Date | null {
    return this.answers.editableUntil as Date | null;
  }
}

/** Problems in a shadow tree and the shadow trees in it: handler attributes, script URLs, script elements. */
function audit(root: ShadowRoot, problems: string[] = []): string[] {
  for (const el of root.querySelectorAll('*')) {
    if (['script', 'iframe', 'object', 'embed', 'img'].includes(el.localName)) problems.push(`<${el.localName}>`);
    for (const { name, value } of el.attributes) {
      if (name.startsWith('on') || name === 'srcdoc') problems.push(`<${el.localName} ${name}>`);
      if (/^(href|src|action|formaction|xlink:href)$/.test(name) && /^(javascript|data|vbscript):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) {
        problems.push(`<${el.localName} ${name}="${value}">`);
      }
    }
    if (el.shadowRoot) audit(el.shadowRoot, problems);
  }
  return problems;
}

/** What the element shows of its thread: its comments (or that there are none), its load error, or still "Loading". */
function shown(el: CommentThread): 'thread' | 'error' | 'loading' {
  if ($(el, '[part~="list"], [part~="empty"]')) return 'thread';
  return $(el, '[part~="error"]') ? 'error' : 'loading';
}

async function settled(el: CommentThread): Promise<void> {
  await waitUntil(() => shown(el) !== 'loading', `still "Loading" after ${SETTLE_MS} ms`, { timeout: SETTLE_MS, interval: 5 });
}

describe('<comment-thread> fuzzed at its adapter boundary', () => {
  let uncaught: string[] = [];
  let fired: string[] = [];
  const onError = (event: ErrorEvent): void => void uncaught.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent): void => void uncaught.push(`unhandled rejection: ${String(event.reason)}`);
  const saved = { alert: window.alert, confirm: window.confirm, prompt: window.prompt, print: window.print };
  let payload: fc.Arbitrary<string>;

  before(async () => {
    const lines = await corpus();
    expect(lines.length).to.be.greaterThan(500);
    payload = fc.oneof(fc.constantFrom(...PWN), fc.constantFrom(...lines));
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    const trap = (name: string) => (): never => {
      fired.push(name);
      return null as never;
    };
    Object.assign(window, { alert: trap('alert'), confirm: trap('confirm'), prompt: trap('prompt'), print: trap('print') });
  });

  after(async () => {
    // Anything that slipped through (an image's onerror, a toggle) fires late.
    await new Promise((r) => setTimeout(r, 300));
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    Object.assign(window, saved);
    expect(window.__pwned, 'a payload ran').to.equal(undefined);
    expect(fired, 'a payload ran').to.deep.equal([]);
  });

  /** Anything at all, hostile objects included (no prototype, boxed values, Maps, BigInts). */
  const anything = (): fc.Arbitrary<unknown> =>
    fc.anything({ maxDepth: 2, maxKeys: 4, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withBigInt: true, withDate: true });
  /** Mostly a value of `valid`, sometimes anything. */
  const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: anything(), weight: 1 });

  /** Records shaped like a comment of thread `fuzz`, any field of which may be anything. */
  function comments(): fc.Arbitrary<unknown> {
    const ids = fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', '__proto__');
    const date = fc.date({ min: new Date('2001-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    const text = fc.oneof(fc.string({ maxLength: 30 }), payload);
    return fc.record(
      {
        id: mostly(ids),
        threadId: mostly(fc.constant('fuzz')),
        parentId: mostly(fc.option(ids, { nil: null })),
        author: mostly(
          fc.record(
            { name: mostly(text), website: mostly(fc.oneof(fc.webUrl(), payload)), role: mostly(fc.constantFrom('author', 'moderator', 'admin')) },
            { requiredKeys: [] },
          ),
        ),
        body: mostly(text),
        html: mostly(payload),
        createdAt: mostly(date),
        updatedAt: mostly(date),
        status: mostly(fc.constantFrom('published', 'pending', 'deleted')),
        score: mostly(fc.integer()),
        kind: mostly(fc.constantFrom('comment', 'pingback', 'trackback', 'webmention')),
        aliases: mostly(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 })),
      },
      { requiredKeys: ['id', 'threadId', 'body', 'createdAt'] },
    );
  }

  /** Answers to `list`: mostly a page of such records, else any JSON, else anything. */
  function listAnswers(): fc.Arbitrary<unknown> {
    const page = fc.record(
      {
        comments: fc.array(mostly(comments()), { maxLength: 8 }),
        nextCursor: mostly(fc.option(fc.string({ maxLength: 3 }), { nil: null })),
        total: mostly(fc.nat(20)),
        mentions: mostly(fc.nat(3)),
        warnings: anything(),
      },
      { requiredKeys: ['comments'] },
    );
    return fc.oneof({ arbitrary: page, weight: 6 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 }, { arbitrary: anything(), weight: 1 });
  }

  /** Live changes: of each known type with anything in them, and anything at all. */
  function changes(): fc.Arbitrary<unknown[]> {
    const change = fc.oneof(
      fc.record({ type: fc.constantFrom('created', 'updated'), comment: mostly(comments()) }),
      fc.record({ type: fc.constant('removed'), id: mostly(fc.constantFrom('c1', 'c2', 'c3')) }),
      fc.record({ type: fc.constant('error'), error: anything() }),
      fc.constant({ type: 'resync' }),
      fc.jsonValue({ maxDepth: 2 }),
      anything(),
    );
    return fc.array(change, { maxLength: 6 });
  }

  const persistence = fc.constantFrom<AdapterCapabilities['persistence']>('memory', 'browser', 'server');
  const until = fc.oneof(fc.constant(null), fc.date({ noInvalidDate: true }), anything());

  /** Checks what every run must hold, after the element settled. */
  async function check(el: CommentThread): Promise<void> {
    expect(shown(el)).to.not.equal('loading');
    expect(audit(el.shadowRoot!), 'unsafe DOM').to.deep.equal([]);
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
    expect(window.__pwned, 'a payload ran').to.equal(undefined);
    expect(fired, 'a payload ran').to.deep.equal([]);
  }

  it('reads any answer to list, and any live change, to its thread or its error, running nothing', async () => {
    await fc.assert(
      fc.asyncProperty(listAnswers(), changes(), changes(), persistence, until, async (list, early, late, kind, editableUntil) => {
        uncaught = [];
        const adapter = new FuzzAdapter({ list, editableUntil }, kind);
        const el = document.createElement('comment-thread');
        el.threadId = 'fuzz';
        el.adapter = adapter;
        document.body.append(el);
        try {
          // Changes pushed while the first page is read are held and applied after it.
          for (const change of early) adapter.push(change);
          await settled(el);
          for (const change of late) adapter.push(change);
          // A resync reads the list again, from a chunk of its own.
          await new Promise((r) => setTimeout(r, 20));
          await settled(el);
          await check(el);
        } finally {
          el.remove();
        }
      }),
      { numRuns: 80, ...REPLAY },
    );
  });

  it('keeps the draft and shows the error for any answer to a post it cannot read, and shows the comment of one it can', async () => {
    const date = fc.date({ min: new Date('2001-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    // Comments the element must take, and anything else.
    const valid = fc.record({
      id: fc.string({ minLength: 1, maxLength: 8 }),
      threadId: fc.constant('fuzz'),
      parentId: fc.constant(null),
      author: fc.record({ name: fc.oneof(fc.string({ maxLength: 20 }), payload) }),
      body: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), payload),
      createdAt: date,
    });
    const answers = fc.oneof(
      valid.map((answer) => ({ answer, readable: true })),
      fc.oneof(comments(), fc.jsonValue({ maxDepth: 2 }), anything()).map((answer) => ({ answer, readable: undefined })),
    );
    await fc.assert(
      fc.asyncProperty(answers, async ({ answer, readable }) => {
        uncaught = [];
        for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
        const el = document.createElement('comment-thread');
        el.threadId = 'fuzz';
        el.adapter = new FuzzAdapter({ list: { comments: [], nextCursor: null }, create: answer }, 'memory');
        document.body.append(el);
        try {
          await settled(el);
          await waitUntil(() => composer(el), 'no composer', { timeout: SETTLE_MS });
          const form = await formReady(composer(el));
          await typeInto(form, 'body', 'A fuzzed post');
          await form.submit();
          await form.updateComplete;
          const text = form.shadowRoot!.querySelector('textarea')!.value;
          const failure = form.shadowRoot!.querySelector('[part~="form-error"]');
          if (readable) {
            expect(text, 'a readable answer was refused').to.equal('');
            expect($$(el, 'article[part~="comment"]')).to.have.length(1);
          }
          if (text === '') {
            // Taken: nothing is pending any more (what the store answered shows as what it is:
            // a comment, a mention, a deleted one), and the draft is gone.
            expect(failure).to.equal(null);
            expect($(el, '.pending')).to.equal(null);
            expect(Object.keys(localStorage).filter((key) => key.includes(':draft:'))).to.deep.equal([]);
          } else {
            // Refused: the text stays, with the error and its retry, and nothing is shown as posted.
            expect(text).to.equal('A fuzzed post');
            expect(failure, 'no error shown').to.not.equal(null);
            expect(failure!.querySelector('[part~="retry-button"]')).to.not.equal(null);
            expect($$(el, 'article[part~="comment"]')).to.deep.equal([]);
          }
          await check(el);
        } finally {
          el.remove();
        }
      }),
      { numRuns: 30, ...REPLAY },
    );
  });
});
