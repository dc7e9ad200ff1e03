// HTTP benchmark page: the naive baseline <naive-thread> (bench/baseline/naive-thread.ts) fed
// from the comment server's JSON API, the obvious way: read every page (100 top-level comments
// with all their replies each, following `nextCursor`), then hand the whole array to the element.
import '../baseline/naive-thread.ts';

const THREAD_ID = 'bench';

async function load() {
  const host = document.querySelector('naive-thread');
  const comments = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ thread: THREAD_ID, limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const response = await fetch(`/api/comments?${query}`);
    if (!response.ok) throw new Error(`GET /api/comments answered ${response.status}`);
    const page = await response.json();
    comments.push(...page.comments);
    cursor = page.nextCursor;
  } while (cursor);
  host.comments = comments;
}

load();
