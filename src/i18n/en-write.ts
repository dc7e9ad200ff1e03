import type { AdapterErrorCode } from '../adapters/storage-adapter.js';
import { formatNumber, plural } from './plural.js';

/**
 * English strings of the write path: the forms, their validation, what posting, editing
 * and deleting say, and the messages of failures. Loaded with the write path (see `en-read.ts` for the rest).
 */
export const enWrite = {
  /**
   * What a failure of each kind means, for an error that comes without a message of its own
   * (the built-in adapters always give one, so a failed first read needs none of these).
   */
  errors: {
    network: 'The comment service could not be reached. Check your connection.',
    timeout: 'The comment service took too long to answer.',
    'rate-limited': 'Too many comments in a short time. Wait a moment before trying again.',
    invalid: 'The comment service did not accept this comment.',
    forbidden: 'You are not allowed to do this.',
    closed: 'Comments are closed on this thread.',
    'not-found': 'This comment or thread no longer exists.',
    conflict: 'Someone changed this at the same time. Reload and try again.',
    unavailable: 'The comment service is not available right now.',
    corrupt: 'Saved comments could not be read.',
  } satisfies Record<AdapterErrorCode, string>,
  nameLabel: 'Name',
  namePlaceholder: 'Anonymous',
  websiteLabel: 'Website (optional)',
  bodyLabel: 'Comment',
  write: 'Write',
  preview: 'Preview',
  previewEmpty: 'Nothing to preview',
  /** Starts the formatting help under the body; the samples follow, each shown as code. */
  bodyHint: 'Markdown:',
  /** Markdown the renderer supports (`core/markdown.ts`), shown as typed; the last one opens {@link codeBlockHint}. */
  formatSamples: ['**bold**', '*italic*', '`code`', '[link](https://example.com)', '> quote', '- list', '1. list', '```'],
  codeBlockHint: 'on the lines before and after a code block',
  characterCount: (used: number, max: number, locale: string) => `${formatNumber(locale, used)} / ${formatNumber(locale, max)}`,
  remember: 'Remember my name and website in this browser',
  /** The optional address for mail about replies, where the store sends mail; its hint says what it is for. */
  emailLabel: 'E-mail (optional)',
  emailHint: 'Only for telling you of replies. Never shown, never shared.',
  notifyReplies: 'E-mail me when someone replies',
  emailNeeded: 'Enter your e-mail address to be told of replies.',
  emailInvalid: 'Enter an e-mail address such as name@example.com.',
  honeypotLabel: 'Leave this field empty',
  submit: 'Post comment',
  submitReply: 'Post reply',
  /** Delete's question, in place of the comment's buttons, and its button that keeps the comment. */
  removeConfirm: 'Delete this comment?',
  removeKeep: 'Keep it',
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
  /** The reader's post was stored but waits for a moderator. */
  postedHeld: 'Your comment was received and is held for moderation.',
  postFailed: 'Your comment could not be posted.',
  /** The section under the composer where a visitor downloads or deletes what they posted. */
  yourData: 'Your comments on this site',
  yourDataHelp: 'Download everything you posted and voted from this browser, or delete all of it. Replies others wrote stay, under a placeholder.',
  yourDataExport: 'Prepare a download',
  /** The link to the file, once prepared: how many comments and votes it holds. */
  yourDataFile: (comments: number, votes: number, locale: string) =>
    `Save my-comments.json (${plural(locale, comments, { one: '# comment', other: '# comments' })}, ${plural(locale, votes, { one: '# vote', other: '# votes' })})`,
  yourDataErase: 'Delete all of it…',
  yourDataConfirm: 'Delete everything you posted from this browser, on every page of this site, and withdraw your votes? This cannot be undone.',
  yourDataConfirmButton: 'Delete everything',
  yourDataKeep: 'Keep it',
  yourDataErased: (removed: number, placeholders: number, votes: number, locale: string) =>
    `Deleted: ${plural(locale, removed + placeholders, { one: '# comment', other: '# comments' })}${placeholders ? ` (${formatNumber(locale, placeholders)} kept as a placeholder for the replies to it)` : ''}, and ${plural(locale, votes, { one: '# vote withdrawn', other: '# votes withdrawn' })}.`,
  yourDataFailed: 'That did not work.',
  editLabel: 'Edit your comment',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Your comment was changed.',
  /** The reader's edit was stored but waits for a moderator. */
  savedHeld: 'Your change was received and is held for moderation.',
  editFailed: 'Your change could not be saved.',
  removed: 'Your comment was deleted.',
  removeFailed: 'Your comment could not be deleted.',
  voteFailed: 'Your vote could not be saved.',
};

/** The write path's strings. */
export type WriteStrings = typeof enWrite;
