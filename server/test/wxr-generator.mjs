// Writes a large WordPress export (WXR 1.2) for the import's memory test: posts with threads
// of comments whose HTML is what WordPress stores (text with blank lines and single line
// breaks, links, entities, code, lists), from a fixed seed, so every run writes the same file.
//
//   node test/wxr-generator.mjs OUT.xml [MEGABYTES]     (default 200)
//
// `writeWxr(path, bytes)` returns { bytes, posts, comments, replies, byAuthor } as written
// (byAuthor: comments by the export's own user, who gets the verified role).
// The benchmark's seeded generator, so the file is the same on every run.
import { mulberry32 } from '../../bench/generate.mjs';
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const WORDS = (
  'the a bike ride route road hill wind rain coffee stop town map chain tyre brake gear light ' +
  'morning evening kilometre climb descent bridge river coast forest village cargo frame wheel ' +
  'spoke saddle bag tent camp ferry train station market bakery lunch water bottle pump tool'
).split(' ');

/** Writes the WXR file; returns what it holds. */
export function writeWxr(path, bytes) {
  const next = mulberry32(20240503);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const sentence = () => {
    const n = 6 + Math.floor(next() * 14);
    const words = Array.from({ length: n }, () => pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}${pick(['.', '.', '!', '?', '&hellip;'])}`;
  };
  const content = (i) => {
    const parts = [];
    const paragraphs = 1 + Math.floor(next() * 3);
    for (let p = 0; p < paragraphs; p++) {
      const lines = Array.from({ length: 1 + Math.floor(next() * 2) }, () => [sentence(), sentence()].join(' '));
      parts.push(lines.join('\n'));
    }
    switch (i % 7) {
      case 0:
        parts.push(`See <a href="https://en.wikipedia.org/wiki/Route_(${pick(WORDS)})" rel="nofollow">this page</a> &rarr; it helps.`);
        break;
      case 1:
        parts.push(`The log is in <code>C:\\Temp\\ride-${i}.log</code> &#8212; I didn&#8217;t look yet.`);
        break;
      case 2:
        parts.push(`<ol>\n<li>${sentence()}</li>\n<li>${sentence()}\n<ul>\n<li>${sentence()}</li>\n</ul>\n</li>\n</ol>`);
        break;
      case 3:
        parts.push(`<blockquote>${sentence()}</blockquote>\n<strong>${pick(WORDS)}</strong> &amp; <em>${pick(WORDS)}</em>`);
        break;
      default:
        break;
    }
    return parts.join('\n\n');
  };

  const fd = openSync(path, 'w');
  let buffer = '';
  let written = 0;
  const write = (text) => {
    buffer += text;
    if (buffer.length > 1 << 20) flush();
  };
  const flush = () => {
    const chunk = Buffer.from(buffer, 'utf8');
    writeSync(fd, chunk);
    written += chunk.length;
    buffer = '';
  };
  write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<title>A generated cycling blog</title>
\t<link>https://big.example</link>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_display_name><![CDATA[The Author]]></wp:author_display_name></wp:author>
`);
  let posts = 0;
  let comments = 0;
  let replies = 0;
  let byAuthorCount = 0;
  let commentId = 1;
  const start = Date.UTC(2008, 0, 1) / 1000;
  while (written + buffer.length < bytes) {
    posts++;
    const postId = posts;
    write(`\t<item>
\t\t<title>Post ${postId}</title>
\t\t<link>https://big.example/${2008 + (postId % 16)}/post-${postId}/</link>
\t\t<dc:creator><![CDATA[admin]]></dc:creator>
\t\t<content:encoded><![CDATA[<p>${sentence()}</p>]]></content:encoded>
\t\t<wp:post_id>${postId}</wp:post_id>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
\t\t<wp:status><![CDATA[publish]]></wp:status>
`);
    const count = Math.floor(next() * 40);
    const ids = [];
    let time = start + postId * 3600;
    for (let c = 0; c < count; c++) {
      const id = commentId++;
      const parent = ids.length > 0 && next() < 0.4 ? pick(ids) : 0;
      if (parent) replies++;
      ids.push(id);
      comments++;
      time += 60 + Math.floor(next() * 86400);
      const date = new Date(time * 1000).toISOString().slice(0, 19).replace('T', ' ');
      const byAuthor = parent !== 0 && next() < 0.2;
      if (byAuthor) byAuthorCount++;
      write(`\t\t<wp:comment>
\t\t\t<wp:comment_id>${id}</wp:comment_id>
\t\t\t<wp:comment_author><![CDATA[${byAuthor ? 'The Author' : `Reader ${id % 997}`}]]></wp:comment_author>
\t\t\t<wp:comment_author_email><![CDATA[reader${id % 997}@example.com]]></wp:comment_author_email>
\t\t\t<wp:comment_author_url>https://reader${id % 997}.example/</wp:comment_author_url>
\t\t\t<wp:comment_author_IP><![CDATA[192.0.2.${id % 250}]]></wp:comment_author_IP>
\t\t\t<wp:comment_date><![CDATA[${date}]]></wp:comment_date>
\t\t\t<wp:comment_date_gmt><![CDATA[${date}]]></wp:comment_date_gmt>
\t\t\t<wp:comment_content><![CDATA[${content(id)}]]></wp:comment_content>
\t\t\t<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>
\t\t\t<wp:comment_parent>${parent}</wp:comment_parent>
\t\t\t<wp:comment_user_id>${byAuthor ? 1 : 0}</wp:comment_user_id>
\t\t</wp:comment>
`);
    }
    write('\t</item>\n');
  }
  write('</channel>\n</rss>\n');
  flush();
  closeSync(fd);
  return { bytes: written, posts, comments, replies, byAuthor: byAuthorCount };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [out, megabytes = '200'] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node test/wxr-generator.mjs OUT.xml [MEGABYTES]');
    process.exit(2);
  }
  const started = performance.now();
  const result = writeWxr(out, Number(megabytes) * 1e6);
  console.log(JSON.stringify({ ...result, seconds: +((performance.now() - started) / 1000).toFixed(1) }));
}
