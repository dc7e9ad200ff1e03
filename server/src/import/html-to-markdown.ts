/**
 * Turns the HTML of imported comments (WordPress and Disqus store HTML) into the Markdown the
 * widget renders: links, emphasis, code, quotes, paragraphs and line breaks survive; every
 * other tag is dropped and its text kept. The result is only ever text for the widget's
 * Markdown renderer, which escapes it again, so nothing here has to be a sanitizer.
 *
 * @module
 */
import { decodeEntities } from './entities.js';

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? decodeEntities(match[1] ?? match[2] ?? match[3] ?? '') : null;
}

/** Markdown characters in plain text that would otherwise start formatting. */
function escapeText(text: string): string {
  return text.replace(/([\\`*_[\]])/g, '\\$1');
}

export function htmlToMarkdown(html: string): string {
  // Paragraph-level structure first, then inline tags, then whatever is left.
  let out = '';
  const pattern = /<!--[\s\S]*?-->|<(\/?)([a-z][a-z0-9]*)\b[^>]*>|([^<]+)|</gi;
  const links: Array<string | null> = [];
  let inPre = false;
  let quoteDepth = 0;
  /** Inside <script> or <style>: their text is code, not comment text. */
  let skipping: string | null = null;
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    const [whole, closing, rawName, text] = match;
    if (skipping) {
      if (closing && rawName?.toLowerCase() === skipping) skipping = null;
      continue;
    }
    if (text !== undefined || whole === '<') {
      const decoded = decodeEntities(text ?? '<');
      out += inPre ? decoded : escapeText(decoded.replace(/\s+/g, ' '));
      continue;
    }
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    const open = !closing;
    switch (name) {
      case 'p':
      case 'div':
        out += '\n\n' + '> '.repeat(quoteDepth);
        break;
      case 'br':
        out += '\n' + '> '.repeat(quoteDepth);
        break;
      case 'b':
      case 'strong':
        out += '**';
        break;
      case 'i':
      case 'em':
        out += '*';
        break;
      case 's':
      case 'del':
      case 'strike':
        out += '~~';
        break;
      case 'code':
        if (!inPre) out += '`';
        break;
      case 'pre':
        inPre = open;
        out += open ? '\n\n```\n' : '\n```\n\n';
        break;
      case 'blockquote':
        quoteDepth = Math.max(0, quoteDepth + (open ? 1 : -1));
        out += '\n\n' + '> '.repeat(quoteDepth);
        break;
      case 'li':
        if (open) out += '\n- ';
        break;
      case 'ul':
      case 'ol':
        out += '\n';
        break;
      case 'a':
        if (open) {
          const href = attribute(whole, 'href');
          const usable = href && /^(https?:\/\/|mailto:)/i.test(href.trim()) ? href.trim().replace(/[()\s]/g, encodeURIComponent) : null;
          links.push(usable);
          if (usable) out += '[';
        } else {
          const href = links.pop();
          if (href) out += `](${href})`;
        }
        break;
      case 'img': {
        const src = attribute(whole, 'src');
        if (src && /^https?:\/\//i.test(src)) out += `[${escapeText(attribute(whole, 'alt') || 'image')}](${src.replace(/[()\s]/g, encodeURIComponent)})`;
        break;
      }
      case 'script':
      case 'style':
        if (open) skipping = name;
        break;
      default:
        // Unknown tags are dropped; their text stays.
        break;
    }
  }
  return out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
