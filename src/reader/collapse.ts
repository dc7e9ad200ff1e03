/**
 * What Collapse and "Show 6 more replies" do (their buttons are `actions/collapse.ts` and the
 * engine's): fold or unfold a sub-thread, kept for the session; reveal the rest of a long one
 * with the focus on the first reply revealed.
 *
 * @module
 */
import { collapsedKey, collapsedIds } from '../actions/collapse.js';
import type { CommentAction } from '../actions/types.js';
import { REPLIES_FIRST } from '../render/long-threads.js';

export const collapseBehaviour: Partial<CommentAction> = {
  run(host, id) {
    const collapsed = !host.states.get(id).collapsed;
    host.states.set(id, { collapsed });
    const ids = new Set(collapsedIds(host.threadId));
    if (collapsed) ids.add(id);
    else ids.delete(id);
    try {
      if (ids.size) sessionStorage.setItem(collapsedKey(host.threadId), JSON.stringify([...ids]));
      else sessionStorage.removeItem(collapsedKey(host.threadId));
    } catch {
      // Storage refused: the choice lasts while the page is open.
    }
  },
};

export const moreRepliesBehaviour: Partial<CommentAction> = {
  run(host, id) {
    host.states.set(id, { allReplies: true });
    void host.focus.after(() => host.article(id)?.parentElement?.querySelectorAll<HTMLElement>(':scope > ol > li > article')[REPLIES_FIRST]);
  },
};
