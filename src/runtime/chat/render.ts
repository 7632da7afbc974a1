import type { Message, SessionState } from '../api/types';

/** Terminal styling, only when a person is watching (a TTY): piped output stays plain. */
export interface Style {
  dim(text: string): string;
  bold(text: string): string;
}

export const plainStyle: Style = { dim: (t) => t, bold: (t) => t };
export const ansiStyle: Style = {
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
};

interface SdkMessage {
  contentType?: string;
  content?: string;
  imageResponseCard?: {
    title?: string;
    subtitle?: string;
    buttons?: { text?: string; value?: string }[];
  };
}

/** One bot message as lines of text: cards show their title, subtitle and buttons. */
export function messageLines(message: SdkMessage | Message): string[] {
  const card = message.imageResponseCard;
  if (message.contentType === 'ImageResponseCard' && card) {
    return [
      card.title ?? '',
      ...(card.subtitle ? [card.subtitle] : []),
      ...(card.buttons ?? []).map((b) => `  [${b.text ?? ''}] → ${b.value ?? ''}`),
    ];
  }
  return (message.content ?? '').split('\n');
}

interface SdkSessionState {
  dialogAction?: { type?: string; slotToElicit?: string };
  intent?: { name?: string; state?: string; confirmationState?: string };
}

/** The discreet status line under the bot's answer: intent, its state, what the bot awaits. */
export function statusLine(state: SdkSessionState | SessionState | undefined): string {
  const parts: string[] = [];
  const intent = state?.intent;
  if (intent?.name) parts.push(intent.name);
  if (intent?.state) parts.push(intent.state);
  if (intent?.confirmationState && intent.confirmationState !== 'None') {
    parts.push(intent.confirmationState);
  }
  const action = state?.dialogAction;
  if (action?.type)
    parts.push(action.slotToElicit ? `${action.type} ${action.slotToElicit}` : action.type);
  return parts.join(' · ');
}

interface SdkSlot {
  value?: { interpretedValue?: string; originalValue?: string };
  values?: SdkSlot[];
  subSlots?: Record<string, SdkSlot | null | undefined>;
}

/** The intent's slots for /session: "VmName = vm-3", "TargetHost (not yet)", lists and sub-slots. */
export function slotLines(slots: Record<string, SdkSlot | null | undefined> | undefined): string[] {
  return Object.entries(slots ?? {}).map(([name, slot]) => `${name} = ${slotText(slot)}`);
}

function slotText(slot: SdkSlot | null | undefined): string {
  if (!slot) return '(not yet)';
  if (slot.values?.length) return slot.values.map(slotText).join(', ');
  if (slot.subSlots) {
    const parts = Object.entries(slot.subSlots).map(([n, s]) => `${n}: ${slotText(s)}`);
    return `{ ${parts.join('; ')} }`;
  }
  return slot.value?.interpretedValue ?? slot.value?.originalValue ?? '(no value)';
}
