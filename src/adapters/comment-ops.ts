/**
 * The writing rules shared by the adapters that keep comments on this side of the network
 * ({@link MemoryAdapter}, {@link LocalStorageAdapter}), written once: checking input, building
 * a new comment, editing, voting on and removing one. Each function works on a thread's comments as a
 * plain array and returns what changes; the adapter decides how to store it. The reading rules
 * are `comment-reads.ts`.
 *
 * Internal: not exported from the package entry point.
 *
 * @internal
 * @module
 */
import { randomId } from '../core/id.js';
import { LIMITS } from '../core/limits.js';
import { isMention } from '../core/mentions.js';
import { validateNewComment } from '../core/validate.js';
import { AdapterError, type Comment, type NewComment } from './storage-adapter.js';

/** What each validation issue (`field/problem`) means, in words shown to the visitor. */
const ISSUES: Record<string, string> = {
  'body/empty': 'The comment is empty.',
  'body/too-long': `The comment is longer than ${LIMITS.bodyMax} characters.`,
  'author.name/too-long': `The name is longer than ${LIMITS.nameMax} characters.`,
  'author.website/bad-url': 'The website address must start with http:// or https://.',
  'author.website/too-long': `The website address is longer than ${LIMITS.websiteMax} characters.`,
  'threadId/empty': 'The comment does not say which page it belongs to.',
  'threadId/too-long': `The thread id is longer than ${LIMITS.threadIdMax} characters.`,
  'parentId/empty': 'The reply does not say which comment it answers.',
};

/**
 * Throws an `invalid` AdapterError when `input` breaks a rule of {@link LIMITS}: its `field` is
 * the first rejected field, its message explains every problem. With `bodyOnly`, only the body
 * is checked (for an edit).
 */
export function checkInput(input: NewComment, bodyOnly?: boolean): void {
  const issues = validateNewComment(input).filter((issue) => !bodyOnly || issue.field === 'body');
  if (issues[0]) {
    const message = issues.map(({ field, problem }) => ISSUES[`${field}/${problem}`] ?? `The field ${field} is ${problem}.`);
    throw new AdapterError('invalid', message.join(' '), { field: issues[0].field });
  }
}

/** Finds comment `id` in a thread. */
const find = (thread: readonly Comment[], id: string | null): Comment | undefined => thread.find((c) => c.id === id);

const now = (): string => new Date().toISOString();

/** The `not-found` error for an edit or removal of a comment that is not (or no longer) there. */
const gone = (): AdapterError =>
  new AdapterError('not-found', 'This comment no longer exists. It may have been deleted elsewhere.');

/**
 * The comment that checked `input` adds to a thread (its comments by id), with an id not used
 * there yet; not stored. Throws `not-found` (field `parentId`) when it answers a comment that
 * is not in the thread, and `invalid` when it answers a mention.
 */
export function newComment(thread: ReadonlyMap<string, Comment>, { threadId, parentId, author, body }: NewComment): Comment {
  const parent = parentId === null ? null : thread.get(parentId);
  if (parent === undefined) {
    throw new AdapterError('not-found', 'The comment you are replying to no longer exists.', { field: 'parentId' });
  }
  if (parent && (parent.kind ?? 'comment') !== 'comment') {
    throw new AdapterError('invalid', 'Pingbacks, trackbacks and webmentions take no replies.', { field: 'parentId' });
  }
  let id: string;
  do id = randomId();
  while (thread.has(id));
  const name = author.name.trim();
  return {
    id,
    threadId,
    parentId,
    author: author.website ? { name, website: author.website } : { name },
    body,
    createdAt: now(),
    status: 'published',
  };
}

/**
 * Comment `id` of a thread (its comments by id) with its body replaced by `body`, `updatedAt`
 * set and the old body's `html` dropped; not stored. Throws `not-found` for a missing comment or a deleted
 * placeholder, `invalid` for a bad body.
 */
export function editComment(thread: ReadonlyMap<string, Comment>, id: string, body: string): Comment {
  const comment = thread.get(id);
  if (!comment || comment.status === 'deleted') throw gone();
  checkInput({ ...comment, body }, true);
  // The old body's rendering goes with it.
  const { html: _old, ...kept } = comment;
  return { ...kept, body, updatedAt: now() };
}

/**
 * Comment `id` of a thread (its comments by id) with the visitor's vote set to `value` (1 up,
 * -1 down, 0 withdrawn), not stored: its score moves by the difference from the vote it had
 * (`myVote`), never counted again, so a score from elsewhere (an import) stays in it; `myVote`
 * is `value`, or absent for 0. Throws `invalid` for another value, `not-found` for a missing
 * comment, `conflict` for one that takes no votes (a deleted placeholder, a pending comment, a
 * mention).
 */
export function voteOn(thread: ReadonlyMap<string, Comment>, id: string, value: number): Comment {
  if (value !== 1 && value !== 0 && value !== -1) throw new AdapterError('invalid', 'A vote is 1 (up), -1 (down) or 0 (none).', { field: 'value' });
  const comment = thread.get(id);
  if (!comment) throw gone();
  if ((comment.status ?? 'published') !== 'published' || isMention(comment)) throw new AdapterError('conflict', 'This comment cannot be voted on.');
  const { myVote, ...rest } = comment;
  const voted: Comment = { ...rest, score: (comment.score ?? 0) + value - (myVote ?? 0) };
  if (value) voted.myVote = value;
  return voted;
}

/**
 * What removing comment `id` does to `thread`: by id, each comment's replacement, or `null`
 * for a comment that goes. A comment with replies becomes a `deleted` placeholder (no body, no
 * author, no votes, no pin; an existing placeholder stays as it is); a leaf goes, and so does every placeholder
 * ancestor it leaves without replies. Throws `not-found` when the thread has no such comment.
 */
export function planRemoval(thread: readonly Comment[], id: string): Map<string, Comment | null> {
  const plan = new Map<string, Comment | null>();
  const hasReplies = (parentId: string): boolean => thread.some((c) => c.parentId === parentId && !plan.has(c.id));
  let comment = find(thread, id);
  if (!comment) throw gone();
  if (hasReplies(id)) {
    if (comment.status !== 'deleted') {
      const { html: _gone, score: _score, myVote: _vote, pinned: _pinned, ...kept } = comment;
      plan.set(id, { ...kept, author: { name: '' }, body: '', status: 'deleted', updatedAt: now() });
    }
    return plan;
  }
  do plan.set(comment.id, null);
  while ((comment = find(thread, comment.parentId)) && comment.status === 'deleted' && !plan.has(comment.id) && !hasReplies(comment.id));
  return plan;
}
