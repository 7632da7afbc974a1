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
/**
 * AdaGrad: each weight's step shrinks with its own gradients so far. With one rate for all, a
 * word in two utterances ("reboot") learns a hundred times slower than a slot type in forty, and
 * the slot type decides ("reboot the web server vm" read as a creation).
 */
const LEARNING_RATE = 0.5;
const L2 = 0.0005;
const EPSILON = 1e-8;

export function trainClassifier(examples: readonly Example[]): Classifier {
  const labels = [...new Set(examples.map((e) => e.label))];
  const index = new Map<string, number>();
  for (const e of examples) {
    for (const f of e.features.keys()) if (!index.has(f)) index.set(f, index.size);
  }
  const k = labels.length;
  const weights = new Float64Array(index.size * k);
  const bias = new Float64Array(k);
  // The examples as flat arrays: row r's features are ids[starts[r]..starts[r+1]).
  const starts = new Int32Array(examples.length + 1);
  const ids: number[] = [];
  const values: number[] = [];
  const targets = new Int32Array(examples.length);
  examples.forEach((e, r) => {
    targets[r] = labels.indexOf(e.label);
    for (const [f, v] of e.features) {
      ids.push(index.get(f) as number);
      values.push(v);
    }
    starts[r + 1] = ids.length;
  });
  const featureIds = Int32Array.from(ids);
  const featureValues = Float64Array.from(values);

  const p = new Float64Array(k);
  /** Softmax of the scores of features ids[from..to) into `p`. */
  const softmax = (fIds: Int32Array, fValues: Float64Array, from: number, to: number) => {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c += 1) {
      let s = bias[c] as number;
      for (let j = from; j < to; j += 1) {
        s += (weights[(fIds[j] as number) * k + c] as number) * (fValues[j] as number);
      }
      p[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < k; c += 1) {
      const e = Math.exp((p[c] as number) - max);
      p[c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c += 1) p[c] = (p[c] as number) / sum;
  };

  // Full-batch AdaGrad on the cross-entropy with L2: deterministic, and the data is tiny.
  const gradient = new Float64Array(weights.length);
  const biasGradient = new Float64Array(k);
  const n = Math.max(1, examples.length);
  const squares = new Float64Array(weights.length);
  const biasSquares = new Float64Array(k);
  for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
    gradient.fill(0);
    biasGradient.fill(0);
    for (let r = 0; r < examples.length; r += 1) {
      const from = starts[r] as number;
      const to = starts[r + 1] as number;
      softmax(featureIds, featureValues, from, to);
      for (let c = 0; c < k; c += 1) {
        const error = (p[c] as number) - (c === targets[r] ? 1 : 0);
        biasGradient[c] = (biasGradient[c] as number) + error;
        for (let j = from; j < to; j += 1) {
          const w = (featureIds[j] as number) * k + c;
          gradient[w] = (gradient[w] as number) + error * (featureValues[j] as number);
        }
      }
    }
    for (let i = 0; i < weights.length; i += 1) {
      const w = weights[i] as number;
      const g = (gradient[i] as number) / n + L2 * w;
      squares[i] = (squares[i] as number) + g * g;
      weights[i] = w - (LEARNING_RATE * g) / (Math.sqrt(squares[i] as number) + EPSILON);
    }
    for (let c = 0; c < k; c += 1) {
      const g = (biasGradient[c] as number) / n;
      biasSquares[c] = (biasSquares[c] as number) + g * g;
      bias[c] =
        (bias[c] as number) - (LEARNING_RATE * g) / (Math.sqrt(biasSquares[c] as number) + EPSILON);
    }
  }

  return {
    labels,
    knows: (feature) => index.has(feature),
    probabilities(features) {
      const known = [...features].filter(([f]) => index.has(f));
      const fIds = Int32Array.from(known, ([f]) => index.get(f) as number);
      const fValues = Float64Array.from(known, ([, v]) => v);
      softmax(fIds, fValues, 0, known.length);
      return [...p];
    },
  };
}
