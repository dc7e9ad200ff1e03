// Export files in the encoding they declare, and files that lie about it: the real CLI refuses
// bytes that are not in the declared encoding, naming the first bad one by byte offset, line
// and column, and stores nothing; files in ISO-8859-1, windows-1252, UTF-8 with a byte order
// mark and UTF-16 come across as written; broken XML is refused with its line and column.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BACKENDS, freshDatabase, request, runCli, startServer } from './helpers.mjs';

const fixture = (name) => resolve(import.meta.dirname, 'fixtures', name);

/** A WXR file's text with these `<wp:comment>` bodies (already XML) in one post at `/enc/`. */
const wxr = (declaration, comments) =>
  `${declaration}
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<item><link>https://blog.example/enc/</link><wp:post_id>1</wp:post_id>
${comments.join('\n')}
</item>
</channel>
</rss>
`;
const comment = (id, author, content) =>
  `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author>${author}</wp:comment_author><wp:comment_date_gmt>2024-01-0${(id % 9) + 1} 10:00:00</wp:comment_date_gmt><wp:comment_content>${content}</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>`;

/** Where byte `offset` of `bytes` is as an editor shows it: 1-based line and column (in characters). */
function position(bytes, offset) {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const line = before.toString('latin1').split('\n').length;
  const column = [...before.subarray(lineStart).toString('utf8')].length + 1;
  return { line, column };
}

for (const kind of BACKENDS) {
  describe(`import encodings on ${kind}`, () => {
    let scratch;
    const databases = [];
    const fresh = async () => {
      const db = await freshDatabase(kind);
      databases.push(db);
      return db;
    };
    const stored = async (db) => {
      const { code, stdout, stderr } = await runCli(['export', '--db', db.url]);
      assert.equal(code, 0, stderr);
      return JSON.parse(stdout).comments;
    };
    before(() => {
      scratch = mkdtempSync(join(tmpdir(), 'ct-encoding-'));
    });
    after(async () => {
      for (const db of databases) await db.drop();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('refuses Latin-1 bytes declared as UTF-8, naming the first bad byte, and stores nothing', async () => {
      const bytes = readFileSync(fixture('wordpress-latin1.xml'));
      const file = join(scratch, 'lying.xml');
      writeFileSync(file, Buffer.from(bytes.toString('latin1').replace('ISO-8859-1', 'UTF-8'), 'latin1'));
      const db = await fresh();
      const { code, stdout, stderr } = await runCli(['import', '--format', 'wordpress', file, '--db', db.url]);
      assert.equal(code, 2, stdout);
      // "Café" on line 5: the é is byte 0xE9, which starts no UTF-8 character followed by " s".
      assert.match(stderr, /lying\.xml: byte offset 137 \(line 5, column 15\) is not valid UTF-8: the file declares encoding="UTF-8"\./);
      assert.match(stderr, /encoding="windows-1252"/, 'and says how to declare what it probably is');
      assert.deepEqual(await stored(db), []);
    });

    it('finds the bad byte far into the file, past characters split between chunks', async () => {
      // 3,000 comments of multi-byte text (the reader takes 64 KiB chunks), then one Latin-1 byte.
      const good = Array.from({ length: 3000 }, (_, i) => comment(i + 1, 'Zoë', `Grüße aus Köln 😀 € ${i}`));
      const text = wxr('<?xml version="1.0" encoding="UTF-8"?>', [...good, comment(9999, 'Ren\u0000', 'caf\u0001 au lait')]);
      const bytes = Buffer.from(text, 'utf8');
      // Two stand-ins become the Latin-1 bytes of "é" (0xE9) in the name, and of "é" in the body.
      const at = bytes.indexOf(0x00);
      bytes[at] = 0xe9;
      bytes[bytes.indexOf(0x01)] = 0xe9;
      assert.ok(at > 4 * 65536, `the bad byte is at ${at}, past the first chunks`);
      const file = join(scratch, 'far.xml');
      writeFileSync(file, bytes);
      const db = await fresh();
      const { code, stderr } = await runCli(['import', '--format', 'wordpress', file, '--db', db.url]);
      assert.equal(code, 2);
      const { line, column } = position(bytes, at);
      assert.match(stderr, new RegExp(`byte offset ${at} \\(line ${line}, column ${column}\\) is not valid UTF-8`));
      assert.deepEqual(await stored(db), [], 'nothing from before the bad byte is stored either');
    });

    it('refuses a file that ends in the middle of a character', async () => {
      const bytes = Buffer.concat([Buffer.from(wxr('<?xml version="1.0"?>', [comment(1, 'Ann', 'Hi')]), 'utf8'), Buffer.from([0xe2, 0x82])]);
      const file = join(scratch, 'cut.xml');
      writeFileSync(file, bytes);
      const db = await fresh();
      const { code, stderr } = await runCli(['import', '--format', 'wordpress', file, '--db', db.url]);
      assert.equal(code, 2);
      const { line, column } = position(bytes, bytes.length - 2);
      assert.match(
        stderr,
        new RegExp(`byte offset ${bytes.length - 2} \\(line ${line}, column ${column}\\) starts a character that the file ends in the middle of: the file declares no encoding, so it must be UTF-8`),
      );
    });

    it('reads ISO-8859-1, windows-1252, UTF-8 with a byte order mark and UTF-16 as written', async () => {
      const files = {
        'latin1.xml': readFileSync(fixture('wordpress-latin1.xml')),
        // windows-1252: curly quotes (0x93 0x94), the euro sign (0x80), an en dash (0x96).
        'cp1252.xml': Buffer.from(wxr('<?xml version="1.0" encoding="windows-1252"?>', [comment(1, 'J\u00f6rg', '\u0093Quoted\u0094 \u0080 5 \u0096 ok')]), 'latin1'),
        'bom.xml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(wxr('<?xml version="1.0" encoding="UTF-8"?>', [comment(2, 'Ørjan', 'Smørbrød 😀')]), 'utf8')]),
        'utf16.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(wxr('<?xml version="1.0" encoding="UTF-16"?>', [comment(3, 'Ἀθηνᾶ', 'Καλημέρα')]), 'utf16le')]),
      };
      const db = await fresh();
      for (const [name, bytes] of Object.entries(files)) {
        const file = join(scratch, name);
        writeFileSync(file, bytes);
        const { code, stdout, stderr } = await runCli(['import', '--format', 'wordpress', file, '--db', db.url]);
        assert.equal(code, 0, `${name}: ${stderr}`);
        assert.match(stdout, /^Imported 1 of 1 comment /, name);
      }
      const comments = Object.fromEntries((await stored(db)).map((c) => [c.id, [c.author.name, c.body]]));
      assert.deepEqual(comments, {
        'wp-301': ['Renée Müller', 'Schöne Grüße aus Köln – £ and ½ a crème brûlée.'],
        'wp-1': ['Jörg', '“Quoted” € 5 – ok'],
        'wp-2': ['Ørjan', 'Smørbrød 😀'],
        'wp-3': ['Ἀθηνᾶ', 'Καλημέρα'],
      });
    });

    it('refuses broken XML with its line and column, and stores nothing', async () => {
      const text = wxr('<?xml version="1.0" encoding="UTF-8"?>', [comment(1, 'Ann', 'fine'), comment(2, 'Bo', '<![CDATA[unclosed]]>').replace('</wp:comment_author>', '</wp:comment_autor>')]);
      const file = join(scratch, 'broken.xml');
      writeFileSync(file, text);
      const line = text.split('\n').findIndex((l) => l.includes('comment_autor')) + 1;
      const db = await fresh();
      const { code, stderr } = await runCli(['import', '--format', 'wordpress', file, '--db', db.url]);
      assert.equal(code, 2);
      assert.match(stderr, new RegExp(`broken\\.xml: line ${line}, column \\d+: unexpected close tag\\.`));
      assert.deepEqual(await stored(db), []);
    });

    it('decodes HTML entities written outside CDATA, as some exporters write them', async () => {
      const file = join(scratch, 'entities.xml');
      writeFileSync(file, wxr('<?xml version="1.0" encoding="UTF-8"?>', [comment(1, 'Bj&ouml;rn &amp; Co', 'caf&eacute; &rarr; &lt;b&gt;bold&lt;/b&gt; &#x2014; &#8230;')]));
      const db = await fresh();
      const { code, stderr } = await runCli(['import', '--format', 'wordpress', file, '--db', db.url]);
      assert.equal(code, 0, stderr);
      const server = await startServer(['--db', db.url]);
      try {
        const [only] = (await request(`${server.url}/api/comments?thread=%2Fenc%2F`)).body.comments;
        assert.equal(only.author.name, 'Björn & Co');
        assert.equal(only.body, 'café → **bold** — …');
      } finally {
        await server.stop();
      }
    });
  });
}
