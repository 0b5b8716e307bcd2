import { type Interaction, type InteractionKind, KIND_CODE } from '@demand/recommend';
import type { TrainingData } from '../ports/training-data.port.js';

/** Each interaction kind at its code. */
const KIND_OF: InteractionKind[] = [];
for (const kind of Object.keys(KIND_CODE) as InteractionKind[]) KIND_OF[KIND_CODE[kind]] = kind;

/**
 * Training data as it goes to the training worker: the interactions as columns (ids as indices into
 * lists of the distinct ids, kinds as codes) whose buffers move with the message, since a structured
 * clone of ~600k small objects held the serving thread ~0.8 s. The rest travels as it is.
 */
export interface TrainingDataMessage extends Omit<TrainingData, 'interactions'> {
  ids: string[];
  /**
   * Per interaction: its user's, item's and session's index in `ids` (session −1: none, −2: `session: undefined`,
   * kept apart so that the receiver's interactions equal the sender's key for key).
   */
  user: Int32Array;
  item: Int32Array;
  session: Int32Array;
  kind: Uint8Array;
  at: Float64Array;
}

/** The message and the buffers to transfer with it (the sender keeps its `data`). */
export function trainingDataMessage(data: TrainingData): { message: TrainingDataMessage; transfer: ArrayBuffer[] } {
  const { interactions, ...rest } = data;
  const n = interactions.length;
  const ids: string[] = [];
  const index = new Map<string, number>();
  const idOf = (id: string) => {
    let at = index.get(id);
    if (at === undefined) index.set(id, (at = ids.push(id) - 1));
    return at;
  };
  const message: TrainingDataMessage = {
    ...rest,
    ids,
    user: new Int32Array(n),
    item: new Int32Array(n),
    session: new Int32Array(n),
    kind: new Uint8Array(n),
    at: new Float64Array(n),
  };
  interactions.forEach((e, k) => {
    message.user[k] = idOf(e.user);
    message.item[k] = idOf(e.item);
    message.session[k] = e.session !== undefined ? idOf(e.session) : 'session' in e ? -2 : -1;
    const code = Object.hasOwn(KIND_CODE, e.kind) ? KIND_CODE[e.kind] : undefined;
    if (code === undefined) throw new TypeError(`training data: unknown interaction kind ${String(e.kind)}`);
    message.kind[k] = code;
    message.at[k] = e.at;
  });
  const { user, item, session, kind, at } = message;
  return { message, transfer: [user, item, session, kind, at].map((column) => column.buffer as ArrayBuffer) };
}

/** The training data back from its message. */
export function trainingDataOf(message: TrainingDataMessage): TrainingData {
  const { ids, user, item, session, kind, at, ...rest } = message;
  const interactions = Array.from(user, (u, k): Interaction => {
    const e: Interaction = { user: ids[u]!, item: ids[item[k]!]!, kind: KIND_OF[kind[k]!]!, at: at[k]! };
    if (session[k]! !== -1) e.session = ids[session[k]!];
    return e;
  });
  return { ...rest, interactions };
}
