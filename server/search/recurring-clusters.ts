/**
 * @module server/search/recurring-clusters
 * Groups cases that ask the same thing, from their features alone (no
 * database): the stems of the question's words and, weighing less, the pages
 * and clicked elements of the case's recording. Each case is a TF-IDF vector
 * over those features; cases are taken most typical first and each joins
 * the group whose centroid it is most similar to (cosine), or starts a new
 * one. The order and the tie-breaks are fixed, so the same cases always give
 * the same groups.
 */

export interface CaseFeatures {
  id: string;
  /** Stems of the question's words (stop words left out), with repeats. */
  words: readonly string[];
  /** Recording features: `page:/path` and `click:name`. */
  recording: readonly string[];
}

/** How much a recording feature counts against a word of the question. */
const RECORDING_WEIGHT = 0.5;
/**
 * A case joins a group at this cosine with its centroid or more (and two
 * shared question words, see {@link clusterCases}). Paraphrases of a short
 * question share most of their content words, each adding one or two of its own.
 */
export const JOIN_SIMILARITY = 0.3;

type Vector = Map<string, number>;

const norm = (v: Vector) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));

function cosine(a: Vector, b: Vector, bNorm: number): number {
  const aNorm = norm(a);
  if (!aNorm || !bNorm) return 0;
  let dot = 0;
  for (const [k, x] of a) {
    const y = b.get(k);
    if (y) dot += x * y;
  }
  return dot / (aNorm * bNorm);
}

/** Each case's TF-IDF vector (idf over these cases: a feature of every case says nothing). */
export function vectors(cases: readonly CaseFeatures[]): Map<string, Vector> {
  const df = new Map<string, number>();
  const features = cases.map((c) => {
    const f = new Map<string, number>();
    for (const w of c.words) f.set(`w:${w}`, (f.get(`w:${w}`) ?? 0) + 1);
    for (const r of new Set(c.recording)) f.set(r, RECORDING_WEIGHT);
    for (const k of f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    return f;
  });
  const n = cases.length;
  const out = new Map<string, Vector>();
  cases.forEach((c, i) => {
    const v: Vector = new Map();
    for (const [k, tf] of features[i]!) v.set(k, tf * Math.log(1 + n / df.get(k)!));
    out.set(c.id, v);
  });
  return out;
}

export interface Cluster {
  /** In the order given (oldest first). */
  ids: string[];
  /** The member most similar to the group's centroid. */
  representative: string;
  /** Question stems by their weight in the centroid, heaviest first. */
  topWords: string[];
}

/**
 * Groups `cases` (given oldest first). The most typical questions (the
 * largest summed similarity to the others) are placed first, so a group
 * starts from its core rather than from whichever paraphrase came first;
 * each case then joins the group it is most similar to when the cosine with
 * the group's centroid is at least {@link JOIN_SIMILARITY} and it shares at
 * least two question words with the group (or all of its own, if fewer): one
 * common word ("download") is not the same question. Only groups of two or
 * more cases are recurring.
 */
export function clusterCases(cases: readonly CaseFeatures[]): Cluster[] {
  const vs = vectors(cases);
  const order = byTypicality(cases, vs);
  const groups: { ids: string[]; sum: Vector }[] = [];
  for (const c of order) {
    const v = vs.get(c.id)!;
    const own = new Set(c.words);
    const needed = Math.min(2, own.size);
    let best = -1;
    let bestSim = JOIN_SIMILARITY;
    groups.forEach((g, i) => {
      let shared = 0;
      for (const w of own) if (g.sum.has(`w:${w}`)) shared++;
      if (shared < needed) return;
      const sim = cosine(v, g.sum, norm(g.sum));
      if (sim >= bestSim && (best < 0 || sim > bestSim)) {
        best = i;
        bestSim = sim;
      }
    });
    if (best < 0) {
      groups.push({ ids: [c.id], sum: new Map(v) });
    } else {
      const g = groups[best]!;
      g.ids.push(c.id);
      for (const [k, x] of v) g.sum.set(k, (g.sum.get(k) ?? 0) + x);
    }
  }
  const position = new Map(cases.map((c, i) => [c.id, i]));
  return groups
    .filter((g) => g.ids.length >= 2)
    .map((g) => {
      const sumNorm = norm(g.sum);
      const ids = [...g.ids].sort((a, b) => position.get(a)! - position.get(b)!);
      let representative = g.ids[0]!;
      let bestSim = -1;
      for (const id of g.ids) {
        const sim = cosine(vs.get(id)!, g.sum, sumNorm);
        if (sim > bestSim + 1e-12) {
          representative = id;
          bestSim = sim;
        }
      }
      const topWords = [...g.sum]
        .filter(([k]) => k.startsWith('w:'))
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([k]) => k.slice(2));
      return { ids, representative, topWords };
    });
}

/** The cases by their summed cosine with all others, highest first (ties: the given order). */
function byTypicality(cases: readonly CaseFeatures[], vs: Map<string, Vector>): CaseFeatures[] {
  // NOTE: an inverted index: only cases sharing a feature are compared.
  const holders = new Map<string, number[]>();
  cases.forEach((c, i) => {
    for (const k of vs.get(c.id)!.keys()) {
      const list = holders.get(k);
      if (list) list.push(i);
      else holders.set(k, [i]);
    }
  });
  const norms = cases.map((c) => norm(vs.get(c.id)!));
  const typicality = cases.map((c, i) => {
    const v = vs.get(c.id)!;
    const dots = new Map<number, number>();
    for (const [k, x] of v)
      for (const j of holders.get(k)!) if (j !== i) dots.set(j, (dots.get(j) ?? 0) + x * vs.get(cases[j]!.id)!.get(k)!);
    let sum = 0;
    for (const [j, dot] of dots) if (norms[i] && norms[j]) sum += dot / (norms[i] * norms[j]);
    return sum;
  });
  return cases
    .map((c, i) => ({ c, i }))
    .sort((a, b) => typicality[b.i]! - typicality[a.i]! || a.i - b.i)
    .map(({ c }) => c);
}

/** The median of `values` (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
