import type { IntentScore } from '../core';

/** A text to cluster: its normalised form and what the matcher suggests for it. */
export interface ClusterText {
  readonly key: string;
  readonly suggestions: readonly IntentScore[];
}

/** Options of {@link clusterTexts}. */
export interface ClusterOptions {
  /** Cosine similarity (0–1) to a cluster's first text needed to join it; default 0.4. */
  readonly threshold?: number;
  /** Weight of the matcher's suggestions (their direction) next to the text's own features; default 0.8. */
  readonly suggestionWeight?: number;
}

type Vector = Map<string, number>;

/** Character trigrams of each word (padded, so word starts and ends count) and the words themselves. */
function features(key: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (f: string) => counts.set(f, (counts.get(f) ?? 0) + 1);
  for (const word of key.split(' ')) {
    if (word === '') continue;
    add(`w:${word}`);
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) add(padded.slice(i, i + 3));
  }
  return counts;
}

function normalise(v: Vector): Vector {
  let norm = 0;
  for (const x of v.values()) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [k, x] of v) v.set(k, x / norm);
  return v;
}

function vectors(texts: readonly ClusterText[], suggestionWeight: number): Vector[] {
  const counted = texts.map((t) => features(t.key));
  const df = new Map<string, number>();
  for (const c of counted) for (const f of c.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const n = texts.length;
  return counted.map((c, i) => {
    const v = new Map<string, number>();
    for (const [f, tf] of c) v.set(f, (1 + Math.log(tf)) * (Math.log((1 + n) / (1 + (df.get(f) ?? 0))) + 1));
    normalise(v);
    // What the model thinks the text means pulls paraphrases together ("parcel" / "package").
    const s = new Map<string, number>();
    for (const c2 of texts[i]?.suggestions ?? []) s.set(`i:${c2.intent}`, c2.score);
    normalise(s);
    for (const [f, x] of s) v.set(f, x * suggestionWeight);
    return normalise(v);
  });
}

/**
 * Groups similar texts, deterministically: texts are taken in the given order (put the most important
 * first); each joins the most similar earlier cluster whose first text is at least `threshold` similar
 * (cosine over TF-IDF-weighted character trigrams and words, plus the matcher's suggestions), or starts
 * a new one. Returns clusters as lists of indices into `texts`, in order of their first text. Linear in
 * the number of texts times the clusters sharing a feature with each (an inverted index).
 */
export function clusterTexts(texts: readonly ClusterText[], options: ClusterOptions = {}): number[][] {
  const threshold = options.threshold ?? 0.4;
  const vs = vectors(texts, options.suggestionWeight ?? 0.8);
  const clusters: number[][] = [];
  const leaders: Vector[] = [];
  const postings = new Map<string, number[]>();
  vs.forEach((v, i) => {
    const dots = new Map<number, number>();
    for (const [f, x] of v) {
      for (const c of postings.get(f) ?? []) dots.set(c, (dots.get(c) ?? 0) + x * (leaders[c]?.get(f) ?? 0));
    }
    let best = -1;
    let bestDot = threshold;
    for (const [c, dot] of dots) {
      if (dot > bestDot || (dot === bestDot && best !== -1 && c < best)) {
        best = c;
        bestDot = dot;
      }
    }
    if (best >= 0) {
      clusters[best]?.push(i);
      return;
    }
    const id = clusters.length;
    clusters.push([i]);
    leaders.push(v);
    for (const f of v.keys()) {
      const list = postings.get(f);
      if (list === undefined) postings.set(f, [id]);
      else list.push(id);
    }
  });
  return clusters;
}
