import { describe, expect, it } from 'vitest';
import { trainClassifier } from '../../../../src/runtime/nlu/classifier';

const f = (...names: string[]) => new Map(names.map((n) => [n, 1]));

const classifier = trainClassifier([
  { label: 'Order', features: f('w:order', 's:Drink') },
  { label: 'Order', features: f('w:want', 's:Drink') },
  { label: 'Order', features: f('w:order', 'w:coffe') },
  { label: 'Cancel', features: f('w:cancel', 'w:order') },
  { label: 'Cancel', features: f('w:cancel') },
  { label: 'Status', features: f('w:where', 'w:order') },
  { label: 'Status', features: f('w:where', 'w:coffe') },
]);
const top = (features: Map<string, number>) => {
  const p = classifier.probabilities(features);
  const i = p.indexOf(Math.max(...p));
  return { label: classifier.labels[i], best: p[i] ?? 0, p };
};

describe('the intent classifier', () => {
  it('learns which words tell the intents apart, from all their utterances at once', () => {
    expect(top(f('w:want', 's:Drink')).label).toBe('Order');
    expect(top(f('w:cancel', 'w:coffe')).label).toBe('Cancel');
    expect(top(f('w:where', 's:Drink')).label).toBe('Status');
  });

  it('gives probabilities that sum to one, with a clear margin for a clear request', () => {
    const { p } = top(f('w:cancel'));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const [first = 0, second = 0] = [...p].sort((a, b) => b - a);
    expect(first - second).toBeGreaterThan(0.3);
  });

  it('is less sure when the words point several ways', () => {
    const margin = (p: number[]) => {
      const [first = 0, second = 0] = [...p].sort((a, b) => b - a);
      return first - second;
    };
    // "order" occurs in three intents' utterances, "cancel" in one.
    expect(margin(top(f('w:order')).p)).toBeLessThan(margin(top(f('w:cancel')).p));
    expect(top(f('w:order')).best).toBeLessThan(top(f('w:cancel')).best);
  });

  it('ignores features it never saw, and knows the ones it did', () => {
    expect(classifier.probabilities(f('w:cancel', 'w:zebra'))).toEqual(
      classifier.probabilities(f('w:cancel')),
    );
    expect(classifier.knows('w:cancel')).toBe(true);
    expect(classifier.knows('w:zebra')).toBe(false);
  });

  it('is deterministic', () => {
    const again = trainClassifier([
      { label: 'A', features: f('w:x') },
      { label: 'B', features: f('w:y') },
    ]);
    const twice = trainClassifier([
      { label: 'A', features: f('w:x') },
      { label: 'B', features: f('w:y') },
    ]);
    expect(again.probabilities(f('w:x'))).toEqual(twice.probabilities(f('w:x')));
  });
});
