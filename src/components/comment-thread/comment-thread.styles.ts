import { css } from '@lit/reactive-element';

export const threadStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    line-height: 1.55;
    overflow-wrap: anywhere;
  }
  /* The scheme the background behind the element calls for (controllers/scheme-controller.ts).
     A color-scheme the page sets on the element itself wins: outer styles beat :host. */
  :host(:state(dark)) {
    color-scheme: dark;
  }
  :host(:state(light)) {
    color-scheme: light;
  }
  .base {
    display: grid;
    /* One column as wide as the element: a long line of code in a comment scrolls in its box
       instead of widening the whole thread. */
    grid-template-columns: minmax(0, 1fr);
    gap: var(--ct-gap, 1.25rem);
  }
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.35em;
  }
  h3 {
    font-size: 1.1em;
  }
  p {
    margin: 0;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-inline-start: auto;
  }
  .sort {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: var(--ct-font-size-small, 0.875em);
  }
  /* The thread's feed: secondary, as the sort control beside it, and a 24 px target. */
  .feed {
    display: inline-flex;
    align-items: center;
    min-block-size: 24px;
    font-size: var(--ct-font-size-small, 0.875em);
  }
  select {
    font: inherit;
    color: inherit;
    background: var(--ct-input-background, color-mix(in srgb, currentColor 3%, transparent));
    border: 1px solid var(--ct-input-border, color-mix(in srgb, currentColor 60%, transparent));
    border-radius: var(--ct-radius, 0.5rem);
    padding: 0.3em 0.5em;
    min-block-size: 24px;
  }
  .notice,
  .warning {
    font-size: var(--ct-font-size-small, 0.875em);
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    border-radius: var(--ct-radius, 0.5rem);
    background: var(--ct-surface, color-mix(in srgb, currentColor 4%, transparent));
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
  .warning,
  .load-error {
    color: inherit;
    border-inline-start: 4px solid var(--ct-danger, light-dark(#b91c1c, #fca5a5));
  }
  .loading {
    display: grid;
    gap: 0.75rem;
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
  .skeleton {
    display: block;
    block-size: 4.5rem;
    border-radius: var(--ct-radius, 0.5rem);
    background: var(--ct-surface, color-mix(in srgb, currentColor 6%, transparent));
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: pulse 1.4s ease-in-out infinite;
    }
    .highlighted {
      transition: background-color 600ms ease;
    }
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  .load-error,
  .empty {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    padding: 1rem;
    border-radius: var(--ct-radius, 0.5rem);
    background: var(--ct-surface, color-mix(in srgb, currentColor 4%, transparent));
  }
  .empty {
    justify-content: center;
    text-align: center;
    padding-block: 1.75rem;
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  /* Lists are block flow, not grid: laying out thousands of grid items costs far more. */
  .group + .group,
  .group > .item + .item {
    margin-block-start: var(--ct-gap, 1.25rem);
  }
  .replies > .item + .item {
    margin-block-start: var(--ct-gap-small, 0.75rem);
  }
  /* Off-screen groups of threads skip layout and paint but stay in the DOM: find-in-page,
     deep links and screen readers still reach every comment. Groups, not single threads: the
     browser checks each skipped box on every scrolled frame (core/groups.ts). The first group
     is the first screenful and is laid out at once. Until a group has been laid out once, its
     height is guessed from its number of comments (where attr() takes a type; else 32). */
  .group + .group {
    content-visibility: auto;
    contain-intrinsic-size: auto 288rem;
    contain-intrinsic-size: auto calc(attr(data-comments type(<number>), 32) * 9rem);
  }
  .replies {
    margin-block-start: var(--ct-gap-small, 0.75rem);
    padding-inline-start: var(--ct-indent, 1.25rem);
    margin-inline-start: calc(var(--ct-avatar-size, 2.25rem) / 2);
    border-inline-start: 2px solid var(--ct-border, color-mix(in srgb, currentColor 14%, transparent));
  }
  /* A comment: author, time and markers on the first line, then the body and the buttons on
     lines of their own. Flex, not grid, and no wrapper elements: fewer nodes per comment. The
     avatar is the ::before, painted by the classes of render/identicon-style.ts. */
  .comment {
    position: relative;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.6rem;
    padding: var(--ct-gap-small, 0.75rem);
    padding-inline-start: calc(var(--ct-gap-small, 0.75rem) * 2 + var(--ct-avatar-size, 2.25rem));
    border-radius: var(--ct-radius, 0.5rem);
    border: 1px solid transparent;
    scroll-margin-block: 4rem;
  }
  .comment::before {
    --_s: 16.667% 83.333% no-repeat;
    content: '';
    position: absolute;
    inset-block-start: var(--ct-gap-small, 0.75rem);
    inset-inline-start: var(--ct-gap-small, 0.75rem);
    inline-size: var(--ct-avatar-size, 2.25rem);
    block-size: var(--ct-avatar-size, 2.25rem);
    border-radius: 50%;
    color: hsl(var(--_ct-hue, 210) 55% 42%);
    background:
      var(--_ct-i0) 10% 50% / var(--_s),
      var(--_ct-i1) 30% 50% / var(--_s),
      var(--_ct-i2) 50% 50% / var(--_s),
      var(--_ct-i1) 70% 50% / var(--_s),
      var(--_ct-i0) 90% 50% / var(--_s),
      color-mix(in srgb, currentColor 16%, white);
    forced-color-adjust: none;
  }
  /* The comment a link points at, or focused from the keyboard: a tint, and a ring in the
     accent, which stands out (3:1 and more) where the tint alone would not. An outline, not a
     shadow: forced colours keep outlines (in Highlight: shared.styles.ts) and drop shadows. */
  .comment:focus-visible,
  .highlighted {
    background: var(--ct-highlight, color-mix(in srgb, var(--ct-accent, light-dark(#1d4ed8, #93c5fd)) 10%, transparent));
    outline: 2px solid var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
    outline-offset: -2px;
  }
  .author {
    font-weight: 700;
  }
  a.author {
    color: inherit;
    text-decoration-color: color-mix(in srgb, currentColor 40%, transparent);
  }
  .permalink,
  .replying-to {
    font-size: var(--ct-font-size-small, 0.875em);
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
  .permalink {
    text-decoration: none;
    min-block-size: 24px;
  }
  .permalink:hover {
    text-decoration: underline;
  }
  .body {
    flex: 1 0 100%;
    min-inline-size: 0;
  }
  .comment > button {
    margin-inline-end: -0.35rem;
  }
  .comment > button:first-of-type {
    margin-inline-start: -0.4em;
  }
  /* Markers ("edited", "awaiting moderation"), and a verified role ("Author"), which only the
     store grants, so it stands out from them. */
  .badge {
    font-size: var(--ct-font-size-small, 0.875em);
    font-style: italic;
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
  .badge.role {
    font-style: normal;
    font-weight: 700;
    color: var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
  }
  .deleted-note {
    font-style: italic;
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
  .more,
  .new {
    justify-self: center;
  }
  /* Votes: ▲ score ▼, the pressed one filled with the accent. */
  .votes {
    display: inline-flex;
    align-items: center;
    font-size: var(--ct-font-size-small, 0.875em);
    font-variant-numeric: tabular-nums;
  }
  .votes > .vote {
    padding-inline: 0.3em;
  }
  .badge.pinned {
    font-style: normal;
    font-weight: 700;
  }
  .more-replies {
    margin-block-start: var(--ct-gap-small, 0.75rem);
  }
  /* Room for the form until the write path has loaded and defined it. */
  comment-thread-form:not(:defined) {
    display: block;
    min-block-size: 20rem;
  }
  .composer {
    display: grid;
    gap: var(--ct-gap-small, 0.75rem);
    padding-block-start: var(--ct-gap, 1.25rem);
    border-block-start: 1px solid var(--ct-border, color-mix(in srgb, currentColor 14%, transparent));
  }
  @container (max-width: 30rem) {
    .replies {
      padding-inline-start: var(--ct-indent, 0.6rem);
      margin-inline-start: 0.4rem;
    }
    .comment {
      padding-inline: 0.4rem;
    }
    .comment::before {
      position: static;
      align-self: center;
      inline-size: 1.75rem;
      block-size: 1.75rem;
    }
  }
`;
