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
  const temp: Comment = {
    id: `${PENDING_PREFIX}${randomId()}`,
    threadId: input.threadId,
    parentId: input.parentId,
    author: { ...input.author },
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

/** The latest vote asked for on each comment: an older answer arriving later is not shown over it. */
const latestVote = new WeakMap<ThreadController, Map<string, number>>();

/**
 * Casts the visitor's vote on comment `id`: the score and the pressed button change at once,
 * the stored comment replaces them when the adapter answers, and on failure the comment is put
 * back as it was. Rejects with an AdapterError (reported as a `ct-error` of operation `vote`).
 */
export async function vote(thread: ThreadController, id: string, value: 1 | 0 | -1): Promise<Comment> {
  const { adapter, threadId, signal } = thread.writable('vote');
  const before = thread.comments.get(id);
  const asked = (latestVote.get(thread) ?? latestVote.set(thread, new Map()).get(thread)!).set(id, Math.random()).get(id);
  const latest = () => latestVote.get(thread)!.get(id) === asked;
  try {
    if (!adapter.vote || !before) throw new AdapterError('forbidden', 'Comments cannot be voted on here.');
    const { myVote: _was, ...rest } = before;
    const score = (before.score ?? 0) - (before.myVote ?? 0) + value;
    thread.commit({ set: [value ? { ...rest, score, myVote: value } : { ...rest, score }] });
    const saved = readAnswer(await adapter.vote(threadId, id, value, { signal }), threadId);
    if (latest()) thread.commit({ set: [saved] });
    return saved;
  } catch (error) {
    if (before && latest()) thread.commit({ set: [before] });
    throw thread.report('vote', error);
  }
}
