/**
 * Applies the `--at-risk` rule (`atRiskRule.ts`) to the business labels: with `p-alive<t`, a
 * customer is At-Risk when the fitted BG/NBD's P(alive) is below t, and every other customer is
 * labelled by F and M as the R 3-5 boxes of `BUSINESS_SEGMENTS` label them. Customers outside the
 * purchase fit (first seen on the last day, T = 0) keep the RFM rule's label; without a fitted
 * model the RFM rule applies and the summary says why.
 */
import { BUSINESS_SEGMENTS, segmentRfm, segmentSummary } from '@shopper-spectrum/rfm';
import type { RfmTable, SegmentMap, Segmentation as RfmSegmentation } from '@shopper-spectrum/rfm';
import type { AtRiskRule } from './atRiskRule.js';
import { formatAtRiskRule } from './atRiskRule.js';
import type { Segmentation } from './segmentation.js';
import { rfmAgainstClusters } from './segmentation.js';

/** The business map's At-Risk segment name. */
export const AT_RISK = 'At-Risk';

/**
 * The business map as if its At-Risk box were absent: High-Value, Regular and Occasional by F and M
 * over every recency score (the boxes of R 3-5 widened to R 1-5). It covers every score cell once.
 *
 * @example
 * ```ts
 * BUSINESS_SEGMENTS_BY_FM.segments.map((s) => s.name);
 * // => ['High-Value', 'Regular', 'Occasional']
 * ```
 */
export const BUSINESS_SEGMENTS_BY_FM: SegmentMap = {
  name: 'Business labels by F and M (At-Risk decided apart)',
  bins: BUSINESS_SEGMENTS.bins,
  segments: BUSINESS_SEGMENTS.segments
    .filter((s) => s.name !== AT_RISK)
    .map((s) => ({ ...s, boxes: s.boxes.map((b) => ({ ...b, recency: [1, BUSINESS_SEGMENTS.bins] as const })) })),
};

/** `summary.atRisk`: the At-Risk rule applied, and what it changed against the RFM rule. */
export interface AtRiskSummary {
  /** The rule as asked (`--at-risk`). */
  readonly asked: string;
  /** The rule applied: the asked one, or `rfm` when the P(alive) rule could not apply (see `fallback`). */
  readonly rule: 'rfm' | 'p-alive';
  /** The P(alive) threshold; null for the RFM rule. */
  readonly threshold: number | null;
  /** The rule in words. */
  readonly definition: string;
  /** Why the asked P(alive) rule fell back to the RFM rule; null when it did not. */
  readonly fallback: string | null;
  /** Customers labelled At-Risk. */
  readonly customers: number;
  /** Customers whose label differs from the RFM rule's (0 for the RFM rule). */
  readonly changedFromRfm: number;
  /** Customers the RFM rule puts At-Risk that this rule does not (alive: labelled by F and M). */
  readonly leftAtRisk: number;
  /** Customers this rule puts At-Risk that the RFM rule does not. */
  readonly joinedAtRisk: number;
  /** Customers outside the purchase fit (first seen on the last day) who keep the RFM rule's label (0 for the RFM rule). */
  readonly keptRfmLabel: number;
  /**
   * P(alive) over the customers in the purchase fit (min, 10th and 25th percentile, median; nearest
   * rank), to choose a threshold by; null for the RFM rule.
   */
  readonly pAlive: { readonly min: number; readonly p10: number; readonly p25: number; readonly median: number } | null;
  /**
   * Customers in the fit without a repeat purchase: BG/NBD lets a customer lapse only just after a
   * purchase, so their P(alive) is 1 and this rule never puts them At-Risk (null for the RFM rule).
   */
  readonly noRepeat: number | null;
  /** Every change of label, `from` the RFM rule's `to` this rule's, most customers first. */
  readonly moves: readonly { readonly from: string; readonly to: string; readonly customers: number }[];
  /** One sentence for the CLI, summary.md, report.html and the dashboard. */
  readonly text: string;
}

/** Options of {@link applyAtRiskRule}. */
export interface ApplyAtRiskOptions {
  /** The RFM table the segmentation was made from. */
  readonly rfm: RfmTable;
  /** The segmentation with the RFM rule's labels (`segmentCustomers`). */
  readonly segmentation: Segmentation;
  /** The rule asked. @defaultValue `{ rule: 'rfm' }` */
  readonly rule?: AtRiskRule;
  /**
   * P(alive) per customer, in the RFM table's order, and which customers the purchase model was
   * fitted on (`inFit[i]` 0: first seen on the last day); null when the models were not fitted.
   */
  readonly alive: { readonly probabilityAlive: ArrayLike<number>; readonly inFit: ArrayLike<number>; readonly frequency?: ArrayLike<number> } | null;
  /** Why the models were not fitted, for the fallback sentence. @defaultValue 'the customer-value models were not fitted' */
  readonly notFitted?: string;
}

const int = (x: number) => x.toLocaleString('en-GB');
const customers = (n: number) => `${int(n)} customer${n === 1 ? '' : 's'}`;

/**
 * The business labels under the At-Risk rule: a new segmentation (labels, the segment summary, the
 * RFM segment x cluster table and its agreement) and `summary.atRisk`. The RFM rule returns the
 * segmentation as it is. O(n + bins^3).
 *
 * @example
 * ```ts
 * applyAtRiskRule({ rfm, segmentation: seg, rule: { rule: 'p-alive', threshold: 0.5 }, alive: { probabilityAlive, inFit } }).summary.rule;
 * // => 'p-alive'
 * ```
 */
export function applyAtRiskRule(options: ApplyAtRiskOptions): { segmentation: Segmentation; summary: AtRiskSummary } {
  const { rfm, segmentation: seg, alive } = options;
  const rule = options.rule ?? { rule: 'rfm' };
  const asked = formatAtRiskRule(rule);
  const n = rfm.length;
  const rfmRuleCount = seg.businessLabels.filter((l) => l === AT_RISK).length;
  const rfmDefinition = 'At-Risk: recency quintile score 1 or 2 (the RFM rule of the business map: not seen for a long time, whatever was bought)';
  const unchanged = (fallback: string | null): { segmentation: Segmentation; summary: AtRiskSummary } => ({
    segmentation: seg,
    summary: {
      asked,
      rule: 'rfm',
      threshold: null,
      definition: rfmDefinition,
      fallback,
      customers: rfmRuleCount,
      changedFromRfm: 0,
      leftAtRisk: 0,
      joinedAtRisk: 0,
      keptRfmLabel: 0,
      pAlive: null,
      noRepeat: null,
      moves: [],
      text: fallback === null ? `At-Risk by the RFM rule (recency score 1 or 2): ${customers(rfmRuleCount)}.` : `At-Risk by the RFM rule (recency score 1 or 2): ${customers(rfmRuleCount)}; ${asked} was asked, but ${fallback}, so the RFM rule applies.`,
    },
  });
  if (rule.rule === 'rfm') return unchanged(null);
  if (alive === null) return unchanged(options.notFitted ?? 'the customer-value models were not fitted');
  if (alive.probabilityAlive.length !== n || alive.inFit.length !== n) throw new Error(`P(alive) has ${alive.probabilityAlive.length} customers, the RFM table ${n} (a bug)`);
  const business = segmentRfm(seg.scores, BUSINESS_SEGMENTS);
  const byFm = segmentRfm(seg.scores, BUSINESS_SEGMENTS_BY_FM);
  const atRiskCode = business.names.indexOf(AT_RISK);
  const codeOf = byFm.names.map((name) => business.names.indexOf(name));
  const segment = new Int16Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (!alive.inFit[i]) {
      segment[i] = business.segment[i]!;
      kept++;
    } else segment[i] = alive.probabilityAlive[i]! < rule.threshold ? atRiskCode : codeOf[byFm.segment[i]!]!;
  }
  const perSegment = new Array<number>(business.names.length).fill(0);
  for (let i = 0; i < n; i++) if (segment[i]! >= 0) perSegment[segment[i]!]!++;
  const relabelled: RfmSegmentation = {
    ...business,
    segment,
    counts: Object.fromEntries(business.names.map((name, k) => [name, perSegment[k]!])),
    unmatched: segment.filter((s) => s < 0).length,
    nameOf(index: number): string | null {
      const s = segment[index];
      return s === undefined || s < 0 ? null : business.names[s]!;
    },
  };
  const against = rfmAgainstClusters({ segment, names: business.names, clusterLabels: seg.labels, clusters: seg.model.names });
  const moves = new Map<string, number>();
  let left = 0;
  let joined = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const from = seg.businessLabels[i]!;
    const to = against.labels[i]!;
    if (from === to) continue;
    changed++;
    if (from === AT_RISK) left++;
    if (to === AT_RISK) joined++;
    const key = `${from}\u0000${to}`;
    moves.set(key, (moves.get(key) ?? 0) + 1);
  }
  const count = perSegment[atRiskCode]!;
  const fitted: number[] = [];
  let noRepeat = 0;
  for (let i = 0; i < n; i++) {
    if (!alive.inFit[i]) continue;
    fitted.push(alive.probabilityAlive[i]!);
    if (alive.frequency && alive.frequency[i] === 0) noRepeat++;
  }
  fitted.sort((x, y) => x - y);
  const rank = (q: number) => fitted[Math.min(fitted.length - 1, Math.max(0, Math.ceil(q * fitted.length) - 1))] ?? NaN;
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const spread = { min: r4(fitted[0] ?? NaN), p10: r4(rank(0.1)), p25: r4(rank(0.25)), median: r4(rank(0.5)) };
  const below = fitted.filter((p) => p < rule.threshold).length;
  const none = below === 0 ? `; no customer has a P(alive) below ${rule.threshold} (the lowest is ${spread.min.toFixed(4)}, the 10th percentile ${spread.p10.toFixed(4)}): the fitted BG/NBD expects few customers to have lapsed, so a higher threshold or the RFM rule says more` : '';
  const t = rule.threshold;
  return {
    segmentation: { ...seg, business: segmentSummary(rfm, relabelled), businessLabels: against.labels, crosstab: against.crosstab, rfmAgreement: against.rfmAgreement },
    summary: {
      asked,
      rule: 'p-alive',
      threshold: t,
      definition: `At-Risk: P(alive) below ${t} (BG/NBD, as of the last day); the others labelled by frequency and spend scores as the business map labels recent customers (High-Value F 4-5 and M 4-5, Regular F 3 or F 4-5 with M 1-3, Occasional F 1-2), whatever their recency; customers first seen on the last day keep the RFM rule's label; BG/NBD lets customers lapse only just after a purchase, so one without a repeat purchase has P(alive) 1 and is never At-Risk by this rule`,
      fallback: null,
      customers: count,
      changedFromRfm: changed,
      leftAtRisk: left,
      joinedAtRisk: joined,
      keptRfmLabel: kept,
      pAlive: spread,
      noRepeat: alive.frequency ? noRepeat : null,
      moves: [...moves.entries()].map(([k, v]) => ({ from: k.split('\u0000')[0]!, to: k.split('\u0000')[1]!, customers: v })).sort((a, b) => b.customers - a.customers || (a.from + a.to < b.from + b.to ? -1 : 1)),
      text: `At-Risk by P(alive) below ${t} (--at-risk ${asked}): ${customers(count)}, against ${int(rfmRuleCount)} by the RFM rule; ${customers(changed)} changed label (${int(joined)} joined At-Risk, ${int(left)} left it and are labelled by frequency and spend)${kept ? `; ${customers(kept)} first seen on the last day ${kept === 1 ? 'keeps' : 'keep'} the RFM rule's label` : ''}${alive.frequency && noRepeat ? `; ${customers(noRepeat)} without a repeat purchase ${noRepeat === 1 ? 'has' : 'have'} P(alive) 1 in BG/NBD and ${noRepeat === 1 ? 'is' : 'are'} never At-Risk by this rule` : ''}${none}.`,
    },
  };
}
