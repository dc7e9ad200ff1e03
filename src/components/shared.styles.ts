import { css } from '@lit/reactive-element';

/**
 * Styles both elements share: buttons, focus rings, links, visually hidden text, and a comment
 * body's typography, for the thread's bodies and the form's preview (fields are the form's,
 * `comment-form.styles.ts`, and load with it). Colours come from
 * `--ct-*` tokens (read with fallbacks, never set on `:host`) and from the inherited text
 * colour, so the widget follows the page's scheme without configuration: the thread's
 * `color-scheme` is the one its background calls for (`controllers/scheme-controller.ts`), and
 * the form inherits it. Greys are the text colour, see-through: secondary text (`--ct-muted`)
 * 80% of it, 4.5:1 against a white page whose text reaches 7.6:1 (#545454); lines that mark out
 * a control (a secondary button's border, the sort control's) 60%, 3:1 where it reaches 8.3:1.
 */
export const sharedStyles = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    font-size: var(--ct-font-size-small, 0.875em);
    line-height: 1.2;
    cursor: pointer;
    border-radius: var(--ct-radius, 0.5rem);
    padding-block: 0.5em;
    padding-inline: 0.9em;
    border: 1px solid transparent;
    min-block-size: 2.25rem;
    min-inline-size: 24px;
  }
  button:disabled {
    cursor: progress;
  }
  .primary {
    background: var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
    color: var(--ct-accent-text, light-dark(#ffffff, #0b1220));
    font-weight: 600;
  }
  .secondary {
    background: transparent;
    color: inherit;
    border-color: var(--ct-border, color-mix(in srgb, currentColor 60%, transparent));
  }
  .link {
    background: none;
    color: var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
    padding-inline: 0.4em;
    min-block-size: 2rem;
  }
  /* A comment's body: the thread's (.body), and the form's preview of one (.preview.body), held
     equal by test/components/comment-form-preview.test.ts; the form's Markdown samples look like
     its code. */
  .body > * + * {
    margin-block-start: 0.65em;
  }
  .body blockquote {
    margin-inline: 0;
    padding-inline-start: 0.85em;
    border-inline-start: 3px solid var(--ct-border, color-mix(in srgb, currentColor 25%, transparent));
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
  .body blockquote > * + * {
    margin-block-start: 0.5em;
  }
  .body ul,
  .body ol {
    padding-inline-start: 1.4em;
  }
  .body ul {
    list-style: disc;
  }
  .body ol {
    list-style: decimal;
  }
  .body code,
  .hint code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
    padding: 0.1em 0.3em;
    border-radius: 0.3em;
    background: var(--ct-code-background, color-mix(in srgb, currentColor 9%, transparent));
  }
  .body pre {
    overflow-x: auto;
    padding: 0.75em 1em;
    border-radius: var(--ct-radius, 0.5rem);
    background: var(--ct-code-background, color-mix(in srgb, currentColor 9%, transparent));
    overflow-wrap: normal;
  }
  .body pre code {
    padding: 0;
    background: none;
    font-size: 0.875em;
  }
  /* A toggle that is on (a vote cast): filled with the accent. */
  [aria-pressed='true'] {
    background: var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
    color: var(--ct-accent-text, light-dark(#fff, #0b1220));
  }
  .link:not([aria-pressed='true']):hover,
  .secondary:hover {
    background: var(--ct-hover, color-mix(in srgb, currentColor 8%, transparent));
  }
  :focus-visible {
    outline: var(--ct-focus-ring, 2px solid var(--ct-accent, light-dark(#1d4ed8, #93c5fd)));
    outline-offset: 2px;
  }
  a {
    color: var(--ct-link, var(--ct-accent, light-dark(#1d4ed8, #93c5fd)));
  }
  @media (prefers-reduced-motion: no-preference) {
    button {
      transition: background-color 120ms ease;
    }
  }
  /* Forced colours (Windows high contrast) drop backgrounds and shadows, and give every colour
     but a system colour back to the browser: a pressed button, the focus rings and the comment
     a link points at (the thread's .highlighted) say so in system colours. Important, to win
     over the rings' own colours (.comment:focus-visible, .mention:focus-visible). */
  @media (forced-colors: active) {
    :focus-visible,
    .highlighted {
      outline-color: Highlight !important;
    }
    [aria-pressed='true'] {
      background: Highlight;
      color: HighlightText;
    }
  }
`;
