/**
 * Collapse: on each comment with replies, a toggle that hides or shows its sub-thread and says
 * how many replies it holds ("Hide 3 replies", `aria-expanded`). What is collapsed is kept for
 * the session (`sessionStorage`, per thread), so a reload or a return to the page finds the
 * thread folded as it was left. The read path holds the button and the restoring; what the
 * buttons do (`reader/collapse.ts`) loads on `pointerdown` or focus of one.
 *
 * @module
 */
import type { ThreadNode } from '../core/tree.js';
import { el } from '../render/dom.js';
import type { ActionHost, CommentAction } from './types.js';

declare module '../controllers/comment-state-controller.js' {
  interface CommentState {
    /** Its replies are hidden. */
    readonly collapsed?: boolean;
    /** All of its replies are shown, past the first few of a long sub-thread. */
    readonly allReplies?: boolean;
  }
}

/** Where the ids collapsed in thread `threadId` are kept. */
export const collapsedKey = (threadId: string): string => `comment-thread:v1:collapsed:${threadId}`;

/** How many replies a sub-thread holds, at any depth. */
export function replyCount(node: ThreadNode): number {
  let count = 0;
  for (const child of node.children) count += 1 + replyCount(child);
  return count;
}

/** The ids collapsed in thread `threadId` this session. */
export function collapsedIds(threadId: string): string[] {
  try {
    const ids: unknown = JSON.parse(sessionStorage.getItem(collapsedKey(threadId)) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Collapses again what the reader collapsed in this thread earlier in the session. */
export function restoreCollapsed(host: Pick<ActionHost, 'states' | 'threadId'>): void {
  for (const id of collapsedIds(host.threadId)) host.states.set(id, { collapsed: true });
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

  preload: (host) => host.reader(),
};

/** "Show 6 more replies", after the first replies of a long sub-thread (`render/thread-engine.ts`); what it does is `reader/collapse.ts`. */
export const moreReplies: CommentAction = {
  name: 'replies',
  preload: (host) => host.reader(),
};
