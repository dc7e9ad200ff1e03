import type { AdapterErrorCode } from '../adapters/storage-adapter.js';
import { formatNumber, plural } from './plural.js';

/**
 * English, the typed source of truth for every string the widget shows. A translation is an
 * object of the same type (see `de.ts`); a page can also override single strings through the
 * `strings` property. Functions receive the locale so they can format numbers and plurals.
 */
export const en = {
  commentCount: (count: number, locale: string) => plural(locale, count, { one: '# comment', other: '# comments' }),
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
  storedInMemory: 'Comments here are kept in memory only and disappear when the page is reloaded.',
  corruptSkipped: 'Some saved comments could not be read and were skipped; the others are shown.',
  anonymous: 'Anonymous',
  replyingTo: (name: string) => `replying to ${name}`,
  posting: 'posting…',
  awaitingModeration: 'awaiting moderation',
  deleted: 'This comment was deleted.',
  reply: 'Reply',
  replyTo: (name: string) => `Reply to ${name}`,
  leaveReply: 'Leave a reply',
  jumpToForm: 'Write a comment',
  nameLabel: 'Name',
  namePlaceholder: 'Anonymous',
  websiteLabel: 'Website (optional)',
  bodyLabel: 'Comment',
  bodyHint: 'Markdown works: **bold**, _italic_, `code`, [links](https://example.com), > quotes and lists.',
  characterCount: (used: number, max: number, locale: string) => `${formatNumber(locale, used)} / ${formatNumber(locale, max)}`,
  remember: 'Remember my name and website in this browser',
  submit: 'Post comment',
  submitReply: 'Post reply',
  submitting: 'Posting…',
  cancel: 'Cancel',
  shortcutHint: 'Ctrl+Enter to post',
  draftRestored: 'Your unsent draft was restored.',
  bodyEmpty: 'Write something before posting.',
  bodyTooLong: (over: number, locale: string) =>
    plural(locale, over, { one: 'Your comment is # character too long.', other: 'Your comment is # characters too long.' }),
  nameTooLong: (max: number) => `Names can be at most ${max} characters long.`,
  websiteInvalid: 'Enter a web address such as https://example.com.',
  posted: 'Your comment was posted.',
  postFailed: 'Your comment could not be posted.',
  edit: 'Edit',
  editLabel: 'Edit your comment',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Your comment was changed.',
  editFailed: 'Your change could not be saved.',
  edited: 'edited',
  remove: 'Delete',
  removeConfirm: 'Delete this comment?',
  removeKeep: 'Keep it',
  removed: 'Your comment was deleted.',
  removeFailed: 'Your comment could not be deleted.',
  newComments: (count: number, locale: string) =>
    plural(locale, count, { one: 'One new comment.', other: '# new comments.' }),
  errors: {
    network: 'The comment service could not be reached. Check your connection.',
    timeout: 'The comment service took too long to answer.',
    'rate-limited': 'Too many comments in a short time. Wait a moment before trying again.',
    invalid: 'The comment service did not accept this comment.',
    forbidden: 'You are not allowed to do this.',
    'not-found': 'This comment or thread no longer exists.',
    conflict: 'Someone changed this at the same time. Reload and try again.',
    unavailable: 'The comment service is not available right now.',
    corrupt: 'Saved comments could not be read.',
  } satisfies Record<AdapterErrorCode, string>,
};

/** Every string of the widget; a translation implements all of it. */
export type CommentThreadStrings = typeof en;
