import { plural } from './plural.js';

/**
 * English strings of the read path: everything a reader sees before writing anything (the
 * heading, states, comments, their buttons). The strings of the forms and of
 * writing (`en-write.ts`) load with the write path. `en.ts` joins both into `en`, the typed
 * source of truth for a translation.
 */
export const enRead = {
  commentCount: (count: number, locale: string) => plural(locale, count, { one: '# comment', other: '# comments' }),
  mentionCount: (count: number, locale: string) => plural(locale, count, { one: '# mention', other: '# mentions' }),
  /** The heading of the section of pingbacks, trackbacks and webmentions. */
  mentionsHeading: 'Trackbacks and pingbacks',
  heading: 'Comments',
  sortLabel: 'Sort',
  sortOldest: 'Oldest first',
  sortNewest: 'Newest first',
  sortTop: 'Top rated',
  /** The link to the thread's comment feed (Atom), where the store publishes one. */
  feed: 'Comments feed',
  loading: 'Loading comments…',
  empty: 'No comments yet. Start the conversation!',
  loadFailed: 'Comments could not be loaded.',
  retry: 'Try again',
  showMore: 'Show more comments',
  /** "Show more comments", when the adapter said how many there are. */
  showMoreCount: (count: number, locale: string) => plural(locale, count, { one: 'Show # more comment', other: 'Show # more comments' }),
  storedInBrowser: 'Comments here are stored in this browser only: other visitors won’t see them, and clearing your browser data deletes them.',
  storedInMemory: 'Comments here are kept in memory only: reloading the page clears them.',
  corruptSkipped: 'Some saved comments could not be read and were skipped; the others are shown.',
  anonymous: 'Anonymous',
  /**
   * A comment's accessible name, its author and date ("Vincent, 9 June 2010 at 14:05"): the
   * name of its `<article>`, and what tells its buttons from the next comment's.
   */
  commentLabel: (name: string, date: string) => `${name}, ${date}`,
  /** A permalink whose text is relative ("3 days ago") reads the date too. */
  permalinkLabel: (shown: string, date: string) => `${shown}, ${date}`,
  replyingTo: (name: string) => `replying to ${name}`,
  replyingToDeleted: 'replying to a deleted comment',
  posting: 'posting…',
  awaitingModeration: 'awaiting moderation',
  roleAuthor: 'Author',
  roleModerator: 'Moderator',
  pinned: 'Pinned',
  deleted: 'This comment was deleted.',
  deletedComment: 'Deleted comment',
  reply: 'Reply',
  /** Reply's accessible name; `label` is {@link commentLabel}'s. */
  replyTo: (label: string) => `Reply to ${label}`,
  leaveReply: 'Leave a reply',
  /** In place of the form, in a thread its site closed. */
  closed: 'Comments are closed.',
  jumpToForm: 'Write a comment',
  edit: 'Edit',
  editFor: (label: string) => `Edit comment by ${label}`,
  edited: 'edited',
  remove: 'Delete',
  removeFor: (label: string) => `Delete comment by ${label}`,
  upvote: (label: string) => `Upvote comment by ${label}`,
  downvote: (label: string) => `Downvote comment by ${label}`,
  /** The votes' group name, with the score. */
  score: (score: number, locale: string) => plural(locale, score, { one: '# point', other: '# points' }),
  hideReplies: (count: number, locale: string) => plural(locale, count, { one: 'Hide # reply', other: 'Hide # replies' }),
  showReplies: (count: number, locale: string) => plural(locale, count, { one: 'Show # reply', other: 'Show # replies' }),
  /** Ends the collapse button's name: whose replies. */
  repliesTo: (label: string) => ` to ${label}`,
  /** The button after the first few replies of a long sub-thread. */
  moreReplies: (count: number, locale: string) => plural(locale, count, { one: 'Show # more reply', other: 'Show # more replies' }),
  copyLink: 'Copy link',
  copyLinkFor: (label: string) => `Copy link to comment by ${label}`,
  linkCopied: 'Link copied.',
  copyByHand: (link: string) => `The link could not be copied. Copy it from here: ${link}`,
  /** The thread's button for comments from elsewhere, held until the reader asks. */
  showNewComments: (count: number, locale: string) => plural(locale, count, { one: 'Show # new comment', other: 'Show # new comments' }),
  /** A comment's button for replies from elsewhere. */
  showNewReplies: (count: number, locale: string) => plural(locale, count, { one: 'Show # new reply', other: 'Show # new replies' }),
  newComments: (count: number, locale: string) =>
    plural(locale, count, { one: 'One new comment.', other: '# new comments.' }),
};

/** The read path's strings. */
export type ReadStrings = typeof enRead;
