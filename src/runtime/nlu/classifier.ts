/**
 * A small intent classifier trained when the NLU compiles: multinomial logistic regression over
 * the stems of an utterance's words and the slot types it mentions. Where the utterance
 * alignment needs the words of one sample utterance, the classifier weighs every word by what it
 * tells about the intent across all of them, so that requests made of known words in a new
 * combination ("is vm-3 still on its way") are recognised. Its probabilities sum to one over the
 * intents: the gap between the top two is the margin of the decision.
 *
 * Written here rather than taken from a library: a softmax over sparse binary features is some
 * fifty lines, trains in milliseconds and is deterministic; the npm classifiers either pull in a
 * matrix library, give no probabilities (perceptrons) or train slowly.
 */

export type Features = ReadonlyMap<string, number>;

export interface Example {
  readonly label: string;
  readonly features: Features;
}

export interface Classifier {
  readonly labels: readonly string[];
  /** Whether the model has a weight for this feature (it occurred in training). */
  knows(feature: string): boolean;
  /** Probability of each label, in `labels` order. */
  probabilities(features: Features): number[];
}

const EPOCHS = 200;
const LEARNING_RATE = 2;
const L2 = 0.002;

export function trainClassifier(examples: readonly Example[]): Classifier {
  const labels = [...new Set(examples.map((e) => e.label))];
  const index = new Map<string, number>();
  for (const e of examples)
    for (const f of e.features.keys()) if (!index.has(f)) index.set(f, index.size);
  const k = labels.length;
  const weights = new Float64Array(index.size * k);
  const bias = new Float64Array(k);
  const rows = examples.map((e) => ({
    label: labels.indexOf(e.label),
    features: [...e.features].map(([f, v]) => [index.get(f) ?? 0, v] as const),
  }));

  const scores = new Float64Array(k);
  const softmax = (features: readonly (readonly [number, number])[]) => {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c += 1) {
      let s = bias[c] ?? 0;
      for (const [f, v] of features) s += (weights[f * k + c] ?? 0) * v;
      scores[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < k; c += 1) {
      const e = Math.exp((scores[c] ?? 0) - max);
      scores[c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c += 1) scores[c] = (scores[c] ?? 0) / sum;
    return scores;
  };

  // Full-batch gradient descent on the cross-entropy with L2: deterministic, and the data is tiny.
  const gradient = new Float64Array(weights.length);
  const biasGradient = new Float64Array(k);
  const n = Math.max(1, rows.length);
  for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
    gradient.fill(0);
    biasGradient.fill(0);
    for (const row of rows) {
      const p = softmax(row.features);
      for (let c = 0; c < k; c += 1) {
        const error = (p[c] ?? 0) - (c === row.label ? 1 : 0);
        biasGradient[c] = (biasGradient[c] ?? 0) + error;
        for (const [f, v] of row.features) {
          gradient[f * k + c] = (gradient[f * k + c] ?? 0) + error * v;
        }
      }
    }
    for (let i = 0; i < weights.length; i += 1) {
      const w = weights[i] ?? 0;
      weights[i] = w - LEARNING_RATE * ((gradient[i] ?? 0) / n + L2 * w);
    }
    for (let c = 0; c < k; c += 1) {
      bias[c] = (bias[c] ?? 0) - (LEARNING_RATE * (biasGradient[c] ?? 0)) / n;
    }
  }

  return {
    labels,
    knows: (feature) => index.has(feature),
    probabilities(features) {
      const known = [...features].flatMap(([f, v]) => {
        const i = index.get(f);
        return i === undefined ? [] : [[i, v] as const];
      });
      return [...softmax(known)];
    },
  };
}
