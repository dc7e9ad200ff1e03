/**
 * The per-comment actions, in the order their parts appear. Adding one is a module that
 * exports a `CommentAction` (see `types.ts`) and one line here; docs/ARCHITECTURE.md has a
 * worked example.
 *
 * @module
 */
import { collapse, moreReplies } from './collapse.js';
import { copyLink } from './copy-link.js';
import { edit } from './edit.js';
import { newReplies } from './new-replies.js';
import { remove } from './remove.js';
import { reply } from './reply.js';
import type { CommentAction } from './types.js';
import { vote } from './vote.js';

export const ACTIONS: readonly CommentAction[] = [vote, reply, collapse, newReplies, copyLink, edit, remove, moreReplies];
