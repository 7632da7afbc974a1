import { describe, expect, it } from 'vitest';
import { bot } from '../../../bot-definition';
import { botInfo } from '../../../src/console';
import { asksYesNo } from '../../../src/console/web/yes-no';
import { createLexRuntime, type IntentState } from '../../../src/runtime';

const intent = (name: string): IntentState => ({ name, slots: {}, state: 'InProgress' });
const YES_NO = { MigrationReport: ['Follow'] };

describe('the Yes and No of the chat', () => {
  it('are offered for a confirmation and for an elicited yes-or-no slot of that intent', () => {
    expect(asksYesNo({ type: 'ConfirmIntent' }, intent('MigrateVm'), YES_NO)).toBe(true);
    expect(
      asksYesNo({ type: 'ElicitSlot', slotToElicit: 'Follow' }, intent('MigrationReport'), YES_NO),
    ).toBe(true);
  });

  it('are not offered for another slot, the same slot name in another intent, or no question', () => {
    const elicit = (slot: string) => ({ type: 'ElicitSlot' as const, slotToElicit: slot });
    expect(asksYesNo(elicit('VmName'), intent('MigrationReport'), YES_NO)).toBe(false);
    expect(asksYesNo(elicit('Follow'), intent('MigrateVm'), YES_NO)).toBe(false);
    expect(asksYesNo(elicit('Follow'), undefined, YES_NO)).toBe(false);
    expect(asksYesNo(elicit('Follow'), intent('toString'), YES_NO)).toBe(false);
    expect(asksYesNo({ type: 'ElicitIntent' }, intent('MigrationReport'), YES_NO)).toBe(false);
    expect(asksYesNo({ type: 'Close' }, intent('MigrationReport'), YES_NO)).toBe(false);
    expect(asksYesNo(undefined, intent('MigrationReport'), YES_NO)).toBe(false);
  });

  it("know the bot's yes-or-no slots from its definition", () => {
    const runtime = createLexRuntime({ bot, invokeLambda: async () => ({}) as never });
    const slots = botInfo(runtime).yesNoSlots;
    // Every one of type AMAZON.Confirmation, and no other.
    for (const definition of bot.locale.intents ?? [])
      for (const slot of definition.slots ?? [])
        expect(slots[definition.name]?.includes(slot.name) ?? false, slot.name).toBe(
          slot.slotTypeName === 'AMAZON.Confirmation',
        );
    expect(slots).toEqual({ MigrationReport: ['Follow'] });
  });
});
