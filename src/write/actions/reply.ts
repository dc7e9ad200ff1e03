/**
 * What Reply does (its button is `actions/reply.ts`): opens an inline `<comment-thread-form>`
 * below the comment (one at a time); Escape or Cancel closes it and gives the focus back to
 * the button, a posted reply closes it and takes the focus.
 *
 * @module
 */
import type { ActionHost, CommentAction } from '../../actions/types.js';
import { el } from '../../render/dom.js';
import type { YourDataAction } from '../../components/your-data/your-data.js';

/** What each element's reply forms may ask its adapter (one function per element, so a rebuild asks nothing again). */
const visitorCalls = new WeakMap<ActionHost, YourDataAction>();
const mailOf = (host: ActionHost): YourDataAction => {
  let calls = visitorCalls.get(host);
  if (!calls) visitorCalls.set(host, (calls = ((method) => host.thread.writable('post').adapter[method]!()) as YourDataAction));
  return calls;
};

/** The open reply form of each element, kept while it stays open so that rebuilds keep its text. */
const open = new WeakMap<ActionHost, { id: string; holder: HTMLElement; form: HTMLElement & Record<string, unknown> }>();

function close(host: ActionHost, id: string): void {
  host.states.set(id, { replying: undefined });
  if (open.get(host)?.id === id) open.delete(host);
  void host.focus.after(() => host.article(id)?.querySelector<HTMLElement>('[data-action="reply"]'));
}

export const replyBehaviour: Partial<CommentAction> = {
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
      replyToName: comment.author?.name?.trim() || t.anonymous,
      strings: host.strings,
      locale: host.locale,
      // The adapter's calls about the visitor, as the composer has them: whether it offers mail about replies.
      yourData: mailOf(host),
    });
    return kept.holder;
  },

  async run(host, id) {
    // This element's own write path (its strings, its styles), even where another element's
    // load made the action whole.
    if (!host.writeLoaded) await host.write();
    if (host.states.get(id).replying) {
      close(host, id);
      return;
    }
    host.states.only('replying', id);
    void host.focus.after(() => open.get(host)?.form);
  },

  submit(host, event) {
    if (!event.input) return;
    const posted = host.post(event.input);
    event.respondWith(posted);
    posted.then(
      (saved) => {
        const parentId = saved.parentId ?? '';
        if (!host.states.get(parentId).replying) return;
        // Its replies shown in full, the new one among them: not collapsed, not past "Show 6 more".
        host.states.set(parentId, { replying: undefined, collapsed: undefined, allReplies: true });
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
