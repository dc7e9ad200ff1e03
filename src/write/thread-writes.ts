/**
 * Writing to a thread: optimistic posting with rollback, editing and deleting, through the
 * thread's adapter. Part of the write path, loaded when a visitor starts to write; it works on
 * the {@link ThreadController} that reads the thread.
 *
 * @module
 */
import { readAnswer } from '../adapters/read-comment.js';
import { AdapterError, type Comment, type NewComment } from '../adapters/storage-adapter.js';
import { PENDING_PREFIX, type ThreadController } from '../controllers/thread-controller.js';
import { randomId } from '../core/id.js';
import { CommentPostedEvent } from '../events/comment-posted-event.js';

/**
 * Posts a comment: it shows at once as pending, is replaced by the stored comment when the
 * adapter answers, and is removed again when it fails, or when its answer is no comment
 * (`corrupt`; the form keeps the text either way). Rejects with an AdapterError (reported as a
 * `ct-error` of operation `post`).
 */
export async function post(thread: ThreadController, input: NewComment): Promise<Comment> {
  const { adapter, signal } = thread.writable('post');
  // The address for mail goes to the adapter only: a comment never carries it, not even the one shown meanwhile.
  const { email: _email, ...author } = input.author;
  const temp: Comment = {
    id: `${PENDING_PREFIX}${randomId()}`,
    threadId: input.threadId,
    parentId: input.parentId,
    author,
    body: input.body,
    createdAt: new Date().toISOString(),
  };
  thread.commit({ set: [temp] });
  try {
    const saved = readAnswer(await adapter.create(input, { signal }), input.threadId);
    thread.commit({ remove: [temp.id], set: [saved] });
    thread.emit(new CommentPostedEvent(saved));
    return saved;
  } catch (error) {
    thread.commit({ remove: [temp.id] });
    throw thread.report('post', error);
  }
}

/** Changes a comment's body through the adapter. Rejects with an AdapterError (reported; `corrupt` when its answer is no comment). */
export async function edit(thread: ThreadController, id: string, body: string): Promise<Comment> {
  const { adapter, threadId, signal } = thread.writable('edit');
  try {
    if (!adapter.update) throw new AdapterError('forbidden', 'Comments cannot be edited here.');
    const saved = readAnswer(await adapter.update(threadId, id, { body }, { signal }), threadId);
    thread.commit({ set: [saved] });
    return saved;
  } catch (error) {
    throw thread.report('edit', error);
  }
}

/** Deletes a comment through the adapter; one with replies stays as a placeholder. Rejects with an AdapterError (reported). */
export async function remove(thread: ThreadController, id: string): Promise<void> {
  const { adapter, threadId, signal } = thread.writable('delete');
  try {
    if (!adapter.remove) throw new AdapterError('forbidden', 'Comments cannot be deleted here.');
    await adapter.remove(threadId, id, { signal });
    thread.drop(id);
  } catch (error) {
    throw thread.report('delete', error);
  }
}

/**
 * Votes under way on each comment: the number of the latest asked, and the comment as the store
 * last confirmed it (what a failure goes back to; not the optimistic state of an earlier click).
 */
const voting = new WeakMap<ThreadController, Map<string, { asked: number; confirmed: Comment }>>();

/**
 * Casts the visitor's vote on comment `id`: the score and the pressed button change at once,
 * the stored comment replaces them when the adapter answers, and on failure the comment goes
 * back to what the store last confirmed. Only the latest of quick clicks is shown, and nothing
 * once the thread has gone (another thread, the element removed). Rejects with an AdapterError
 * (reported as a `ct-error` of operation `vote`).
 */
export async function vote(thread: ThreadController, id: string, value: 1 | 0 | -1): Promise<Comment> {
  const { adapter, threadId, signal } = thread.writable('vote');
  const shown = thread.comments.get(id);
  const underWay = voting.get(thread) ?? voting.set(thread, new Map()).get(thread)!;
  const entry = underWay.get(id) ?? (shown && { asked: 0, confirmed: shown });
  const asked = entry ? ++entry.asked : 0;
  if (entry) underWay.set(id, entry);
  const settle = (comment: Comment): void => {
    if (entry?.asked !== asked) return;
    underWay.delete(id);
    if (!signal.aborted) thread.commit({ set: [comment] });
  };
  try {
    if (!adapter.vote || !shown || !entry) throw new AdapterError('forbidden', 'Comments cannot be voted on here.');
    const { myVote: _was, ...rest } = shown;
    const score = (shown.score ?? 0) - (shown.myVote ?? 0) + value;
    thread.commit({ set: [value ? { ...rest, score, myVote: value } : { ...rest, score }] });
    const saved = readAnswer(await adapter.vote(threadId, id, value, { signal }), threadId);
    entry.confirmed = saved;
    settle(saved);
    return saved;
  } catch (error) {
    if (entry) settle(entry.confirmed);
    throw thread.report('vote', error);
  }
}
