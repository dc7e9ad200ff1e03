/**
 * The benchmark baseline: the obvious way to write a threaded comment list in Lit. It takes
 * every comment at once, nests them, and renders each body through marked + DOMPurify on every
 * render. No caching, no paging, nothing clever.
 */
import DOMPurify from 'dompurify';
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { marked } from 'marked';
import type { Comment } from '../../src/adapters/storage-adapter.js';

interface Node {
  comment: Comment;
  children: Node[];
}

@customElement('naive-thread')
export class NaiveThread extends LitElement {
  @property({ attribute: false }) comments: Comment[] = [];

  private tree(): Node[] {
    const nodes = new Map<string, Node>();
    for (const comment of this.comments) nodes.set(comment.id, { comment, children: [] });
    const roots: Node[] = [];
    for (const node of nodes.values()) {
      const parent = node.comment.parentId === null ? undefined : nodes.get(node.comment.parentId);
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }

  private renderNodes(nodes: Node[]): unknown {
    return html`<ul>
      ${repeat(
        nodes,
        (node) => node.comment.id,
        (node) => html`<li>
          <article class="comment">
            <header>
              <strong>${node.comment.author.name}</strong>
              <time datetime=${node.comment.createdAt}>${new Date(node.comment.createdAt).toLocaleString()}</time>
            </header>
            <div class="body">${unsafeHTML(DOMPurify.sanitize(marked.parse(node.comment.body, { async: false })))}</div>
            <button type="button">Reply</button>
          </article>
          ${node.children.length > 0 ? this.renderNodes(node.children) : ''}
        </li>`,
      )}
    </ul>`;
  }

  override render() {
    return html`<section>
      <h2>${this.comments.length} comments</h2>
      ${this.renderNodes(this.tree())}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'naive-thread': NaiveThread;
  }
}
