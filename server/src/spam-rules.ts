/**
 * The site's own rules against spam, without a third party: a comment with more links than
 * `--max-links` waits for a moderator; one that matches the review list waits too; one that
 * matches the block list is refused with a polite message (its text stays in the visitor's
 * form). Lists are files of one rule a line: a word or phrase (matched case-insensitively, as a
 * whole word), or a regular expression written `/pattern/flags`; `#` starts a comment line.
 *
 * A regular expression from a file can take exponential time on the wrong input (`(a+)+$`), so
 * every check runs in a `vm` context with a time limit ({@link TIME_LIMIT_MS}): a check that
 * runs out of time holds the comment for a moderator instead of blocking the server.
 *
 * @module
 */
import { createContext, Script } from 'node:vm';

/**
 * How long the rules may take for one comment, all lists together, in wall-clock time (what
 * `vm` measures). Sane lists take microseconds; the limit is for a rule that backtracks for
 * ever, and it is wide enough that a busy machine (a process not scheduled for tens of
 * milliseconds) does not hold innocent comments: 50 ms did, on a loaded 2-core machine.
 */
export const TIME_LIMIT_MS = 250;

/** What the rules say of a comment. */
export type Verdict =
  | { action: 'publish' }
  /** Held for a moderator: `reason` is for the server's log and the moderator, not the visitor. */
  | { action: 'review'; reason: string }
  /** Refused: `field` is where the rule matched (`body`, `author.name`, `author.website`). */
  | { action: 'block'; field: string };

/** A list of rules that failed to read: the file and line, and why. */
export class RuleError extends Error {
  override name = 'RuleError';
}

/** The rules of a site. */
export interface SpamRules {
  /** Links a comment may hold before it waits for a moderator; null: any number. */
  maxLinks: number | null;
  /** Rules whose match refuses a comment. */
  block: readonly RegExp[];
  /** Rules whose match holds a comment for a moderator. */
  review: readonly RegExp[];
}

/** No rules: every comment passes. */
export const NO_RULES: SpamRules = { maxLinks: null, block: [], review: [] };

/** Reads a list of rules (see the module); `source` names it in errors ("--block-words words.txt"). */
export function parseRules(text: string, source: string): RegExp[] {
  const rules: RegExp[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const written = /^\/(.+)\/([a-z]*)$/.exec(line);
    try {
      if (written) {
        const flags = written[2]!;
        if (/[gy]/.test(flags)) throw new Error('the flags g and y have no meaning here');
        rules.push(new RegExp(written[1]!, flags));
      } else {
        // A word or phrase: whole words, any case, its spaces matching any run of white space.
        const phrase = line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
        rules.push(new RegExp(`(?<![\\p{L}\\p{N}_])${phrase}(?![\\p{L}\\p{N}_])`, 'iu'));
      }
    } catch (error) {
      throw new RuleError(`${source}, line ${index + 1}: "${line.slice(0, 80)}" is not a rule: ${(error as Error).message}.`);
    }
  });
  return rules;
}

/** Links in a comment's body: http(s) addresses and `www.` ones, as the renderer links them. */
export function countLinks(body: string): number {
  return body.match(/\bhttps?:\/\/|(?<![\w.\/])www\./gi)?.length ?? 0;
}

/** The context the rules run in: nothing in it but what each check puts there. */
const sandbox = createContext({});
/** The check, compiled once: the first field a rule matches. */
const CHECK = new Script('(() => { for (const [field, text] of fields) for (const rule of rules) if (rule.test(text)) return field; return null; })()');

/**
 * The first field a rule of `rules` matches, or null; throws `ERR_SCRIPT_EXECUTION_TIMEOUT`
 * past the time left.
 */
function firstMatch(rules: readonly RegExp[], fields: ReadonlyArray<readonly [string, string]>, timeoutMs: number): string | null {
  if (rules.length === 0) return null;
  sandbox.rules = rules;
  sandbox.fields = fields;
  try {
    return CHECK.runInContext(sandbox, { timeout: Math.max(1, Math.round(timeoutMs)) }) as string | null;
  } finally {
    sandbox.rules = undefined;
    sandbox.fields = undefined;
  }
}

/** What the rules say of a comment: its body, and its author's name and website. */
export function judge(rules: SpamRules, comment: { body: string; authorName: string; authorWebsite: string | null }): Verdict {
  const fields: Array<[string, string]> = [
    ['body', comment.body],
    ['author.name', comment.authorName],
    ['author.website', comment.authorWebsite ?? ''],
  ];
  const started = performance.now();
  try {
    const blocked = firstMatch(rules.block, fields, TIME_LIMIT_MS);
    if (blocked) return { action: 'block', field: blocked };
    const reviewed = firstMatch(rules.review, fields, TIME_LIMIT_MS - (performance.now() - started));
    if (reviewed) return { action: 'review', reason: `the review list matched its ${reviewed}` };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    return { action: 'review', reason: `the word lists took longer than ${TIME_LIMIT_MS} ms on it` };
  }
  const links = countLinks(comment.body);
  if (rules.maxLinks !== null && links > rules.maxLinks) return { action: 'review', reason: `it has ${links} links (--max-links ${rules.maxLinks})` };
  return { action: 'publish' };
}

/** The visitor's message for a refused comment, by where the rule matched. */
export function blockedMessage(field: string): string {
  const what = field === 'body' ? 'your comment' : field === 'author.name' ? 'this name' : 'this website';
  return `Sorry, ${what} contains something this site does not accept, so it was not posted. Please rephrase it and post it again.`;
}
