/// <reference types="vite/client" />
// The elements' types in markup, for svelte-check (a type-only import: nothing at run time).
import 'comment-thread/types/svelte';
