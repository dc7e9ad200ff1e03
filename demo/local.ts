// The no-server demo page (local.html): seeds the sample thread into this browser's
// localStorage on the first visit, then loads the drop-in bundle. <comment-thread> has no
// attributes: it uses the sample LocalStorageAdapter and the page's canonical path as its
// thread id, like a drop-in install.
import { LocalStorageAdapter, threadStorageKey } from '../src/adapters/local-storage-adapter.js';
import { defaultThreadId } from '../src/components/comment-thread/default-thread-id.js';
import { renderMarkdown } from '../src/core/markdown.js';
import { demoComments } from './seed.js';

const threadId = defaultThreadId(document);
const adapter = new LocalStorageAdapter();

/** Stores the sample thread as LocalStorageAdapter stores comments: each with its body rendered (`html`). */
function seed(): void {
  const comments = demoComments(threadId).map((comment) => ({ ...comment, html: renderMarkdown(comment.body) }));
  localStorage.setItem(threadStorageKey(threadId), JSON.stringify(comments));
}

const { comments } = await adapter.list(threadId);
if (comments.length === 0 && localStorage.getItem(threadStorageKey(threadId)) === null) seed();

document.querySelector('#reset')?.addEventListener('click', () => {
  seed();
  location.reload();
});

// The built bundle beside this page (a variable, so that it is loaded at run time, not bundled).
const bundle = './comment-thread.js';
await import(bundle);
