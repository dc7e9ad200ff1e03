/**
 * One comment as DOM: its `<article>`, built from text nodes and validated attributes. The
 * only markup in it is the body element that `core/sanitize.ts` made (passed in). Actions add
 * their parts (markers, a replacement body, buttons, what goes below the article) through the
 * hooks of `actions/types.ts`.
 *
 * An article holds, in this order: the author (a link only for an http(s) website), the
 * permalink with its `<time>`, markers, the body, the action buttons and the last error. The
 * avatar is the article's `::before` (see `identicon-style.ts`), and the stylesheet lays the
 * rest out: no wrapper elements, so a long thread costs as few nodes as a naive list.
 *
 * @module
 */
import type { ActionNode, CommentContext } from '../actions/types.js';
import { LINK_REL } from '../core/sanitize-policy.js';
import { isHttpUrl } from '../core/http-url.js';
import { COMMENT_ID_PREFIX } from './comment-anchor.js';
import { el } from './dom.js';
import { identiconClasses } from './identicon-style.js';

export { COMMENT_ID_PREFIX };

/**
 * A comment's date as shown: ISO for `datetime` and the text ("3 days ago", or for an older
 * comment "9 June 2010 at 14:05": `core/time.ts`, `shownDate`). The full date is its
 * tooltip, set when the pointer first comes over it (`ThreadEngine`): formatting thousands of
 * dates nobody hovers would cost the first paint of a long thread.
 */
export interface ShownTime {
  iso: string;
  text: string;
  /** The full date and time ("9 June 2010 at 14:05"), for the names screen readers read. */
  full: string;
}

/** What {@link buildComment} made. */
export interface BuiltComment {
  article: HTMLElement;
  /** The `<time>`, whose text is refreshed in place as the clock moves on. */
  time: HTMLTimeElement | null;
  /** What an action put below the article (the open reply form), if anything. */
  after: Node | null;
}

/**
 * A marker next to the author and time ("posting…", "edited", "awaiting moderation"), or with
 * `role`, the badge of a verified role ("Author").
 */
function badge(text: string, role?: boolean): HTMLSpanElement {
  return el('span', { part: role ? 'badge role-badge' : 'badge', class: role ? 'badge role' : 'badge' }, text);
}

/**
 * The permalink's accessible name: its date, read in full. A relative date ("3 days ago")
 * keeps its text first, so that a voice command naming what is seen still finds the link;
 * an absolute one is its own name (`undefined`: no label).
 */
export function permalinkLabel(t: CommentContext['strings'], text: string, full: string): string | undefined {
  return text === full ? undefined : t.permalinkLabel(text, full);
}

/**
 * Builds comment `context.comment`'s article.
 *
 * @param body The rendered body (`part="body"`), used unless an action replaces it.
 * @param time Its date, or `null` when it has none that can be read.
 */
export function buildComment(context: CommentContext, body: () => Node, time: ShownTime | null): BuiltComment {
  const { comment, node, state, strings: t, pending, deleted, actions, name, label } = context;
  const id = comment.id;
  const website = deleted ? undefined : comment.author?.website;
  const role = comment.author?.role;
  const parts = (hook: 'meta' | 'body' | 'actions' | 'after'): Node[] => {
    const out: Node[] = [];
    for (const action of actions) {
      const made: ActionNode = action[hook]?.(context);
      if (made) out.push(made);
    }
    return out;
  };
  const classes = ['comment', identiconClasses(deleted ? '' : (comment.author?.name ?? '')), pending && 'pending', deleted && 'deleted', state.highlighted && 'highlighted'];
  const timeElement = time && el('time', { part: 'time', datetime: time.iso }, time.text);
  const replaced = deleted ? [] : parts('body');
  const article = el(
    'article',
    { part: 'comment', id: `${COMMENT_ID_PREFIX}${id}`, tabindex: '-1', class: classes.filter(Boolean).join(' '), 'aria-label': label },
    // `dir="auto"`: a name or body in another script than the page's reads in its own direction.
    isHttpUrl(website) ? el('a', { part: 'author', class: 'author', dir: 'auto', href: website, rel: LINK_REL }, name) : el('span', { part: 'author', class: 'author', dir: 'auto' }, name),
    timeElement &&
      el(
        'a',
        { part: 'permalink', class: 'permalink', href: `#${COMMENT_ID_PREFIX}${encodeURIComponent(id)}`, 'aria-label': permalinkLabel(t, time.text, time.full) },
        timeElement,
      ),
    // A reply lifted above its real depth links to the comment it answers.
    node.replyTo &&
      el(
        'a',
        { part: 'replying-to', class: 'replying-to', href: `#${COMMENT_ID_PREFIX}${encodeURIComponent(node.replyTo.id)}` },
        node.replyTo.status === 'deleted' ? t.replyingToDeleted : t.replyingTo(node.replyTo.author?.name?.trim() || t.anonymous),
      ),
    pending && badge(t.posting),
    !deleted && !!comment.updatedAt && badge(t.edited),
    comment.status === 'pending' && badge(t.awaitingModeration),
    // A verified role, which only the store can grant (never a name): "Author". Any other value, none.
    !deleted && role === 'author' && badge(t.roleAuthor, true),
    !deleted && role === 'moderator' && badge(t.roleModerator, true),
    !deleted && comment.pinned === true && el('span', { part: 'badge pinned-badge', class: 'badge pinned' }, t.pinned),
  );
  article.append(
    ...parts('meta'),
    deleted ? el('div', { part: 'body', class: 'body deleted-note' }, t.deleted) : (replaced[0] ?? body()),
    ...parts('actions'),
  );
  if (state.error) article.append(el('p', { part: 'form-error', class: 'action-error', role: 'alert' }, state.error));
  return { article, time: timeElement || null, after: parts('after')[0] ?? null };
}
