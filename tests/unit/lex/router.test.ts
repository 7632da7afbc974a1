import { describe, expect, it, vi } from 'vitest';
import {
  close,
  createRouter,
  delegate,
  findRoute,
  toLexRequest,
  type LexHandler,
  type LexRequest,
  type RouteTable,
} from '../../../src/lex';
import { eventFixture } from './helpers';

function request(name: string, change: (r: LexRequest) => LexRequest = (r) => r): LexRequest {
  return change(toLexRequest(eventFixture(name)));
}

const named = (label: string): LexHandler =>
  vi.fn(async (r: LexRequest) => close(r.sessionState, { state: 'Fulfilled', messages: label }));

function messageOf(outcome: Awaited<ReturnType<ReturnType<typeof createRouter>>>): string {
  if (outcome.kind !== 'handled') return outcome.kind;
  const first = outcome.response.messages?.[0];
  return first?.contentType === 'PlainText' ? first.content : '';
}

type Intent = 'MigrateVm' | 'MigrationReport' | 'HelpIntent';

const table: RouteTable<Intent> = {
  MigrateVm: {
    DialogCodeHook: named('validate migration'),
    FulfillmentCodeHook: named('migrate'),
  },
  MigrationReport: {
    DialogCodeHook: {
      labels: { 'offer-report': named('offer report') },
      otherwise: named('ask vm'),
    },
  },
  HelpIntent: {
    FulfillmentCodeHook: { labels: { other: named('other') } },
  },
};

describe('router', () => {
  it('dispatches on intent name, then invocation source', async () => {
    // Prepare
    const route = createRouter(table);

    // Act
    const dialog = await route(request('migrate-vm-dialog-slots-filled'));
    const fulfillment = await route(request('migrate-vm-fulfillment'));

    // Assess
    expect(messageOf(dialog)).toBe('validate migration');
    expect(messageOf(fulfillment)).toBe('migrate');
  });

  it('then on invocation label, with a handler for other or no labels', async () => {
    // Prepare
    const route = createRouter(table);
    const offer = request('migration-report-offer');

    // Act
    const labelled = await route(offer);
    const unlabelled = await route({ ...offer, invocationLabel: undefined });
    const otherLabel = await route({ ...offer, invocationLabel: 'something-else' });

    // Assess
    expect(messageOf(labelled)).toBe('offer report');
    expect(messageOf(unlabelled)).toBe('ask vm');
    expect(messageOf(otherLabel)).toBe('ask vm');
  });

  it('passes the request to the handler untouched', async () => {
    // Prepare
    const handler = vi.fn<LexHandler>(async (r) => delegate(r.sessionState));
    const r = request('migrate-vm-dialog-elicit');

    // Act
    await createRouter({ MigrateVm: { DialogCodeHook: handler } })(r);

    // Assess
    expect(handler).toHaveBeenCalledExactlyOnceWith(r);
  });

  it('reports an unknown intent as such, also for names Object has', () => {
    // Prepare
    const fallback = request('fallback-fulfillment');
    const odd = request('help-fulfillment', (r) => ({
      ...r,
      intent: { ...r.intent, name: 'constructor' },
    }));

    // Act & Assess
    expect(findRoute(table, fallback)).toEqual({
      kind: 'unknown-intent',
      intentName: 'FallbackIntent',
    });
    expect(findRoute(table, odd)).toEqual({ kind: 'unknown-intent', intentName: 'constructor' });
  });

  it('reports a missing source or label route with what was asked for', async () => {
    // Prepare
    const route = createRouter(table);
    const noDialog = request('migration-report-offer', (r) => ({
      ...r,
      invocationSource: 'FulfillmentCodeHook',
    }));
    const noLabel = request('help-fulfillment');

    // Act
    const [a, b] = await Promise.all([route(noDialog), route(noLabel)]);

    // Assess
    expect(a).toEqual({
      kind: 'no-route',
      intentName: 'MigrationReport',
      invocationSource: 'FulfillmentCodeHook',
      invocationLabel: 'offer-report',
    });
    expect(b).toEqual({
      kind: 'no-route',
      intentName: 'HelpIntent',
      invocationSource: 'FulfillmentCodeHook',
      invocationLabel: undefined,
    });
  });

  it('lets handler errors through for the caller to handle', async () => {
    // Prepare
    const route = createRouter({
      MigrateVm: { DialogCodeHook: () => Promise.reject(new Error('store down')) },
    });

    // Act & Assess
    await expect(route(request('migrate-vm-dialog-elicit'))).rejects.toThrow('store down');
  });

  it('types the table by intent name', () => {
    // @ts-expect-error every intent of the union needs routes
    const missing: RouteTable<Intent> = { MigrateVm: {} };
    // @ts-expect-error only the two invocation sources are keys
    const wrongSource: RouteTable<'HelpIntent'> = { HelpIntent: { InitialResponse: named('x') } };
    expect([missing, wrongSource]).toHaveLength(2);
  });
});

describe('toLexRequest', () => {
  it('gives the event with the accessors intent code needs', () => {
    // Prepare
    const event = eventFixture('migration-report-offer');

    // Act
    const r = toLexRequest(event);

    // Assess
    expect(r.event).toBe(event);
    expect(r.intent).toBe(event.sessionState.intent);
    expect(r.sessionState).toBe(event.sessionState);
    expect(r.invocationSource).toBe('DialogCodeHook');
    expect(r.invocationLabel).toBe('offer-report');
    expect(r.inputTranscript).toBe('yes');
    expect(r.slot('VmName')).toBe('vm-3');
    expect(r.slot('Missing')).toBeUndefined();
    expect(r.attribute('offerReportFor')).toBe('vm-3');
    expect(r.attribute('hasOwnProperty')).toBeUndefined();
    expect(r.sessionAttributes).toEqual({ offerReportFor: 'vm-3' });
  });
});
