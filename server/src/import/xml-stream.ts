/**
 * Reading an export file as a stream of XML elements, in bounded memory: the file is read in
 * chunks, decoded strictly ({@link StreamDecoder}) and parsed with saxes, a streaming,
 * well-formedness-checking XML parser. Only the elements asked for are built, each as a small
 * tree handed over as soon as it closes, so memory holds one of them at a time (one WordPress
 * post with its comments, one Disqus post), whatever the size of the file.
 *
 * Names are local names: the prefix is dropped (`wp:comment` is `comment`, `dsq:id` is `id`),
 * since exports of different versions bind their prefixes to different namespace URIs.
 * Entities that XML does not define (`&rarr;`, as some exporters write them outside CDATA)
 * are kept as written, for the HTML decoding that follows; any other error in the XML stops
 * the reading with its line and column.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { SaxesParser } from 'saxes';
import { sniffEncoding, StreamDecoder } from './encoding.js';

/** An element as built for the reader: local names, attributes, text (with CDATA) and children. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA, in order (its children's text is theirs). */
  text: string;
}

/** An XML file that is not well-formed. */
export class XmlError extends Error {}

export interface StreamOptions {
  /** The root element the file must have (local name), and what to say when it has another. */
  root: string;
  notRoot: string;
  /**
   * Whether to build the element at this path of local names from the root (`['rss',
   * 'channel', 'item']`); an element inside a built one is part of it.
   */
  select(path: readonly string[]): boolean;
  /** Called with each built element once it closes, in file order; awaited. */
  element?(element: XmlElement, path: readonly string[]): void | Promise<void>;
  /** Called for every opening tag outside the built elements, and for each built one. */
  open?(path: readonly string[]): void;
  /** Called after each chunk with the bytes read so far. */
  progress?(bytes: number): void;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** The first bytes of a file, for its encoding. */
async function head(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = new Uint8Array(1024);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Reads the file at `path`, building and handing over the selected elements. */
export async function streamXml(path: string, options: StreamOptions): Promise<void> {
  const sniffed = sniffEncoding(await head(path));
  const decoder = new StreamDecoder(sniffed);
  const parser = new SaxesParser({ position: true });
  const path_: string[] = [];
  /** The elements being built, innermost last; empty outside a selected element. */
  const building: XmlElement[] = [];
  const done: Array<[XmlElement, string[]]> = [];
  let failure: Error | null = null;
  let sawRoot = false;

  parser.on('error', (error) => {
    // saxes reports, then goes on. An entity XML does not define is kept as written.
    if (/undefined entity/.test(error.message)) return;
    failure ??= new XmlError(`line ${parser.line}, column ${parser.column + 1}: ${error.message.replace(/^(?:.*?:)?\d+:\d+: /, '')}`);
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (!sawRoot) {
      sawRoot = true;
      if (name !== options.root) failure ??= new XmlError(options.notRoot);
    }
    path_.push(name);
    if (building.length > 0 || options.select(path_)) {
      const attributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(tag.attributes)) attributes[localName(key)] = value as string;
      const element: XmlElement = { name, attributes, children: [], text: '' };
      building.at(-1)?.children.push(element);
      building.push(element);
      if (building.length === 1) options.open?.(path_);
    } else {
      options.open?.(path_);
    }
  });
  const addText = (text: string): void => {
    const element = building.at(-1);
    if (element) element.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const element = building.pop();
    if (element && building.length === 0) done.push([element, [...path_]]);
    path_.pop();
  });

  const hand = async (): Promise<void> => {
    if (failure) throw failure;
    for (const [element, at] of done.splice(0)) await options.element?.(element, at);
  };
  let bytes = sniffed.skip;
  const stream = createReadStream(path, { start: sniffed.skip, highWaterMark: 1 << 16 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk));
    bytes += chunk.length;
    await hand();
    options.progress?.(bytes);
  }
  parser.write(decoder.end());
  parser.close();
  if (!sawRoot) failure ??= new XmlError(options.notRoot);
  await hand();
}

/** The first child element of this name, if any. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

/** Every child element of this name. */
export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The text of the first child element of this name, '' when there is none. */
export function textOf(element: XmlElement, name: string): string {
  return child(element, name)?.text ?? '';
}
