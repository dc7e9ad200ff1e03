/**
 * Delete: on the visitor's own comments, while the adapter allows it, a button that asks
 * "Delete this comment?" (the focus goes to "Keep it") and deletes on confirmation. A comment
 * with replies stays as a placeholder; the outcome is announced, and a failure is shown under
 * the comment.
 *
 * @module
 */
import { el } from '../render/dom.js';
import type { ActionHost, CommentAction } from './types.js';

const button = (host: ActionHost, id: string, action: string): HTMLElement | null | undefined =>
  host.article(id)?.querySelector<HTMLElement>(`[data-action="${action}"]`);

export const remove: CommentAction = {
  name: 'remove',

  actions({ mine, state, strings: t }) {
    if (!mine || state.editing) return null;
    if (!state.confirmingRemove) {
      return el('button', { type: 'button', part: 'remove-button', class: 'link', 'data-action': 'remove' }, t.remove);
    }
    return el(
      'span',
      { class: 'confirm', role: 'group', 'aria-label': t.removeConfirm },
      el('span', {}, t.removeConfirm),
      el('button', { type: 'button', part: 'remove-confirm-button', class: 'link danger', 'data-action': 'remove:confirm', disabled: !!state.busy }, t.remove),
      el('button', { type: 'button', part: 'remove-keep-button', class: 'link', 'data-action': 'remove:keep' }, t.removeKeep),
    );
  },

  async run(host, id, detail) {
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
      void host.write();
      void host.focus.after(() => button(host, id, 'remove:keep'));
    }
  },

  preload(host) {
    void host.write();
  },
};
