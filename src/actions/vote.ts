/**
 * Votes: an upvote button, the score, and where the site allows it (`votes="up-down"`) a
 * downvote button, on each published comment of an adapter that votes. The buttons are
 * toggles (`aria-pressed`): pressing the pressed one withdraws the vote. The read path holds
 * only the buttons; casting the vote (`write/actions/vote.ts`) comes with the write path.
 *
 * @module
 */
import { formatNumber } from '../i18n/plural.js';
import { el } from '../render/dom.js';
import type { CommentAction } from './types.js';

export const vote: CommentAction = {
  name: 'vote',

  actions({ comment, votes, pending, deleted, strings: t, locale, label }) {
    if (votes === 'off' || pending || deleted || comment.status === 'pending') return null;
    const score = comment.score ?? 0;
    const button = (direction: 'up' | 'down', pressed: boolean, name: string, glyph: string) =>
      el('button', { type: 'button', part: `vote-button ${direction}vote`, class: 'link vote', 'data-action': `vote:${direction}`, 'aria-pressed': String(pressed), 'aria-label': name }, glyph);
    return el(
      'span',
      { part: 'votes', class: 'votes', role: 'group', 'aria-label': t.score(score, locale) },
      button('up', comment.myVote === 1, t.upvote(label), '▲'),
      // The group's name says the score; the number is for the eye.
      el('span', { part: 'score', class: 'score', 'aria-hidden': 'true' }, formatNumber(locale, score)),
      votes === 'up-down' && button('down', comment.myVote === -1, t.downvote(label), '▼'),
    );
  },

  preload: (host) => host.write(),
};
