/**
 * Reading export files: bytes to text in the encoding the XML declaration names (old
 * WordPress exports are often ISO-8859-1 or windows-1252), then to objects.
 *
 * @module
 */
import { XMLParser } from 'fast-xml-parser';

/** Decodes an XML file's bytes: BOM first, then the declared encoding, else UTF-8. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ?? 'utf-8';
  let decoder;
  try {
    decoder = new TextDecoder(declared.toLowerCase());
  } catch {
    throw new Error(`The file declares the encoding "${declared}", which this server cannot read.`);
  }
  return decoder.decode(bytes);
}

/** Elements that may repeat in WXR and Disqus files: always arrays. */
const REPEATING = new Set(['item', 'comment', 'post', 'thread', 'category']);

/** Parses XML into plain objects: namespaces dropped, attributes as `@_name`, text as strings. */
export function parseXml(text: string): Record<string, unknown> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => REPEATING.has(name),
  });
  return parser.parse(text, true) as Record<string, unknown>;
}

/** The text of an element that may be absent, a string, or an object with `#text`. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && '#text' in (value as object)) return textOf((value as Record<string, unknown>)['#text']);
  return '';
}

/** Elements as an array, whatever the parser made of one or none. */
export function listOf(value: unknown): Array<Record<string, unknown>> {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
}
