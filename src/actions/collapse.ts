/**
 * Collapse: on each comment with replies, a toggle that hides or shows its sub-thread and says
 * how many replies it holds ("Hide 3 replies", `aria-expanded`). What is collapsed is kept for
 * the session (`sessionStorage`, per thread), so a reload or a return to the page finds the
 * thread folded as it was left.
 *
 * @module
 */
import type { ThreadNode } from '../core/tree.js';
import { el } from '../render/dom.js';
import { REPLIES_FIRST } from '../render/thread-engine.js';
import type { ActionHost, CommentAction } from './types.js';

declare module '../controllers/comment-state-controller.js' {
  interface CommentState {
    /** Its replies are hidden. */
    readonly collapsed?: boolean;
    /** All of its replies are shown, past the first few of a long sub-thread. */
    readonly allReplies?: boolean;
  }
}

const key = (threadId: string): string => `comment-thread:v1:collapsed:${threadId}`;

/** How many replies a sub-thread holds, at any depth. */
export function replyCount(node: ThreadNode): number {
  let count = 0;
  for (const child of node.children) count += 1 + replyCount(child);
  return count;
}

/** The ids collapsed in thread `threadId` this session. */
function stored(threadId: string): string[] {
  try {
    const ids: unknown = JSON.parse(sessionStorage.getItem(key(threadId)) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Collapses again what the reader collapsed in this thread earlier in the session. */
export function restoreCollapsed(host: Pick<ActionHost, 'states' | 'threadId'>): void {
  for (const id of stored(host.threadId)) host.states.set(id, { collapsed: true });
}

export const collapse: CommentAction = {
  name: 'collapse',

  actions({ node, state, strings: t, locale, label }) {
    const count = node.children.length && replyCount(node);
    return (
      count > 0 &&
      el(
        'button',
        {
          type: 'button',
          part: 'collapse-button',
          class: 'link',
          'data-action': 'collapse',
          'aria-expanded': String(!state.collapsed),
          'aria-label': (state.collapsed ? t.showReplies : t.hideReplies)(count, locale) + t.repliesTo(label),
        },
        (state.collapsed ? t.showReplies : t.hideReplies)(count, locale),
      )
    );
  },

  run(host, id) {
    const collapsed = !host.states.get(id).collapsed;
    host.states.set(id, { collapsed });
    const ids = new Set(stored(host.threadId));
    if (collapsed) ids.add(id);
    else ids.delete(id);
    try {
      if (ids.size) sessionStorage.setItem(key(host.threadId), JSON.stringify([...ids]));
      else sessionStorage.removeItem(key(host.threadId));
    } catch {
      // Storage refused: the choice lasts while the page is open.
    }
  },
};

/** "Show 7 more replies", after the first replies of a long sub-thread (`render/thread-engine.ts`): reveals the rest in place, the focus on the first of them. */
export const moreReplies: CommentAction = {
  name: 'replies',

  run(host, id) {
    host.states.set(id, { allReplies: true });
    void host.focus.after(() => host.article(id)?.parentElement?.querySelectorAll<HTMLElement>(':scope > ol > li > article')[REPLIES_FIRST]);
  },
};
