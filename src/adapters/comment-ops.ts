/**
 * Pure helpers shared by the adapters that keep comments on this side of the network
 * ({@link MemoryAdapter}, {@link LocalStorageAdapter}): building a stored comment, planning a
 * removal, turning validation issues into an `invalid` error, an abortable delay.
 *
 * Internal: not exported from the package entry point.
 *
 * @internal
 * @module
 */
import { randomId } from '../core/id.js';
import { LIMITS } from '../core/limits.js';
import { validateNewComment, type ValidationIssue } from '../core/validate.js';
import { AdapterError, throwIfAborted, type Comment, type NewComment, type SortOrder } from './storage-adapter.js';

/** Builds the comment to store from validated input, with an id not in `usedIds`. */
export function buildComment(input: NewComment, usedIds: ReadonlySet<string>): Comment {
  let id = randomId();
  while (usedIds.has(id)) id = randomId();
  const author: Comment['author'] = { name: input.author.name.trim() };
  if (input.author.website) author.website = input.author.website;
  return {
    id,
    threadId: input.threadId,
    parentId: input.parentId,
    author,
    body: input.body,
    createdAt: new Date().toISOString(),
    status: 'published',
  };
}

/** What removing one comment does to its thread. */
export interface RemovalPlan {
  /** The comment that becomes a `deleted` placeholder (it has replies), if any. */
  placeholder: string | null;
  /** The comments that disappear: the target, then placeholder ancestors left without replies. */
  removed: string[];
}

/**
 * Plans the removal of comment `id`, or returns `null` when the thread has no such comment.
 * A comment with replies becomes a placeholder (an existing placeholder stays as it is); a leaf
 * goes, and so does every placeholder ancestor it leaves without replies.
 */
export function planRemoval(thread: readonly Comment[], id: string): RemovalPlan | null {
  const byId = new Map(thread.map((c) => [c.id, c]));
  const target = byId.get(id);
  if (!target) return null;
  const removed = new Set<string>();
  const hasReplies = (commentId: string): boolean =>
    thread.some((c) => c.parentId === commentId && !removed.has(c.id));
  if (hasReplies(id)) return { placeholder: target.status === 'deleted' ? null : id, removed: [] };
  removed.add(id);
  let parent = target.parentId === null ? undefined : byId.get(target.parentId);
  while (parent && parent.status === 'deleted' && !removed.has(parent.id) && !hasReplies(parent.id)) {
    removed.add(parent.id);
    parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
  }
  return { placeholder: null, removed: [...removed] };
}

/** The placeholder a removed comment with replies leaves: no body, no author, `deleted`. */
export function toPlaceholder(comment: Comment): Comment {
  return { ...comment, author: { name: '' }, body: '', status: 'deleted', updatedAt: new Date().toISOString() };
}

/** Sorts by `createdAt` (oldest or newest first); equal dates keep their stored order. */
export function sortByDate(comments: readonly Comment[], sort: SortOrder = 'oldest'): Comment[] {
  const sign = sort === 'newest' ? -1 : 1;
  return comments
    .map((comment, index) => ({ comment, index, time: Date.parse(comment.createdAt) }))
    .sort((a, b) => sign * (a.time - b.time) || a.index - b.index)
    .map((entry) => entry.comment);
}

/** Checks a new body (for an edit) against the same rules as a new comment's body. */
export function validateBody(threadId: string, body: unknown): ValidationIssue[] {
  const probe = { threadId, parentId: null, author: { name: '' }, body } as NewComment;
  return validateNewComment(probe).filter((issue) => issue.field === 'body');
}

function describeIssue({ field, problem }: ValidationIssue): string {
  switch (`${field}/${problem}`) {
    case 'body/empty':
      return 'The comment is empty.';
    case 'body/too-long':
      return `The comment is longer than ${LIMITS.bodyMax} characters.`;
    case 'author.name/too-long':
      return `The name is longer than ${LIMITS.nameMax} characters.`;
    case 'author.website/bad-url':
      return 'The website must be an address starting with http:// or https://.';
    case 'author.website/too-long':
      return `The website address is longer than ${LIMITS.websiteMax} characters.`;
    case 'threadId/empty':
      return 'The comment does not say which page it belongs to.';
    case 'threadId/too-long':
      return `The thread id is longer than ${LIMITS.threadIdMax} characters.`;
    case 'parentId/empty':
      return 'The reply does not say which comment it answers.';
    default:
      return `The field ${field} is ${problem}.`;
  }
}

/** An `invalid` AdapterError naming the first rejected field, with every problem in its message. */
export function invalidInputError(issues: readonly ValidationIssue[]): AdapterError {
  return new AdapterError('invalid', issues.map(describeIssue).join(' '), { field: issues[0]?.field ?? 'body' });
}

/** The `not-found` error for an edit or removal of a comment that is not (or no longer) there. */
export function commentNotFoundError(): AdapterError {
  return new AdapterError('not-found', 'This comment no longer exists. It may have been deleted elsewhere.');
}

/** The `not-found` error for a reply to a comment that is not in the thread. */
export function parentNotFoundError(): AdapterError {
  return new AdapterError('not-found', 'The comment you are replying to no longer exists.', { field: 'parentId' });
}

/** Waits `ms` milliseconds; rejects with the signal's `AbortError` as soon as it aborts. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      try {
        throwIfAborted(signal);
      } catch (error) {
        reject(error);
      }
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reports an error thrown by a subscriber without breaking the adapter call that notified it. */
export function reportListenerError(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else console.error(error);
}
