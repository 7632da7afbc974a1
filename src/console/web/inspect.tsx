import type { ComponentChildren } from 'preact';
import type { Interpretation, SessionState, SlotState } from '../../runtime/api/types';
import type { LambdaCall } from '../api-types';
import { JsonTree } from './json-tree';
import { Table } from './table';

/** What the page knows of the last turn: Lex's answer and the Lambda calls it made. */
export interface TurnView {
  text: string;
  sessionState: SessionState;
  interpretations: Interpretation[];
  raw: unknown;
  calls: LambdaCall[] | undefined;
  /** What is wrong with the bot's answer (no message at all), shown first. */
  problems: string[];
}

/**
 * Like the Lex console's Inspect panel: for the last turn, the interpretations and their
 * confidence, the intent and its state, the dialog action, the slots, session attributes,
 * active contexts, and the Lambda's calls with their events and responses.
 */
export function Inspect(props: { turn: TurnView | undefined }) {
  const { turn } = props;
  return (
    <section class="panel inspect" aria-labelledby="inspect-heading">
      <h2 id="inspect-heading">Inspect</h2>
      {!turn ? (
        <p class="hint">Say something to the bot: the last turn shows here.</p>
      ) : (
        <InspectTurn turn={turn} />
      )}
    </section>
  );
}

function InspectTurn({ turn }: { turn: TurnView }) {
  const { sessionState: state } = turn;
  const intent = state.intent;
  const action = state.dialogAction;
  const attributes = Object.entries(state.sessionAttributes ?? {});
  const contexts = state.activeContexts ?? [];
  const slots = Object.entries(intent?.slots ?? {});
  return (
    <>
      <p class="turn-text">
        Last input: <q>{turn.text}</q>
      </p>
      {turn.problems.length > 0 ? (
        <div class="part problems" role="alert">
          <h3>Problems</h3>
          <ul>
            {turn.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Part title="Interpretations">
        <Table
          columns={['Intent', 'Confidence', 'State']}
          rows={turn.interpretations.map((i) => [
            <Name text={i.intent.name} />,
            i.nluConfidence ? i.nluConfidence.score.toFixed(2) : '—',
            i.intent.state ?? '',
          ])}
          rowClass={(n) => (n === 0 ? 'best' : undefined)}
        />
      </Part>
      <Part title="Intent and dialog action">
        <dl class="facts">
          <dt>Intent</dt>
          <dd>{intent?.name ? <Name text={intent.name} /> : 'none'}</dd>
          <dt>State</dt>
          <dd>{intent?.state ?? '—'}</dd>
          <dt>Confirmation</dt>
          <dd>{intent?.confirmationState ?? '—'}</dd>
          <dt>Dialog action</dt>
          <dd>
            {action
              ? `${action.type}${action.slotToElicit ? ` (${action.slotToElicit})` : ''}`
              : '—'}
          </dd>
        </dl>
      </Part>
      <Part title="Slots">
        {slots.length > 0 ? (
          <div class="table-scroll" tabIndex={0}>
            <Table
              columns={['Slot', 'Original', 'Interpreted', 'Resolved']}
              rows={slots.map(slotRow)}
            />
          </div>
        ) : (
          <p class="hint">No slots.</p>
        )}
      </Part>
      <Part title="Session attributes">
        {attributes.length > 0 ? (
          <Table
            rows={attributes.map(([k, v]) => [<Name text={k} />, <AttributeValue value={v} />])}
          />
        ) : (
          <p class="hint">None.</p>
        )}
      </Part>
      <Part title="Active contexts">
        {contexts.length > 0 ? (
          <ul class="contexts">
            {contexts.map((c) => (
              <li>
                <strong>
                  <Name text={c.name} />
                </strong>
                : {c.timeToLive.turnsToLive} turns, {c.timeToLive.timeToLiveInSeconds} s
                {Object.keys(c.contextAttributes).length > 0
                  ? ` (${Object.entries(c.contextAttributes)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')})`
                  : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p class="hint">None.</p>
        )}
      </Part>
      <Part title="Lambda calls">
        <LambdaCalls calls={turn.calls} />
      </Part>
      <JsonTree label="Lex response" value={turn.raw} openDepth={0} />
    </>
  );
}

/**
 * A name (an intent, slot or attribute) that may wrap only between its words: after "_", "."
 * "-" or ":", and before a capital that follows a small letter ("open|Task", "Migration|Report").
 */
export function Name({ text }: { text: string }) {
  const parts = text.split(/(?<=[_.:-])|(?<=[a-z0-9])(?=[A-Z])/);
  return <span class="name">{parts.map((part, i) => (i === 0 ? part : [<wbr />, part]))}</span>;
}

/** A session attribute's value: JSON (a task the bot keeps) as a tree, anything else as text. */
function AttributeValue({ value }: { value: string }) {
  if (/^[[{]/.test(value)) {
    try {
      return (
        <JsonTree label={`${value.length} characters`} value={JSON.parse(value)} openDepth={0} />
      );
    } catch {
      // Not JSON after all: shown as it is.
    }
  }
  return <span class="value">{value}</span>;
}

function Part(props: { title: string; children: ComponentChildren }) {
  return (
    <div class="part">
      <h3>{props.title}</h3>
      {props.children}
    </div>
  );
}

/** A slot's values as Lex returns them: a list slot shows its values' interpretations. */
function slotRow([name, slot]: [string, SlotState | null]): ComponentChildren[] {
  const value = slot?.value;
  const list = slot?.values?.map((v) => v.value?.interpretedValue).filter(Boolean);
  return [
    <Name text={name} />,
    value?.originalValue ?? '—',
    value?.interpretedValue ?? (list && list.length > 0 ? list.join(', ') : '—'),
    value?.resolvedValues?.join(', ') || '—',
  ];
}

function LambdaCalls({ calls }: { calls: LambdaCall[] | undefined }) {
  if (!calls) return <p class="hint">Loading…</p>;
  if (calls.length === 0) return <p class="hint">The Lambda was not called in this turn.</p>;
  return (
    <ol class="lambda-calls">
      {calls.map((c) => (
        <li>
          <details>
            <summary>
              <strong>
                <Name text={c.invocationSource} />
              </strong>
              {c.invocationLabel ? <span class="label"> · label {c.invocationLabel}</span> : null}
              {' · '}
              <Name text={c.intentName} /> · {c.durationMs.toFixed(0)} ms · {c.dynamoRequests}{' '}
              DynamoDB request
              {c.dynamoRequests === 1 ? '' : 's'}
              {c.error ? <span class="error"> · {c.error}</span> : null}
            </summary>
            <JsonTree label="event" value={c.event} openDepth={1} />
            <JsonTree label="response" value={c.response ?? null} openDepth={2} />
          </details>
        </li>
      ))}
    </ol>
  );
}
