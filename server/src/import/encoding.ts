/**
 * The text of an export file, decoded as it streams in: the encoding comes from a byte order
 * mark, else from the XML declaration (old WordPress exports are often ISO-8859-1 or
 * windows-1252), else it is UTF-8. Decoding is strict (`TextDecoder` with `fatal: true`): a
 * file whose bytes do not match its encoding (a declaration of UTF-8 on Latin-1 bytes) is
 * refused with the place of the first bad byte, never read as mangled text.
 *
 * @module
 */

/** A file's bytes that are not in the encoding it declares. */
export class EncodingError extends Error {}

/** What the first bytes of a file say about its encoding. */
export interface SniffedEncoding {
  /** A WHATWG encoding label `TextDecoder` takes. */
  encoding: string;
  /** The encoding as the file names it, or null when it names none. */
  declared: string | null;
  /** Bytes of byte order mark to skip. */
  skip: number;
}

/** Reads the byte order mark or the XML declaration from the first bytes of a file. */
export function sniffEncoding(head: Uint8Array): SniffedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', declared: null, skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', declared: null, skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', declared: null, skip: 2 };
  // The declaration is ASCII in every encoding an XML file without a byte order mark may use.
  const start = new TextDecoder('latin1').decode(head.subarray(0, 1024));
  const declared = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(start)?.[1] ?? null;
  return { encoding: (declared ?? 'utf-8').toLowerCase(), declared, skip: 0 };
}

/** The number of characters (code points) in `text`. */
function characters(text: string): number {
  let surrogates = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) surrogates++;
  }
  return text.length - surrogates;
}

/**
 * Decodes a file chunk by chunk, strictly, and knows where it is: the byte offset, line and
 * column of what it decodes next, so that a bad byte is reported where an editor shows it.
 */
export class StreamDecoder {
  readonly encoding: string;
  readonly declared: string | null;
  private readonly decoder: InstanceType<typeof TextDecoder>;
  /** Bytes of the file before the chunk being decoded. */
  private offset: number;
  /** Line and column (1-based, in characters) of the next character. */
  private line = 1;
  private column = 1;
  /** The last bytes of the previous chunk: a character may start there. */
  private tail = new Uint8Array(0);

  constructor(sniffed: SniffedEncoding) {
    this.encoding = sniffed.encoding;
    this.declared = sniffed.declared;
    this.offset = sniffed.skip;
    try {
      this.decoder = new TextDecoder(sniffed.encoding, { fatal: true, ignoreBOM: true });
    } catch {
      throw new EncodingError(`The file declares the encoding "${sniffed.declared}", which this server cannot read.`);
    }
  }

  /** Decodes the next chunk of bytes; a character split between chunks is completed by the next. */
  decode(chunk: Uint8Array): string {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw this.locate(chunk, false);
    }
    this.advance(text);
    this.offset += chunk.length;
    const keep = Math.min(3, chunk.length);
    const tail = new Uint8Array(Math.min(3, this.tail.length + keep));
    tail.set([...this.tail, ...chunk.subarray(chunk.length - keep)].slice(-tail.length));
    this.tail = tail;
    return text;
  }

  /** The end of the file: a character left incomplete there is an error too. */
  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw this.locate(new Uint8Array(0), true);
    }
  }

  private advance(text: string): void {
    let lines = 0;
    let last = -1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      lines++;
      last = i;
    }
    if (lines > 0) {
      this.line += lines;
      this.column = 1 + characters(text.slice(last + 1));
    } else {
      this.column += characters(text);
    }
  }

  /**
   * Finds the first bad byte of a chunk that failed to decode, with fresh decoders on prefixes
   * of the bytes from the character the previous chunk left unfinished: the shortest prefix
   * that fails ends where the decoder saw the error, and the bad sequence starts at the
   * longest prefix before that which decodes completely.
   */
  private locate(chunk: Uint8Array, atEnd: boolean): EncodingError {
    const pending = this.pendingBytes();
    const bytes = new Uint8Array(pending.length + chunk.length);
    bytes.set(pending);
    bytes.set(chunk, pending.length);
    const fails = (length: number, stream: boolean): boolean => {
      try {
        new TextDecoder(this.encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, length), { stream });
        return false;
      } catch {
        return true;
      }
    };
    let failing = bytes.length;
    if (!atEnd) {
      let low = 1;
      while (low < failing) {
        const middle = (low + failing) >>> 1;
        if (fails(middle, true)) failing = middle;
        else low = middle + 1;
      }
    }
    let start = atEnd ? failing : failing - 1;
    while (start > 0 && fails(start, false)) start--;
    const valid = new TextDecoder(this.encoding, { ignoreBOM: true }).decode(bytes.subarray(0, start));
    this.advance(valid);
    const offset = this.offset - pending.length + start;
    const name = this.encoding === 'utf-8' ? 'UTF-8' : this.encoding.toUpperCase();
    const where = `byte offset ${offset} (line ${this.line}, column ${this.column})`;
    const what = atEnd ? `${where} starts a character that the file ends in the middle of` : `${where} is not valid ${name}`;
    const why =
      this.declared === null
        ? 'the file declares no encoding, so it must be UTF-8'
        : `the file declares encoding="${this.declared}"`;
    const hint =
      this.encoding === 'utf-8'
        ? ' If it was saved as ISO-8859-1 or windows-1252, say so in its first line: <?xml version="1.0" encoding="windows-1252"?>'
        : '';
    return new EncodingError(`${what}: ${why}.${hint}`);
  }

  /** The bytes of a character the previous chunk started and did not finish (UTF-8 only). */
  private pendingBytes(): Uint8Array {
    if (this.encoding !== 'utf-8') return new Uint8Array(0);
    for (let i = this.tail.length - 1; i >= 0; i--) {
      const byte = this.tail[i]!;
      if (byte < 0x80) return new Uint8Array(0);
      if (byte >= 0xc0) {
        const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
        return length > this.tail.length - i ? this.tail.slice(i) : new Uint8Array(0);
      }
    }
    return new Uint8Array(0);
  }
}
