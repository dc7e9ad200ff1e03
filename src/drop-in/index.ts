/**
 * The drop-in bundle's entry, `dist/comment-thread.js`: registers the elements (`define.ts`)
 * and exports the public API under its own names, for pages that load the bundle from their
 * own folder or a CDN, without npm. The adapters come as classes whose implementation loads
 * from beside the bundle on first use (`lazy-adapters.ts`); the translations are in the
 * bundle's sibling `comment-thread.i18n.js` (`i18n.ts`), which only pages that use them load.
 * Its types are this module's (`dist/drop-in/index.d.ts`, the package's `./comment-thread.js`
 * export).
 *
 * @module
 */
import { defineElements } from '../define.js';

// A call, not the import alone: the package's `sideEffects` lists the built files, not the
// sources, so the build would drop a bare `import '../define.js'`.
defineElements();

export { CommentThread } from '../components/comment-thread/comment-thread.js';
export { MemoryAdapter, LocalStorageAdapter, HttpAdapter, type LazyBuiltInAdapter } from './lazy-adapters.js';
export { AdapterError, isAbortError, throwIfAborted } from '../adapters/storage-adapter.js';
export { CommentPostedEvent } from '../events/comment-posted-event.js';
export { ThreadLoadedEvent } from '../events/thread-loaded-event.js';
export { ThreadErrorEvent } from '../events/thread-error-event.js';
export { LIMITS } from '../core/limits.js';
// Every type of the npm entry, as types only (the names exported above win over these).
export type * from '../index.js';
