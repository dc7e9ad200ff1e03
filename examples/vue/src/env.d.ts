/// <reference types="vite/client" />
// The elements' types in templates, for vue-tsc (a type-only import: nothing at run time).
import 'comment-thread/types/vue';
