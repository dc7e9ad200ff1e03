/**
 * What Edit does (its button is `actions/edit.ts`): replaces the body with a
 * `<comment-thread-form mode="edit">` (the same form as replying: counter, hint, keyboard,
 * validation). Ctrl/Cmd+Enter or Save stores the change; Escape or Cancel closes the editor;
 * either way the focus returns to the Edit button.
 *
 * @module
 */
import type { ActionHost, CommentAction } from '../../actions/types.js';

/** The open editor of each element, kept while it stays open so that rebuilds keep its text. */
const open = new WeakMap<ActionHost, { id: string; form: HTMLElement & Record<string, unknown> }>();

function close(host: ActionHost, id: string): void {
  host.states.set(id, { editing: undefined });
  if (open.get(host)?.id === id) open.delete(host);
  void host.focus.after(() => host.article(id)?.querySelector<HTMLElement>('[data-action="edit"]'));
}

export const editBehaviour: Partial<CommentAction> = {
  body({ host, comment, state }) {
    if (!state.editing) return null;
    let kept = open.get(host);
    if (kept?.id !== comment.id) {
      const form = document.createElement('comment-thread-form') as unknown as HTMLElement & Record<string, unknown>;
      form.setAttribute('part', 'editor');
      form.setAttribute('mode', 'edit');
      form.dataset['action'] = 'edit';
      form.dataset['id'] = comment.id;
      form.className = 'body';
      form['initialBody'] = comment.body;
      kept = { id: comment.id, form };
      open.set(host, kept);
    }
    Object.assign(kept.form, { threadId: host.threadId, commentId: comment.id, strings: host.strings, locale: host.locale });
    return kept.form;
  },

  async run(host, id) {
    if (!host.writeLoaded) await host.write();
    host.states.only('editing', id);
    host.states.set(id, { confirmingRemove: undefined, error: undefined });
    void host.focus.after(() => open.get(host)?.form);
  },

  submit(host, event) {
    const id = (event.target as HTMLElement).dataset['id'];
    if (id === undefined) return;
    const saved = host.write().then((write) => write.edit(host.thread, id, event.body));
    event.respondWith(saved);
    saved.then(
      (comment) => {
        close(host, id);
        // As changed, or as back with a moderator (the server's --moderation all).
        host.announcer.announce(comment.status === 'pending' ? host.strings.savedHeld : host.strings.saved);
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
