/**
 * Checks a comment that comes from outside the widget (stored data, a server's answer) and
 * keeps only what the widget knows how to show: the boundary where data is validated. Both
 * built-in readers use it.
 *
 * @module
 */
import { LIMITS } from '../core/limits.js';
import { isHttpUrl } from '../core/http-url.js';
import { AdapterError, type AuthorRole, type Comment, type CommentKind, type CommentStatus, type ListResult } from './storage-adapter.js';

const STATUSES: readonly unknown[] = ['published', 'pending', 'deleted'] satisfies CommentStatus[];
const KINDS: readonly unknown[] = ['comment', 'pingback', 'trackback', 'webmention'] satisfies CommentKind[];
const ROLES: readonly unknown[] = ['author', 'moderator'] satisfies AuthorRole[];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Reads one stored entry as a comment of `threadId`, or returns `null` when it is not one (an
 * unknown `kind` included: it might be something that must not show as a comment). Returns a
 * fresh object with known fields only; drops a website that is not http(s), an unknown role,
 * aliases that are not strings, a score that is no whole number, a `myVote` other than 1 or -1
 * and a `pinned` other than `true` (false means what absent means). Never throws: an entry whose reading throws (a getter of
 * an adapter's object) is none.
 */
export function readComment(entry: unknown, threadId: string): Comment | null {
  try {
    return read(entry, threadId);
  } catch {
    return null;
  }
}

function read(entry: unknown, threadId: string): Comment | null {
  if (!isRecord(entry)) return null;
  const { id, parentId = null, author = {}, body, html, createdAt, updatedAt, status, score, myVote, pinned, kind, aliases } = entry;
  if (
    !isId(id) ||
    entry['threadId'] !== threadId ||
    (parentId !== null && !isId(parentId)) ||
    typeof body !== 'string' ||
    !isIsoDate(createdAt) ||
    !isRecord(author) ||
    (status !== undefined && !STATUSES.includes(status)) ||
    (kind !== undefined && !KINDS.includes(kind))
  ) {
    return null;
  }
  const { name = '', website, role } = author;
  if (typeof name !== 'string') return null;
  const comment: Comment = {
    id,
    threadId,
    parentId,
    author: isHttpUrl(website) && website.length <= LIMITS.websiteMax ? { name, website } : { name },
    body,
    createdAt,
  };
  if (ROLES.includes(role)) comment.author.role = role as AuthorRole;
  if (kind) comment.kind = kind as CommentKind;
  if (Array.isArray(aliases)) comment.aliases = aliases.filter(isId);
  // A rendering that is not a string is dropped: the body is rendered here instead.
  if (typeof html === 'string') comment.html = html;
  if (isIsoDate(updatedAt)) comment.updatedAt = updatedAt;
  if (status !== undefined) comment.status = status as CommentStatus;
  if (Number.isInteger(score)) comment.score = score as number;
  if (myVote === 1 || myVote === -1) comment.myVote = myVote;
  if (pinned === true) comment.pinned = pinned;
  return comment;
}


/**
 * Reads the one comment an adapter answered with (a write's result, a linked comment), as
 * {@link readComment} does.
 *
 * @throws {AdapterError} `corrupt` when it is no comment of `threadId`.
 */
export function readAnswer(answer: unknown, threadId: string): Comment {
  const comment = readComment(answer, threadId);
  if (!comment) throw corrupt('The answer could not be read.');
  return comment;
}

/** Whether `value` is a count: a number, not negative. */
const isCount = (value: unknown): value is number => typeof value === 'number' && value >= 0;

/** A `corrupt` error: data from outside that the widget cannot read. */
export const corrupt = (message: string): AdapterError => new AdapterError('corrupt', message);

/**
 * Reads an adapter's answer to `list` (any adapter's, a server's JSON included) as a page of
 * `threadId`: each comment checked with {@link readComment}, a cursor only when it is a string
 * that is not empty, counts only when they are numbers, `closed` only when it is true, warnings only when they are
 * AdapterErrors; entries that are no comment are skipped and reported in one more `corrupt`
 * warning. `warnings` is there only when there are some.
 *
 * @throws {AdapterError} `corrupt` when the answer is no list at all (no object, `comments` no
 * array, a getter that throws).
 */
export function readList(answer: unknown, threadId: string): ListResult {
  try {
    const { comments, nextCursor, total, mentions, closed, warnings } = answer as ListResult;
    if (Array.isArray(comments)) {
      const read = comments.map((entry) => readComment(entry, threadId)).filter((c): c is Comment => c !== null);
      const skipped = comments.length - read.length;
      const problems = Array.isArray(warnings) ? warnings.filter((w) => w instanceof AdapterError) : [];
      if (skipped) problems.push(corrupt(`Skipped ${skipped} comment${skipped > 1 ? 's' : ''} that could not be read.`));
      return {
        comments: read,
        nextCursor: isId(nextCursor) ? nextCursor : null,
        ...(isCount(total) && { total }),
        ...(isCount(mentions) && { mentions }),
        ...(closed === true && { closed }),
        ...(problems[0] && { warnings: problems }),
      };
    }
  } catch {
    // No list: below.
  }
  throw corrupt('The comments could not be read.');
}
