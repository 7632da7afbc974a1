import { describe, expect, it } from 'vitest';
import { bot } from '../../../../bot-definition';
import type { LexEvent } from '../../../../src/lex';
import { createLexRuntime } from '../../../../src/runtime';
import { fakeLambda, text } from '../fixtures/fake-lambda';
import { contents, slotValues, summary } from './harness';

// The real bot definition through the dialog manager, with a fake Lambda that plays the
// vmbot Lambda's part of the contract (bot-spec: chains, labels, session attributes).

const value = (v: string) => ({
  shape: 'Scalar',
  value: { originalValue: v, interpretedValue: v, resolvedValues: [v] },
});

function vmbotLambda(event: LexEvent): unknown {
  const { intent, sessionAttributes } = event.sessionState;
  const name = intent.name;
  const delegate = { sessionState: { dialogAction: { type: 'Delegate' }, intent } };
  if (event.invocationSource === 'DialogCodeHook') {
    if (event.invocationLabel === 'offer-report' && sessionAttributes.offerReportFor) {
      return {
        sessionState: { dialogAction: { type: 'ConfirmIntent' }, intent },
        messages: [text(`Shall I show ${sessionAttributes.offerReportFor}'s report?`)],
      };
    }
    const ready = name === 'MigrateVm' && intent.slots.VmName && intent.slots.TargetHost;
    if (ready && intent.confirmationState === 'None') {
      return {
        sessionState: { dialogAction: { type: 'ConfirmIntent' }, intent },
        messages: [text('About 42 s, 125 ms of downtime. Go ahead?')],
      };
    }
    return delegate;
  }
  const close = (state: string, message: string, attributes = sessionAttributes) => ({
    sessionState: {
      sessionAttributes: attributes,
      dialogAction: { type: 'Close' },
      intent: { ...intent, state },
    },
    messages: [text(message)],
  });
  switch (name) {
    case 'MigrateVm':
      if (intent.slots.TargetHost?.value?.interpretedValue === 'host-f') {
        return close('Failed', 'host-f is in maintenance.');
      }
      return close('Fulfilled', 'Migrated.', { ...sessionAttributes, offerReportFor: 'vm-3' });
    case 'RecommendHost':
      return close('Fulfilled', 'host-c fits vm-4 best.', {
        ...sessionAttributes,
        recommendedVm: 'vm-4',
        recommendedHost: 'host-c',
      });
    default:
      return close('Fulfilled', `${name} done.`);
  }
}

function setup() {
  const lambda = fakeLambda(vmbotLambda);
  const runtime = createLexRuntime({ bot, invokeLambda: lambda.fn, random: () => 0 });
  const say = (t: string) => runtime.recognizeText({ sessionId: 'operator-1', text: t });
  return { lambda, say };
}

describe('the vmbot definition in the dialog manager', () => {
  it('chain 1: a migration ends by offering its report (StartIntent, label offer-report)', async () => {
    // Prepare
    const { say, lambda } = setup();
    // Act
    const ask = await say('migrate vm-3 to host-b');
    const yes = await say('yes');
    // Assess
    expect(contents(ask)).toEqual(['About 42 s, 125 ms of downtime. Go ahead?']);
    expect(contents(yes)).toEqual(['Migrated.', "Shall I show vm-3's report?"]);
    expect(summary(yes)).toMatchObject({ intent: 'MigrationReport', action: 'ConfirmIntent' });
    expect(slotValues(yes)).toEqual({ VmName: 'vm-3' });
    const offer = lambda.last();
    expect(offer.invocationLabel).toBe('offer-report');
    expect(offer.sessionState.intent.slots.VmName?.value?.interpretedValue).toBe('vm-3');
  });

  it('chain 2: a recommendation leads to the migration with the slots from session attributes', async () => {
    const { say, lambda } = setup();
    const r = await say('recommend a host for vm-4');
    expect(contents(r)).toEqual([
      'host-c fits vm-4 best.',
      'About 42 s, 125 ms of downtime. Go ahead?',
    ]);
    expect(summary(r)).toMatchObject({ intent: 'MigrateVm', action: 'ConfirmIntent' });
    expect(slotValues(r)).toEqual({ VmName: 'vm-4', TargetHost: 'host-c', AutoConverge: null });
    expect(lambda.last().sessionState.intent.slots.TargetHost).toEqual(value('host-c'));
  });

  it('a failed migration waits for the next request (failure next step ElicitIntent)', async () => {
    const { say } = setup();
    await say('migrate vm-3 to host-f');
    const r = await say('yes');
    expect(contents(r)).toEqual(['host-f is in maintenance.']);
    expect(summary(r)).toMatchObject({ action: 'ElicitIntent', state: 'Failed' });
  });

  it('asks for the missing slots with the definition prompts', async () => {
    const { say } = setup();
    const vm = await say('I need to move a VM');
    const host = await say('vm-2');
    expect(contents(vm)).toEqual(['Which VM should I migrate?']);
    expect(contents(host)).toEqual(['Which host should vm-2 go to?']);
  });

  it('HelpIntent has no dialog hook: only the fulfillment hook is called', async () => {
    const { say, lambda } = setup();
    await say('what can you do');
    expect(lambda.sources()).toEqual(['FulfillmentCodeHook:HelpIntent']);
  });

  it('the FallbackIntent goes through both hooks', async () => {
    const { say, lambda } = setup();
    const r = await say('tell me a joke');
    expect(lambda.sources()).toEqual([
      'DialogCodeHook:FallbackIntent',
      'FulfillmentCodeHook:FallbackIntent',
    ]);
    expect(contents(r)).toEqual(['FallbackIntent done.']);
  });
});
