/**
 * Reply: a button under each comment that opens an inline `<comment-thread-form>` below it
 * (one at a time); Escape or Cancel closes it and gives the focus back to the button, a posted
 * reply closes it and takes the focus.
 *
 * @module
 */
import type { Comment } from '../adapters/storage-adapter.js';
import { el } from '../render/dom.js';
import type { ActionHost, CommentAction } from './types.js';

/** The open reply form of each element, kept while it stays open so that rebuilds keep its text. */
const open = new WeakMap<ActionHost, { id: string; holder: HTMLElement; form: HTMLElement & Record<string, unknown> }>();

function close(host: ActionHost, id: string): void {
  host.states.set(id, { replying: undefined });
  if (open.get(host)?.id === id) open.delete(host);
  void host.focus.after(() => host.article(id)?.querySelector<HTMLElement>('[data-action="reply"]'));
}

const authorName = (comment: Comment, anonymous: string): string => comment.author?.name?.trim() || anonymous;

export const reply: CommentAction = {
  name: 'reply',

  actions({ comment, state, strings: t, pending, deleted }) {
    // Not while the comment is being edited: the editor's Save and Cancel are its actions then;
    // nor under a comment still awaiting moderation, which others may never see.
    if (pending || deleted || state.editing || comment.status === 'pending') return null;
    return el(
      'button',
      {
        type: 'button',
        part: 'reply-button',
        class: 'link',
        'data-action': 'reply',
        'aria-label': t.replyTo(authorName(comment, t.anonymous)),
        'aria-expanded': state.replying ? 'true' : 'false',
      },
      t.reply,
    );
  },

  after({ host, comment, state, strings: t }) {
    if (!state.replying) return null;
    let kept = open.get(host);
    if (kept?.id !== comment.id) {
      const form = document.createElement('comment-thread-form') as unknown as HTMLElement & Record<string, unknown>;
      form.setAttribute('mode', 'reply');
      form.dataset['action'] = 'reply';
      form.dataset['id'] = comment.id;
      kept = { id: comment.id, form, holder: el('div', { part: 'inline-form', class: 'inline-form' }, form) };
      open.set(host, kept);
    }
    Object.assign(kept.form, {
      threadId: host.threadId,
      parentId: comment.id,
      replyToName: authorName(comment, t.anonymous),
      strings: host.strings,
      locale: host.locale,
    });
    return kept.holder;
  },

  async run(host, id) {
    if (host.states.get(id).replying) {
      close(host, id);
      return;
    }
    host.states.only('replying', id);
    await host.write();
    void host.focus.after(() => open.get(host)?.form);
  },

  preload(host) {
    void host.write();
  },

  submit(host, event) {
    if (!event.input) return;
    const posted = host.post(event.input);
    event.respondWith(posted);
    posted.then(
      (saved) => {
        const parentId = saved.parentId ?? '';
        if (!host.states.get(parentId).replying) return;
        host.states.set(parentId, { replying: undefined });
        open.delete(host);
        void host.focus.after(() => host.article(saved.id));
      },
      () => {
        // The form shows the error and keeps the text; the thread fired `ct-error`.
      },
    );
  },

  cancel(host, id) {
    close(host, id);
  },
};
