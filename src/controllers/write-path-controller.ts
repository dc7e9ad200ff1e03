import type { CSSResult, ReactiveController, ReactiveControllerHost } from 'lit';
import type { CommentAction, WritePath } from '../actions/types.js';
import type { WriteStrings } from '../i18n/en.js';

/** The lazily loaded module: the write path and its English strings. */
interface WriteModule {
  writePath: WritePath;
  writeStrings: WriteStrings;
  writeStyles: CSSResult;
  actionBehaviours: Readonly<Record<string, Partial<CommentAction>>>;
}

/** How far below the view the composer may be when its form starts loading. */
const NEAR = '0px 0px 800px 0px';

/**
 * Loads the write path (`write/write-path.ts`: the form, posting, editing, deleting, their
 * strings) on demand, so that a reader downloads none of it before the first comments paint.
 * It loads at the first of: {@link load} (a click on Reply or Edit, a focus in a form), the
 * browser being idle after the thread has rendered ({@link whenIdle}), or the composer coming
 * near the viewport ({@link watch}). Actions also call it on `pointerdown` and focus of their
 * buttons, so a click finds the form loaded.
 */
export class WritePathController implements ReactiveController {
  /** The loaded write path, once it is. */
  loaded: WritePath | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #onLoad: (module: WriteModule) => void;
  #loading: Promise<WritePath> | null = null;
  #observer: IntersectionObserver | null = null;
  #watched: Element | null = null;
  #idle = 0;

  /** @param onLoad Called once with the loaded module, before anything waiting on {@link load} resumes. */
  constructor(host: ReactiveControllerHost, onLoad: (module: WriteModule) => void) {
    this.#host = host;
    this.#onLoad = onLoad;
    host.addController(this);
  }

  /** Loads the write path (once; a failed load is tried again by the next call). */
  load(): Promise<WritePath> {
    return (this.#loading ??= import('../write/write-path.js').then(
      (module) => {
        this.#onLoad(module);
        this.#stopWatching();
        this.#host.requestUpdate();
        return (this.loaded = module.writePath);
      },
      (error: unknown) => {
        this.#loading = null;
        throw error;
      },
    ));
  }

  /** Loads once the browser is idle (the first comments are painted by then). */
  whenIdle(): void {
    if (this.#loading || this.#idle) return;
    const start = (): void => void this.load().catch(() => {});
    this.#idle =
      typeof requestIdleCallback === 'function' ? requestIdleCallback(start, { timeout: 4000 }) : (setTimeout(start, 1500) as unknown as number);
  }

  /** Loads when `element` (the composer) comes near the viewport. */
  watch(element: Element | null): void {
    if (this.#loading || !element || element === this.#watched || typeof IntersectionObserver === 'undefined') return;
    this.#stopWatching();
    this.#watched = element;
    this.#observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void this.load().catch(() => {}), {
      rootMargin: NEAR,
    });
    this.#observer.observe(element);
  }

  hostDisconnected(): void {
    this.#stopWatching();
    if (typeof cancelIdleCallback === 'function') cancelIdleCallback(this.#idle);
    else clearTimeout(this.#idle);
    this.#idle = 0;
  }

  #stopWatching(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#watched = null;
  }
}
