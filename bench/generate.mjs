/**
 * Deterministic synthetic threads for the benchmarks: the same seed and size always give the
 * same comments (ids, authors, bodies, nesting, dates).
 */

/** mulberry32: a tiny 32-bit seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AUTHORS = [
  'Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth',
  'Margaret Hamilton', 'Ken Thompson', 'Frances Allen', 'John McCarthy', 'Radia Perlman', 'Tim Berners-Lee',
  'Hedy Lamarr', 'Niklaus Wirth', 'Shafi Goldwasser', 'Leslie Lamport', 'Sophie Wilson', 'Bjarne Stroustrup',
  'Karen Spärck Jones', 'Linus Torvalds', 'Adele Goldberg', 'Guido van Rossum', 'Jean Sammet', 'Dennis Ritchie',
];

const WORDS = (
  'the a this that it we you they article point idea thread page post comment argument example reason ' +
  'browser server cache render layout paint memory network latency request response version release ' +
  'really quite very mostly probably certainly clearly honestly actually simply rather fairly ' +
  'think agree disagree wonder suspect noticed tried measured found expected missed liked read wrote ' +
  'interesting useful confusing surprising obvious subtle important minor tricky elegant slow fast ' +
  'about with without because although when while after before since until and but or so yet ' +
  'performance accessibility security privacy design tradeoff benchmark default option setting feature'
).split(' ');

const CODE = ['npm install', 'content-visibility: auto', 'requestAnimationFrame()', 'Array.prototype.at', 'git rebase -i', 'structuredClone'];
const SLUGS = ['docs', 'blog/2024/notes', 'guide/setup', 'issues/42', 'posts/why-not', 'reference/api'];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function sentence(rand, words) {
  const out = [];
  for (let i = 0; i < words; i++) {
    let w = pick(rand, WORDS);
    const r = rand();
    if (r < 0.05) w = `*${w}*`;
    else if (r < 0.08) w = `**${w}**`;
    out.push(w);
  }
  out[0] = out[0].replace(/^([*]*)(.)/, (_, s, c) => s + c.toUpperCase());
  return `${out.join(' ')}${pick(rand, ['.', '.', '.', '?', '!'])}`;
}

/** A Markdown body of about 450 characters. */
function body(rand) {
  const target = 290 + Math.floor(rand() * 110);
  const parts = [];
  let length = 0;
  let para = [];
  while (length < target) {
    const s = sentence(rand, 6 + Math.floor(rand() * 10));
    para.push(s);
    length += s.length + 1;
    if (para.length >= 3 && rand() < 0.4) {
      parts.push(para.join(' '));
      para = [];
    }
  }
  if (para.length) parts.push(para.join(' '));
  // A link in most comments.
  if (rand() < 0.7) {
    const i = Math.floor(rand() * parts.length);
    parts[i] += ` See [this note](https://example.com/${pick(rand, SLUGS)}) for details.`;
  }
  if (rand() < 0.3) {
    const i = Math.floor(rand() * parts.length);
    parts[i] += ` Try \`${pick(rand, CODE)}\` first.`;
  }
  if (rand() < 0.15) {
    const items = 2 + Math.floor(rand() * 3);
    const list = [];
    for (let i = 0; i < items; i++) list.push(`- ${sentence(rand, 3 + Math.floor(rand() * 4))}`);
    parts.push(list.join('\n'));
  }
  return parts.join('\n\n');
}

/**
 * N comments of one thread, oldest first: about 30% are replies (to a random earlier comment
 * whose depth is below `maxDepth`), nesting up to `maxDepth` levels.
 *
 * @param {{ n: number, seed?: number, threadId?: string, maxDepth?: number }} options
 * @returns {import('../src/adapters/storage-adapter.js').Comment[]}
 */
export function generateThread({ n, seed = 1, threadId = 'bench', maxDepth = 5 }) {
  const rand = mulberry32(seed);
  const comments = [];
  const depth = [];
  let time = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    time += 1000 + Math.floor(rand() * 3_600_000);
    let parentIndex = -1;
    if (i > 0 && rand() < 0.3) {
      // Prefer recent comments, as real conversations do.
      for (let tries = 0; tries < 8; tries++) {
        const candidate = Math.max(0, i - 1 - Math.floor(rand() * Math.min(i, 50)));
        if (depth[candidate] < maxDepth) {
          parentIndex = candidate;
          break;
        }
      }
    }
    depth.push(parentIndex < 0 ? 1 : depth[parentIndex] + 1);
    const name = pick(rand, AUTHORS);
    const author = rand() < 0.2 ? { name, website: `https://example.com/~${name.split(' ')[0].toLowerCase()}` } : { name };
    comments.push({
      id: `c${i + 1}`,
      threadId,
      parentId: parentIndex < 0 ? null : `c${parentIndex + 1}`,
      author,
      body: body(rand),
      createdAt: new Date(time).toISOString(),
      status: 'published',
    });
  }
  return comments;
}
