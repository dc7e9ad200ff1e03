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
  loading: 'Loading comments…',
  empty: 'No comments yet. Start the conversation!',
  loadFailed: 'Comments could not be loaded.',
  retry: 'Try again',
  showMore: 'Show more comments',
  storedInBrowser: 'Comments here are stored in this browser only: other visitors won’t see them, and clearing your browser data deletes them.',
  storedInMemory: 'Comments here are kept in memory only: reloading the page clears them.',
  corruptSkipped: 'Some saved comments could not be read and were skipped; the others are shown.',
  anonymous: 'Anonymous',
  replyingTo: (name: string) => `replying to ${name}`,
  replyingToDeleted: 'replying to a deleted comment',
  posting: 'posting…',
  awaitingModeration: 'awaiting moderation',
  roleAuthor: 'Author',
  roleModerator: 'Moderator',
  deleted: 'This comment was deleted.',
  deletedComment: 'Deleted comment',
  reply: 'Reply',
  replyTo: (name: string) => `Reply to ${name}`,
  leaveReply: 'Leave a reply',
  jumpToForm: 'Write a comment',
  edit: 'Edit',
  edited: 'edited',
  remove: 'Delete',
  removeConfirm: 'Delete this comment?',
  removeKeep: 'Keep it',
  newComments: (count: number, locale: string) =>
    plural(locale, count, { one: 'One new comment.', other: '# new comments.' }),
};

/** The read path's strings. */
export type ReadStrings = typeof enRead;
