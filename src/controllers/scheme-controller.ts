import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The scheme a background calls for, from its computed colour (`rgb()`, `color(srgb …)`,
 * `oklch()`, `lab()`…, as `getComputedStyle` writes them): `dark` when its lightness is under
 * 0.55 (about where the light scheme's accents and the dark scheme's reach the same contrast on
 * it), else `light`; '' when it is not opaque, and the page shows through.
 */
function schemeOf(color: string): string {
  const [space, ...channels] = color.match(/[\w.-]+/g)!;
  // color(srgb 0.1 0.1 0.1 / 1): its space, then the channels.
  if (space == 'color') channels.shift();
  const [x, y, z, alpha = 1] = channels.map(Number);
  if (alpha < 0.99) return '';
  // OKLab's lightness (0–1), CIE Lab's (0–100), else sRGB's luma (0–255 in rgb(), 0–1 in color()).
  const lightness = space![1] == 'k' ? x! : space![0] == 'l' ? x! / 100 : (0.2126 * x! + 0.7152 * y! + 0.0722 * z!) / (space![0] == 'r' ? 255 : 1);
  return lightness < 0.55 ? 'dark' : 'light';
}

/** The controllers of connected elements: each looks again when the page may have changed its theme. */
const connected = new Set<SchemeController>();
const checkAll = () => connected.forEach((controller) => controller.check());
/** Watches `<html>` and `<body>`; made, with the `prefers-color-scheme` listener, on the first connection. */
let watcher: MutationObserver | undefined;

/**
 * Makes the widget's colours readable against the page's real background, whatever declared
 * it (issue 12, point 8). `light-dark()` follows `color-scheme` only; a page that is dark through
 * its own CSS, or a light box on a dark-scheme page, would get the other scheme's accents. So the
 * controller finds the background behind the element (the first opaque `background-color`
 * from the element up, through slots and shadow roots, to the root) and sets the custom state
 * `dark` or `light` on the host, which the styles turn into its `color-scheme`. With no opaque
 * background up to the root, the canvas shows, whose colour follows the inherited
 * `color-scheme`: no state.
 *
 * A `color-scheme` the page sets on the element itself wins (outer styles beat `:host`), as do
 * `--ct-*` tokens (they are read before any default). It looks again when the element
 * connects, when `prefers-color-scheme` changes, and when an attribute of `<html>` or `<body>`
 * changes (where theme switchers put their class; their own attributes only, not their
 * subtrees: such a change is rare, and costs one walk up the tree per element);
 * {@link check} is for other switches.
 *
 * The host's internals are attached here, once; nothing else in src/ attaches them, and this
 * controller owns their custom states.
 */
export class SchemeController implements ReactiveController {
  readonly #host: HTMLElement;
  readonly #states: CustomStateSet;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    this.#states = host.attachInternals().states;
    host.addController(this);
  }

  hostConnected(): void {
    this.check();
    connected.add(this);
    watcher ??= (matchMedia('(prefers-color-scheme:dark)').addEventListener('change', checkAll), new MutationObserver(checkAll));
    for (const node of [document.documentElement, document.body]) if (node) watcher.observe(node, { attributes: true });
  }

  hostDisconnected(): void {
    connected.delete(this);
  }

  /** Looks at the background behind the element again, and sets its scheme to match. */
  check(): void {
    let node: Element | null | undefined = this.#host;
    let scheme = '';
    while (node && !scheme) {
      scheme = schemeOf(getComputedStyle(node).backgroundColor);
      node = node.assignedSlot ?? node.parentElement ?? (node.parentNode as ShadowRoot | null)?.host;
    }
    // Engines without CustomStateSet, or with only its old `--name` form (Chromium before 125),
    // throw here and keep the scheme the page declares, as before.
    try {
      this.#states.clear();
      if (scheme) this.#states.add(scheme);
    } catch {
      // light-dark() follows the inherited color-scheme.
    }
  }
}
