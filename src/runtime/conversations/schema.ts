import { z } from 'zod';
import { CONFIRMATION_STATES, EVENT_DIALOG_ACTION_TYPES, INTENT_STATES } from '../../lex/types';

/**
 * Conversation tests as data (JSON files in tests/conversations/), grouped by behaviour as Rasa
 * does: happy paths, corrections, cancellations, digressions, bad input, and the repairs people
 * make in every chat (cancel at any point, digressions that resume, dead ends that end,
 * clarification, small talk, loose phrasing). Each step is what the user types and what is
 * expected back; an expectation left out is not checked.
 */
export const GROUPS = [
  'happy-path',
  'correction',
  'cancellation',
  'digression',
  'bad-input',
  'cancel',
  'digression-resume',
  'dead-end',
  'clarification',
  'chitchat',
  'robustness',
] as const;

const stepSchema = z
  .object({
    /** What the user types. */
    user: z.string().min(1).max(1024),
    /** Wait this long before typing it (a migration takes time). */
    pauseMs: z.number().int().min(0).max(600_000).optional(),
    /**
     * The bot's answer: one regular expression tested against all messages joined by newlines,
     * or one per message (then the number of messages must match too).
     */
    bot: z.union([z.string(), z.array(z.string())]).optional(),
    intent: z.string().optional(),
    dialogAction: z.enum(EVENT_DIALOG_ACTION_TYPES).optional(),
    /** The slot the bot asks for next (ElicitSlot). */
    slotToElicit: z.string().optional(),
    state: z.enum(INTENT_STATES).optional(),
    confirmationState: z.enum(CONFIRMATION_STATES).optional(),
    /** Interpreted values of the listed slots; null = not filled. Other slots are not checked. */
    slots: z.record(z.string(), z.string().nullable()).optional(),
    /** Session attributes that must have these values (null = absent); others are not checked. */
    sessionAttributes: z.record(z.string(), z.string().nullable()).optional(),
  })
  .strict();

export const conversationSchema = z
  .object({
    name: z.string().min(1),
    group: z.enum(GROUPS),
    description: z.string().optional(),
    /**
     * The runtime's choices where Lex is not documented that this conversation relies on: their
     * numbers in src/runtime/README.md ("Choices where Lex is not documented"). A run against a
     * deployed bot names them beside a failure, so a difference points at the choice to revisit.
     */
    undocumented: z.array(z.number().int().min(1).max(99)).min(1).optional(),
    /** Session attributes sent with the first utterance. */
    sessionAttributes: z.record(z.string(), z.string()).optional(),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

/** A file holds one conversation, a list of them, or `{ "conversations": [...] }`. */
export const conversationFileSchema = z.union([
  conversationSchema,
  z.array(conversationSchema),
  z.object({ conversations: z.array(conversationSchema) }).strict(),
]);

export type ConversationGroup = (typeof GROUPS)[number];
export type ConversationStep = z.infer<typeof stepSchema>;
export type Conversation = z.infer<typeof conversationSchema>;
