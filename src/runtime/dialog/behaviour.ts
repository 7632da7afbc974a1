/**
 * Two places where the runtime can play Lex in more than one way, chosen per runtime (option) or
 * for a whole test run (environment variable), so that a Lambda can be checked against both.
 */

/**
 * The order of a turn's interpretations. `score`: best NLU score first, the active intent first
 * (score 1) only when the input was used as its slot value or yes/no. `active-first`: the
 * active intent first whenever there is one, as captured Lex events have it, with its own score.
 */
export type InterpretationOrder = 'score' | 'active-first';

/**
 * At a confirmation, an utterance that matches another intent. `lex`: it switches to that intent,
 * as Lex documents (unless the request sends `x-amz-lex:intent-switch: DISABLE`), and "cancel"
 * or "stop" reach AMAZON.CancelIntent / StopIntent. `hook-first`: the runtime's earlier reading:
 * the confirmation's elicitation code hook sees it first, and "cancel" or "stop" are a no.
 */
export type ConfirmationSwitching = 'lex' | 'hook-first';

export interface DialogBehaviour {
  readonly interpretationOrder: InterpretationOrder;
  readonly confirmationSwitching: ConfirmationSwitching;
}

export const BEHAVIOUR_ENV = {
  interpretationOrder: 'VMBOT_INTERPRETATION_ORDER',
  confirmationSwitching: 'VMBOT_CONFIRMATION_SWITCHING',
} as const;

const CHOICES: { readonly [K in keyof DialogBehaviour]: readonly DialogBehaviour[K][] } = {
  interpretationOrder: ['score', 'active-first'],
  confirmationSwitching: ['lex', 'hook-first'],
};

/** The defaults: the first choice of each (switching at a confirmation as Lex documents it). */
export const DEFAULT_BEHAVIOUR: DialogBehaviour = {
  interpretationOrder: 'score',
  confirmationSwitching: 'lex',
};

/** Every combination, for a suite that must hold whichever way Lex turns out to play. */
export const EVERY_BEHAVIOUR: readonly DialogBehaviour[] = CHOICES.interpretationOrder.flatMap(
  (interpretationOrder) =>
    CHOICES.confirmationSwitching.map((confirmationSwitching) => ({
      interpretationOrder,
      confirmationSwitching,
    })),
);

function pick<K extends keyof DialogBehaviour>(
  key: K,
  given: DialogBehaviour[K] | undefined,
  env: Readonly<Record<string, string | undefined>>,
): DialogBehaviour[K] {
  const raw = given ?? env[BEHAVIOUR_ENV[key]];
  if (raw === undefined || raw === '') return DEFAULT_BEHAVIOUR[key];
  const found = CHOICES[key].find((c) => c === raw);
  if (found === undefined) {
    const source = given === undefined ? BEHAVIOUR_ENV[key] : key;
    throw new Error(`${source} must be one of ${CHOICES[key].join(', ')}, got ${String(raw)}`);
  }
  return found;
}

/** The behaviour of a runtime: its options, else the environment, else the defaults. */
export function dialogBehaviour(
  given: Partial<DialogBehaviour>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DialogBehaviour {
  return {
    interpretationOrder: pick('interpretationOrder', given.interpretationOrder, env),
    confirmationSwitching: pick('confirmationSwitching', given.confirmationSwitching, env),
  };
}
