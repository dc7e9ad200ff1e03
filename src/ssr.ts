/**
 * `comment-thread/define.js` and `comment-thread/comment-thread.js` in Node (the `node`
 * condition of their exports): registers the elements as `define.js` does, and lets Lit's
 * server rendering (`@lit-labs/ssr`, and the frameworks built on it) render `<comment-thread>`:
 * its styles, its heading and an empty list, in a declarative shadow root. The comments are
 * read in the browser, where the element replaces this with what it renders itself.
 *
 * Browsers never load this module: the drop-in bundle and `define.js` carry none of it.
 *
 * @module
 */
import { html, type PropertyValues, type TemplateResult } from 'lit';
import { CommentThread } from './define.js';
import { enRead } from './i18n/en-read.js';

/** The server's HTML of an element: its heading ("Comments", or the `strings` given) and an empty list. */
function render(this: CommentThread): TemplateResult {
  const heading = this.strings?.heading ?? enRead.heading;
  return html`<section part="base" class="base" aria-labelledby="heading"><header part="header" class="header"><h2 id="heading" part="heading">${heading}</h2></header><ol part="list" class="list" role="list"></ol></section>`;
}

const prototype = CommentThread.prototype as unknown as { willUpdate(changed: PropertyValues): void };
const { willUpdate } = prototype;

// Lit's server renderer takes the element for a LitElement (it is Lit's ReactiveElement, which
// `LitElement` extends with `render`): it constructs it, sets its attributes and properties,
// calls `willUpdate` and renders its styles and `render()`. `willUpdate` starts reading the
// thread in a browser; on an element of Lit's DOM shim, which has no `isConnected` (and no
// document around it to take a thread id from), it does nothing. In a real DOM (jsdom, say)
// the element is left as it is in a browser.
Object.assign(CommentThread, { _$litElement$: true });
Object.defineProperties(prototype, {
  render: { value: render, configurable: true, writable: true },
  willUpdate: {
    value(this: CommentThread, changed: PropertyValues) {
      if ('isConnected' in this) willUpdate.call(this, changed);
    },
    configurable: true,
    writable: true,
  },
});

export { CommentThread };
// What the drop-in bundle exports besides (src/drop-in/index.ts), so that code importing it by
// the package's name runs on a server too: here the npm entry's classes, since nothing loads
// lazily on a server.
export {
  MemoryAdapter,
  LocalStorageAdapter,
  HttpAdapter,
  AdapterError,
  isAbortError,
  throwIfAborted,
  CommentPostedEvent,
  ThreadLoadedEvent,
  ThreadErrorEvent,
  LIMITS,
} from './index.js';
