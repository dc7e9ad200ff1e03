/**
 * The few DOM helpers the plain-DOM renderer needs. Values only ever become text nodes and
 * attribute values: nothing here parses markup.
 *
 * @module
 */

/** A child for {@link el}: nodes and strings are appended; `null`, `undefined` and `false` are skipped. */
export type Child = Node | string | null | undefined | false;

/** An element with attributes (`false`/`null`/`undefined` leave one out, `true` sets it empty) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | null | undefined>,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const name in attributes) {
    const value = attributes[name];
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Makes `children` the element children of `parent`, in order, moving only what is out of place. */
export function sync(parent: Element | DocumentFragment, children: readonly Element[]): void {
  children.forEach((child, i) => {
    const at = parent.children[i];
    if (at !== child) parent.insertBefore(child, at ?? null);
  });
  while (parent.children.length > children.length) parent.lastElementChild!.remove();
}

/** Adds `sheet` to the style sheets `root` adopts (once). */
export function adoptSheet(root: ShadowRoot, sheet: CSSStyleSheet | null | undefined): void {
  if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
