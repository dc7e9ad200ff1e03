/**
 * What the per-comment actions do, by name: the write path's half of Reply, Edit, Delete and the votes,
 * whose buttons are in the read path (`actions/`). When the write path loads, the element
 * merges each into its action (`Object.assign`), and from then on the action is whole.
 *
 * @module
 */
import type { CommentAction } from '../../actions/types.js';
import { editBehaviour } from './edit.js';
import { removeBehaviour } from './remove.js';
import { replyBehaviour } from './reply.js';
import { voteBehaviour } from './vote.js';

export const actionBehaviours: Readonly<Record<string, Partial<CommentAction>>> = {
  reply: replyBehaviour,
  edit: editBehaviour,
  remove: removeBehaviour,
  vote: voteBehaviour,
};
