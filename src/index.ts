/**
 * comment-thread's public API, free of side effects: importing it defines no elements.
 * Import `comment-thread/define.js` (or load the drop-in bundle) to register them.
 *
 * @module
 */
export { CommentThread } from './components/comment-thread/comment-thread.js';
export { CommentForm } from './components/comment-form/comment-form.js';
export { CommentCount, type CountErrorDetail } from './count/comment-count.js';
export { MemoryAdapter, type MemoryAdapterOptions } from './adapters/memory-adapter.js';
export { LocalStorageAdapter, type LocalStorageAdapterOptions } from './adapters/local-storage-adapter.js';
export { HttpAdapter, type HttpAdapterOptions } from './adapters/http-adapter.js';
export {
  AdapterError,
  isAbortError,
  throwIfAborted,
  type AdapterCapabilities,
  type AdapterErrorCode,
  type AdapterErrorOptions,
  type AuthorRole,
  type CallOptions,
  type Comment,
  type CommentAuthor,
  type CommentKind,
  type CommentPatch,
  type CommentPath,
  type CommentStatus,
  type ListOptions,
  type ListResult,
  type NewComment,
  type Persistence,
  type SortOrder,
  type StorageAdapter,
  type ThreadChange,
} from './adapters/storage-adapter.js';
export { CommentPostedEvent } from './events/comment-posted-event.js';
export { ThreadLoadedEvent } from './events/thread-loaded-event.js';
export { ThreadErrorEvent, type ThreadOperation } from './events/thread-error-event.js';
export { en, type CommentThreadStrings } from './i18n/en.js';
export { de } from './i18n/de.js';
export { plural, type PluralForms } from './i18n/plural.js';
export type { StringOverrides } from './controllers/localize-controller.js';
export { LIMITS } from './core/limits.js';
export type { DateFormat } from './core/time.js';
