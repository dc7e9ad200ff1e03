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
    thread.apply({ type: 'removed', id });
  } catch (error) {
    throw thread.report('delete', error);
  }
}
