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
    const follow = intent.slots.Follow?.value?.interpretedValue;
    if (name === 'MigrationReport' && follow) {
      return {
        sessionState: {
          dialogAction: { type: 'Close' },
          intent: { ...intent, state: 'Fulfilled' },
        },
        messages: [text(follow === 'Yes' ? 'vm-3 is in round 2.' : 'OK.')],
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
      // Chain 1, the Lambda's: it goes on to MigrationReport and asks its Follow slot.
      return {
        sessionState: {
          dialogAction: { type: 'ElicitSlot', slotToElicit: 'Follow' },
          intent: {
            name: 'MigrationReport',
            slots: { VmName: value('vm-3') },
            state: 'InProgress',
          },
        },
        messages: [text('Migrating.'), text("Follow vm-3's migration?")],
      };
    case 'RecommendHost':
      // Chain 2, the Lambda's: the recommendation answered with MigrateVm's confirmation.
      return {
        sessionState: {
          dialogAction: { type: 'ConfirmIntent' },
          intent: {
            name: 'MigrateVm',
            slots: { VmName: value('vm-4'), TargetHost: value('host-c') },
            state: 'InProgress',
            confirmationState: 'None',
          },
        },
        messages: [text('host-c fits vm-4 best.'), text('Migrate vm-4 to host-c?')],
      };
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
  it("chain 1: the Lambda's answer to a migration goes on to MigrationReport's Follow slot", async () => {
    // Prepare
    const { say } = setup();
    // Act
    const ask = await say('migrate vm-3 to host-b');
    const yes = await say('yes');
    const follow = await say('yes');
    // Assess
    expect(contents(ask)).toEqual(['About 42 s, 125 ms of downtime. Go ahead?']);
    expect(contents(yes)).toEqual(['Migrating.', "Follow vm-3's migration?"]);
    expect(summary(yes)).toMatchObject({ intent: 'MigrationReport', action: 'ElicitSlot' });
    // The yes is a value of the slot (AMAZON.Confirmation), seen by the capture code hook.
    expect(contents(follow)).toEqual(['vm-3 is in round 2.']);
  });

  it("chain 2: the Lambda answers a recommendation with MigrateVm's confirmation", async () => {
    const { say } = setup();
    const r = await say('recommend a host for vm-4');
    expect(contents(r)).toEqual(['host-c fits vm-4 best.', 'Migrate vm-4 to host-c?']);
    expect(summary(r)).toMatchObject({ intent: 'MigrateVm', action: 'ConfirmIntent' });
    expect(slotValues(r)).toMatchObject({ VmName: 'vm-4', TargetHost: 'host-c' });
  });

  it('a chain through the closing response: who the bot is, then what it can do', async () => {
    const { say, lambda } = setup();
    const r = await say('who are you');
    // Each intent's initial code hook lets Lex go on; the definition answers, then chains.
    expect(lambda.sources()).toEqual(['DialogCodeHook:AboutBot', 'DialogCodeHook:HelpIntent']);
    expect(contents(r)[0]).toMatch(/^I'm vmbot/);
    expect(contents(r)[1]).toMatch(/^I live-migrate VMs/);
    expect(summary(r)).toMatchObject({ intent: 'HelpIntent', action: 'ElicitIntent' });
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

  it('HelpIntent asks the Lambda first, then the definition answers (no fulfillment hook)', async () => {
    const { say, lambda } = setup();
    const r = await say('what can you do');
    expect(lambda.sources()).toEqual(['DialogCodeHook:HelpIntent']);
    expect(contents(r)[0]).toMatch(/^I live-migrate VMs/);
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
