import { describe, expect, it } from 'vitest';
import { messageLines, statusLine } from '../../../../src/runtime/chat/render';

describe('chat rendering', () => {
  it('shows a card as its title, subtitle and buttons', () => {
    expect(
      messageLines({
        contentType: 'ImageResponseCard',
        imageResponseCard: {
          title: 'Pick a host',
          subtitle: 'by free memory',
          buttons: [{ text: 'host-a', value: 'host-a' }],
        },
      }),
    ).toEqual(['Pick a host', 'by free memory', '  [host-a] → host-a']);
  });

  it('splits multi-line text', () => {
    expect(messageLines({ contentType: 'PlainText', content: 'one\ntwo' })).toEqual(['one', 'two']);
  });

  it('sums up the state: intent, state, confirmation when set, dialog action and slot', () => {
    expect(
      statusLine({
        dialogAction: { type: 'ElicitSlot', slotToElicit: 'TargetHost' },
        intent: { name: 'MigrateVm', state: 'InProgress', confirmationState: 'None' },
      }),
    ).toBe('MigrateVm · InProgress · ElicitSlot TargetHost');
    expect(statusLine(undefined)).toBe('');
  });
});
