import type { ReactiveControllerHost } from 'lit';

/**
 * What the UI shows about one comment besides the comment itself: an open reply form, the
 * editor, a deletion waiting for confirmation, a save under way, the last error, the highlight
 * of a `#comment-ID` link. Immutable: a change is a new object, so the comment's DOM is rebuilt
 * exactly when its state object (or the comment) changes identity.
 *
 * An action that needs more adds its own optional field by augmenting this interface from its
 * module (`declare module '../controllers/comment-state-controller.js'`).
 */
export interface CommentState {
  /** The inline reply form under the comment is open. */
  readonly replying?: boolean;
  /** The comment's body is replaced by the editor. */
  readonly editing?: boolean;
  /** The question "Delete this comment?" is shown. */
  readonly confirmingRemove?: boolean;
  /** A save or a deletion is under way. */
  readonly busy?: boolean;
  /** Why the last edit or deletion failed, shown under the comment. */
  readonly error?: string;
  /** The comment the page address points at (`#comment-ID`). */
  readonly highlighted?: boolean;
}

/** The state of a comment nothing is happening to. */
export const NO_STATE: CommentState = Object.freeze({});

/** The names of the boolean fields of {@link CommentState} (those {@link CommentStateController.only} can move). */
type Flag = { [K in keyof CommentState]-?: CommentState[K] extends boolean | undefined ? K : never }[keyof CommentState];

/**
 * Holds the {@link CommentState} of every comment that has one and hands out immutable state
 * objects; the host renders after every change (it has no lifecycle of its own: states outlive
 * a move of the element in the page). {@link all} is a new map after every change (copy on write: only comments with a
 * state are in it, a handful), so a renderer compares it with the last one it saw and rebuilds
 * only the comments whose state object changed.
 */
export class CommentStateController {
  readonly #host: ReactiveControllerHost;
  #states = new Map<string, CommentState>();

  /** @param host Asked to render after every change. */
  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /** Every comment's state, by comment id; comments without one are absent. Never mutated. */
  get all(): ReadonlyMap<string, CommentState> {
    return this.#states;
  }

  /** The state of comment `id` ({@link NO_STATE} when it has none). */
  get(id: string): CommentState {
    return this.#states.get(id) ?? NO_STATE;
  }

  /**
   * Merges `patch` into comment `id`'s state (fields set to `undefined` are dropped) and asks
   * the host to render. A patch that changes nothing keeps the same object.
   */
  set(id: string, patch: Partial<Record<keyof CommentState, unknown>>): void {
    const before = this.get(id);
    const next: Record<string, unknown> = { ...before };
    let changed = false;
    for (const [key, value] of Object.entries(patch)) {
      if (next[key] === value || (value === undefined && !(key in next))) continue;
      changed = true;
      if (value === undefined || value === false) delete next[key];
      else next[key] = value;
    }
    if (!changed) return;
    this.#states = new Map(this.#states);
    if (Object.keys(next).length === 0) this.#states.delete(id);
    else this.#states.set(id, Object.freeze(next) as CommentState);
    this.#host.requestUpdate();
  }

  /** Sets `flag` on comment `id` and clears it on every other comment (one reply form at a time). */
  only(flag: Flag, id: string | null): void {
    for (const [other, state] of this.#states) if (other !== id && state[flag]) this.set(other, { [flag]: undefined });
    if (id !== null) this.set(id, { [flag]: true });
  }

  /** The id of the comment with `flag` set, if any. */
  find(flag: Flag): string | null {
    for (const [id, state] of this.#states) if (state[flag]) return id;
    return null;
  }

  /** Forgets every state (another thread is shown). */
  clear(): void {
    if (this.#states.size === 0) return;
    this.#states = new Map();
    this.#host.requestUpdate();
  }
}
