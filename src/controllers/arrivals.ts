import type { Comment } from '../adapters/storage-adapter.js';

/**
 * Comments that arrived from elsewhere (other visitors, other tabs) while the reader reads:
 * held, not shown, so that nothing moves under the reader. Each waits behind a gate: the
 * shown comment it answers, directly or through other held replies (its "2 new replies"
 * button), or `''`, the thread's own "3 new comments" button, for new top-level comments and
 * for replies to comments not shown. Revealing a gate shows everything behind it.
 */
export class Arrivals {
  readonly #held = new Map<string, Comment>();

  get size(): number {
    return this.#held.size;
  }

  has(id: string): boolean {
    return this.#held.has(id);
  }

  /** Holds `comment`, or replaces the held copy of it (an edit made before it was shown). */
  hold(comment: Comment): void {
    this.#held.set(comment.id, comment);
  }

  /** Whether a held comment answers comment `id`. */
  hasReplyTo(id: string): boolean {
    for (const comment of this.#held.values()) if (comment.parentId === id) return true;
    return false;
  }

  /** Forgets a held comment (deleted, or shown another way: the echo of the reader's own post). */
  drop(id: string): boolean {
    return this.#held.delete(id);
  }

  clear(): void {
    this.#held.clear();
  }

  /** The gate held comment `comment` waits behind, given the comments `shown`. */
  #gate(comment: Comment, shown: ReadonlyMap<string, Comment>): string {
    let parent = comment.parentId;
    for (let hops = 0; parent !== null && this.#held.has(parent) && hops <= this.#held.size; hops++) parent = this.#held.get(parent)!.parentId;
    return parent !== null && shown.has(parent) ? parent : '';
  }

  /** How many comments wait behind each gate. */
  counts(shown: ReadonlyMap<string, Comment>): Map<string, number> {
    const counts = new Map<string, number>();
    for (const comment of this.#held.values()) {
      const gate = this.#gate(comment, shown);
      counts.set(gate, (counts.get(gate) ?? 0) + 1);
    }
    return counts;
  }

  /** Removes and returns every comment behind `gate`. */
  take(gate: string, shown: ReadonlyMap<string, Comment>): Comment[] {
    const taken = [...this.#held.values()].filter((comment) => this.#gate(comment, shown) === gate);
    for (const comment of taken) this.#held.delete(comment.id);
    return taken;
  }
}
