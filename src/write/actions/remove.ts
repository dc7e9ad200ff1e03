/**
 * What Delete does (its button is `actions/remove.ts`): asks "Delete this comment?" (the focus
 * goes to "Keep it") and deletes on confirmation. A comment with replies stays as a
 * placeholder; the outcome is announced, a failure is shown under the comment, and the focus
 * goes to the comment nearest to the one that went.
 *
 * @module
 */
import { remove } from '../../actions/remove.js';
import type { ActionHost, CommentAction } from '../../actions/types.js';
import { el } from '../../render/dom.js';

const button = (host: ActionHost, id: string, action: string): HTMLElement | null | undefined =>
  host.article(id)?.querySelector<HTMLElement>(`[data-action="${action}"]`);

/** The Delete button of the read path, which the question replaces while it is asked. */
const removeButton = remove.actions!;

export const removeBehaviour: Partial<CommentAction> = {
  actions(context) {
    const { state, strings: t } = context;
    if (!state.confirmingRemove || state.editing) return removeButton(context);
    // The question's strings are the write path's (loaded: this runs in it).
    const w = context.host.strings;
    return el(
      'span',
      { class: 'confirm', role: 'group', 'aria-label': w.removeConfirm },
      el('span', {}, w.removeConfirm),
      el('button', { type: 'button', part: 'remove-confirm-button', class: 'link danger', 'data-action': 'remove:confirm', disabled: !!state.busy }, t.remove),
      el('button', { type: 'button', part: 'remove-keep-button', class: 'link', 'data-action': 'remove:keep' }, w.removeKeep),
    );
  },

  async run(host, id, detail) {
    if (!host.writeLoaded) await host.write();
    if (detail === 'keep') {
      host.states.set(id, { confirmingRemove: undefined });
      void host.focus.after(() => button(host, id, 'remove'));
    } else if (detail === 'confirm') {
      const parentId = host.thread.comments.get(id)?.parentId ?? null;
      // The comments shown after and before it: where the focus goes when a top-level comment
      // goes with nothing in its place.
      const article = host.article(id)!;
      const shown = [...article.closest('ol')!.querySelectorAll('article')];
      const near = [shown[shown.indexOf(article) + 1], shown[shown.indexOf(article) - 1]];
      host.states.set(id, { busy: true, error: undefined });
      try {
        const write = await host.write();
        await write.remove(host.thread, id);
        host.states.set(id, { busy: undefined, confirmingRemove: undefined });
        host.announcer.announce(host.strings.removed);
        // The placeholder that stays, else the comment it answered, else the next comment,
        // else the one before: never the page's <body>.
        void host.focus.after(() => host.article(id) ?? (parentId === null ? near.find((article) => article?.isConnected) : host.article(parentId)));
      } catch (error) {
        host.states.set(id, { busy: undefined, error: `${host.strings.removeFailed} ${host.errorText(error)}` });
      }
    } else {
      host.states.only('confirmingRemove', id);
      host.states.set(id, { error: undefined });
      void host.focus.after(() => button(host, id, 'remove:keep'));
    }
  },
};
