/**
 * How author names are compared when a guest's name is checked against the names verified
 * authors use (`CommentStore.isVerifiedName`): two names are the same name when their
 * {@link nameKey}s are equal, so "Ken Cochrum", "ken  cochrum", "ＫＥＮ ＣＯＣＨＲＵＭ" and
 * "Ken\u200b Cochrum" (with a zero-width space) all name the same person.
 *
 * This catches the easy impersonations (case, spacing, compatibility forms such as full-width
 * letters, invisible characters); it does not map look-alike letters of other scripts (a
 * Cyrillic "а" for a Latin "a").
 *
 * @module
 */

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const SPACES = /\s+/gu;

/**
 * The name in one canonical form: Unicode NFKC, case-folded (upper then lower case, in the
 * root locale, so that "ß" and "SS" fold alike), NFKC again (case mapping may undo it),
 * without default-ignorable characters (zero-width spaces and joiners, soft hyphens, bidi
 * controls, variation selectors), whitespace runs made one space, trimmed.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLocaleUpperCase('und')
    .toLocaleLowerCase('und')
    .normalize('NFKC')
    .replace(IGNORABLE, '')
    .replace(SPACES, ' ')
    .trim();
}

/** The ids of the `rows` whose author name is `name`, as {@link nameKey} compares names; none for an empty name. */
export function idsNamed(rows: Iterable<{ id: string; author_name: string }>, name: string): string[] {
  const key = nameKey(name);
  if (key === '') return [];
  const ids: string[] = [];
  for (const row of rows) if (nameKey(row.author_name) === key) ids.push(row.id);
  return ids;
}

/** Whether `name` is, as {@link nameKey} compares names, one of `verified`; never for an empty name. */
export function isNameAmong(name: string, verified: Iterable<string>): boolean {
  const key = nameKey(name);
  if (key === '') return false;
  for (const other of verified) if (nameKey(other) === key) return true;
  return false;
}
