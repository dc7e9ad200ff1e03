// CI check: the XSS corpora vendored in test/fixtures/xss must be the same files, byte for byte,
// as the upstream copy in ../shared/corpora/xss when that folder sits beside the project.
// Without it (a plain clone) there is nothing to compare and the check says so.
// Exits 1 on any difference, listing every file that differs, is missing or is extra.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const vendored = join(root, 'test', 'fixtures', 'xss');
const upstream = join(root, '..', 'shared', 'corpora', 'xss');
const shown = (dir) => relative(root, dir) || '.';

/** Every file under `dir`, as paths relative to it (sorted). */
function listFiles(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(prefix, entry.name);
      return entry.isDirectory() ? listFiles(dir, path) : [path];
    })
    .sort();
}

if (!existsSync(vendored) || !statSync(vendored).isDirectory()) {
  console.error(`check-corpus: ${shown(vendored)} is missing`);
  process.exit(1);
}
if (!existsSync(upstream)) {
  console.log(`check-corpus: no ${shown(upstream)} beside the project; nothing to compare ${shown(vendored)} with`);
  process.exit(0);
}

const ours = listFiles(vendored);
const theirs = listFiles(upstream);
const problems = [];
for (const file of theirs) if (!ours.includes(file)) problems.push(`missing in ${shown(vendored)}: ${file}`);
for (const file of ours) if (!theirs.includes(file)) problems.push(`not in ${shown(upstream)}: ${file}`);
for (const file of ours.filter((f) => theirs.includes(f))) {
  if (!readFileSync(join(vendored, file)).equals(readFileSync(join(upstream, file)))) problems.push(`differs: ${file}`);
}

if (problems.length) {
  console.error(`check-corpus: ${shown(vendored)} is not byte-equal to ${shown(upstream)}:`);
  for (const problem of problems) console.error(`  ${problem}`);
  console.error('Copy the upstream files over the vendored ones (never edit either to make a test pass).');
  process.exit(1);
}
console.log(`check-corpus: ${shown(vendored)} is byte-equal to ${shown(upstream)} (${ours.length} files)`);
