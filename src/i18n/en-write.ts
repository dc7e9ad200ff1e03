import { formatNumber, plural } from './plural.js';

/**
 * English strings of the write path: the forms, their validation, and what posting, editing
 * and deleting say. Loaded with the write path (see `en-read.ts` for the rest).
 */
export const enWrite = {
  nameLabel: 'Name',
  namePlaceholder: 'Anonymous',
  websiteLabel: 'Website (optional)',
  bodyLabel: 'Comment',
  bodyHint: 'Markdown works: **bold**, _italic_, `code`, [links](https://example.com), > quotes and lists.',
  characterCount: (used: number, max: number, locale: string) => `${formatNumber(locale, used)} / ${formatNumber(locale, max)}`,
  remember: 'Remember my name and website in this browser',
  honeypotLabel: 'Leave this field empty',
  submit: 'Post comment',
  submitReply: 'Post reply',
  submitting: 'Posting…',
  cancel: 'Cancel',
  shortcutHint: 'Ctrl+Enter to post',
  shortcutSave: 'Ctrl+Enter to save',
  draftRestored: 'Your unsent draft was restored.',
  bodyEmpty: 'Write something before posting.',
  bodyEmptyEdit: 'Write something before saving. To remove the comment, use Delete.',
  bodyTooLong: (over: number, locale: string) =>
    plural(locale, over, { one: 'Your comment is # character too long.', other: 'Your comment is # characters too long.' }),
  nameTooLong: (max: number) => `Names can be at most ${max} characters long.`,
  websiteInvalid: 'Enter a web address such as https://example.com.',
  posted: 'Your comment was posted.',
  postFailed: 'Your comment could not be posted.',
  editLabel: 'Edit your comment',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Your comment was changed.',
  editFailed: 'Your change could not be saved.',
  removed: 'Your comment was deleted.',
  removeFailed: 'Your comment could not be deleted.',
};

/** The write path's strings. */
export type WriteStrings = typeof enWrite;
