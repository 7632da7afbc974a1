import type * as z from 'zod/mini';
import type {
  LexApiSessionState,
  LexClientSlotValue,
  LexEvent,
  LexMessage,
  LexResponse,
  LexRuntimeHintDetails,
  LexSessionSlotValue,
  LexSlot,
  LexSlotValue,
  LexSubSlotToElicit,
} from '../types';
import type { eventSchema, messagesSchema, responseSchema, sessionSchema } from './index';
import type { eventSlotValue, sessionSlotValue, slotObject } from './slots';
import type { hintDetailsObject, subSlotObject } from './state';

/**
 * The compiler's proof that each schema reads exactly its type of ../types.ts: a line here fails
 * `npm run typecheck` when the two drift apart either way (a field only one of them has, a field
 * optional in one and required in the other, an enum value more or fewer, another kind of slot
 * value). The recursive shapes, whose schemas carry their type as an annotation (TypeScript
 * cannot infer through recursion), are checked one level down: their object's own fields.
 *
 * Types only: nothing here reaches the bundle.
 */
export type SchemasProduceTheirTypes = [
  Holds<Same<Output<typeof eventSchema>, LexEvent>>,
  // The response as Lex keeps it: shapes filled in, every value with its interpretedValue.
  Holds<Same<Output<typeof responseSchema>, LexResponse<LexSessionSlotValue>>>,
  Holds<Same<Output<typeof sessionSchema>, LexApiSessionState>>,
  Holds<Same<Output<typeof messagesSchema>, { messages: LexMessage[] }>>,
  Holds<Same<Output<typeof eventSlotValue>, LexSlotValue>>,
  Holds<Same<Output<typeof sessionSlotValue>, LexSessionSlotValue>>,
  // And what a client may send, the other way: every such value is taken, on the same fields.
  Holds<Accepts<typeof sessionSlotValue, LexClientSlotValue>>,
  Holds<Same<Output<typeof slotObject<LexSlotValue>>, LexSlot>>,
  Holds<Same<Output<typeof slotObject<LexSessionSlotValue>>, LexSlot<LexSessionSlotValue>>>,
  Holds<Same<Output<typeof subSlotObject>, LexSubSlotToElicit>>,
  Holds<Same<Output<typeof hintDetailsObject>, LexRuntimeHintDetails>>,
];

/** True when A and B are the same type (not merely assignable either way). */
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** True when every T is input the schema takes, and T has the schema's fields, no more, no less. */
type Accepts<F extends (...args: never[]) => z.ZodMiniType, T> = [T] extends [Input<F>]
  ? Same<keyof T, keyof Input<F>>
  : false;

/** Fails to compile unless given `true`. */
type Holds<T extends true> = T;

/** What the schema a builder returns produces. */
type Output<F extends (...args: never[]) => z.ZodMiniType> = z.output<ReturnType<F>>;
type Input<F extends (...args: never[]) => z.ZodMiniType> = z.input<ReturnType<F>>;
