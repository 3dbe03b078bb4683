/**
 * The learned ranker on several cutoffs of the issue-6 protocol (notebook preset, temporal split at
 * each cutoff, K = 5, both policies, AP@K normalised by min(K, |relevant|); see src/protocol.ts).
 * For each cutoff: MAP@5 of `ease` (its defaults), of the learned ranker as it was before issue 19
 * (its learned weights alone: `blend: 0`) and as it is now (`blend: 'auto'`, the blend weight chosen
 * by cross-validation over the inner holdout and the one before it), what the new one decided and on
 * which inner-holdout figures, and the test
 * MAP@5 each fixed blend weight would have had (hindsight: printed to judge the decision, never used
 * by it). Prints a markdown table at the end.
 *
 * One ranker fit per cutoff (three EASE fits: the earlier period's, the inner holdout's, the train
 * table's). The other rankings reuse it: the old ranker and the fixed blends are the same fitted
 * model restored with another blend weight (its definition's `restore`, so no refit: the weights
 * are learned the same whatever the blend), and `ease` is the ranker's own EASE part (`ease` with its
 * defaults on the binary matrix of the train table, the model `fitRecommender('ease', train)` fits;
 * `--refit` fits both from scratch instead, to check that).
 *
 * Usage: tsx --conditions=@shopper-spectrum/source src/rankerCutoffs.ts [--refit] [--preset=notebook] [cutoffs...]
 *        (default cutoffs 2011-07-01 2011-08-01 2011-09-01 2011-10-01 2011-11-01)
 */
import { cleanTransactions } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import { fitData, fitRecommender, RECOMMENDERS } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';

const args = process.argv.slice(2);
const refit = args.includes('--refit');
const preset = (args.find((a) => a.startsWith('--preset='))?.slice('--preset='.length) ?? 'notebook') as 'notebook' | 'trusted' | 'strict';
const listed = args.filter((a) => !a.startsWith('--'));
const cutoffs = listed.length ? listed : ['2011-07-01', '2011-08-01', '2011-09-01', '2011-10-01', '2011-11-01'];
const path = process.env.SHOPPER_SPECTRUM_DATA ?? new URL('../../../shared/data/online-retail.csv.gz', import.meta.url).pathname;
const table = cleanTransactions((await loadTransactions(path)).table, { preset }).table;
console.log(`${preset} preset: ${table.length} rows`);

/** The decision record the ranker keeps per policy (`LearnedRankerDecision`). */
interface Decision {
  decision: 'learned' | 'blend' | 'base';
  blendWeight: number;
  chosenOn: string;
  fitted: { base: number; learned: number };
  validation: { blendWeights: number[]; map: number[]; forward: number[]; backward: number[]; gain: number[]; standardError: number[] } | null;
  scale: [number, number];
}
type Policy = 'new' | 'own';
const POLICIES: readonly [Policy, boolean][] = [
  ['new', true],
  ['own', false],
];

/** MAP@5 of a model under a policy (new products only: excludeSeen). */
function map5(model: Recommender, train: TransactionTable, test: TransactionTable, excludeSeen: boolean): { map: number; users: number } {
  const r = evaluate({ train, test, k: [5], excludeSeen, rank: (c) => model.recommend(c, 5, { seen: excludeSeen ? 'exclude' : 'allow', explain: false }).map((x) => x.item) });
  return { map: r.means['map@5']!, users: r.evaluated };
}

/** The fitted ranker restored with fixed blend weights per policy (no refit). */
function withBlend(model: Recommender, weights: Record<Policy, number | null>): Recommender {
  const spec = model.spec;
  const { decisions, ...rest } = spec.state as { decisions: Record<Policy, Decision> };
  const state: Record<string, unknown> = { ...rest };
  if (weights.new !== null && weights.own !== null) {
    const fixed = (d: Decision, w: number): Decision => ({ ...d, blendWeight: w, decision: w === 0 ? 'learned' : w === 1 ? 'base' : 'blend', chosenOn: 'fixed', validation: null });
    state.decisions = { new: fixed(decisions.new, weights.new), own: fixed(decisions.own, weights.own) };
  }
  // weights null: no decisions and blend 0, as a model saved before issue 19 (the old ranker exactly)
  const options = weights.new === null ? { ...spec.options, blend: 0 } : { ...spec.options, blend: weights.new === weights.own ? weights.new : 'auto' };
  return RECOMMENDERS['learned-ranker'].restore({ kind: spec.kind, options, state, matrix: model.matrix, parts: spec.parts ?? [] });
}

const f4 = (v: number) => v.toFixed(4);
const curve = (values: readonly number[]) => values.map(f4).join(' / ');
const pct = (v: number, base: number) => `${v >= base ? '+' : ''}${(((v - base) / base) * 100).toFixed(1)}%`;
const rows: string[] = [];
const started = performance.now();
for (const cutoff of cutoffs) {
  const t0 = performance.now();
  const { train, test } = temporalSplit(table, { cutoff });
  const data = fitData(train);
  const ranker = fitRecommender('learned-ranker', data);
  const fitMs = performance.now() - t0;
  const old = refit ? fitRecommender('learned-ranker', data, { blend: 0 }) : withBlend(ranker, { new: null, own: null });
  const base = refit ? fitRecommender('ease', data) : ranker.spec.parts![0]!.model;
  if (base.kind !== 'ease') throw new Error(`the ranker's base is ${base.kind}, not ease`);
  const decisions = ranker.spec.state.decisions as Record<Policy, Decision>;
  const cells: Record<Policy, { ease: number; old: number; now: number; users: number }> = {} as never;
  for (const [p, excludeSeen] of POLICIES) {
    const e = map5(base, train, test, excludeSeen);
    const o = map5(old, train, test, excludeSeen);
    const n = map5(ranker, train, test, excludeSeen);
    cells[p] = { ease: e.map, old: o.map, now: n.map, users: e.users };
    const d = decisions[p];
    const hindsight = d.validation!.blendWeights.map((w) => map5(withBlend(ranker, { new: w, own: w }), train, test, excludeSeen).map);
    console.log(
      `${cutoff} ${p === 'new' ? 'new products' : 'repeats allowed'} (${e.users} customers): ease ${f4(e.map)}, old ranker ${f4(o.map)} (${pct(o.map, e.map)}), new ranker ${f4(n.map)} (${pct(n.map, e.map)}; ${d.decision}, base weight ${d.blendWeight})\n` +
        `  inner holdout, weights fitted on it: base ${f4(d.fitted.base)}, learned ${f4(d.fitted.learned)}\n` +
        `  by base weight ${d.validation!.blendWeights.join(' / ')}: earlier weights on the inner holdout ${curve(d.validation!.forward)}; inner weights on the earlier holdout ${curve(d.validation!.backward)}; mean ${curve(d.validation!.map)}; gain over 0 ${curve(d.validation!.gain)} (standard error ${curve(d.validation!.standardError)})\n` +
        `  test (hindsight, never used): ${curve(hindsight)}`,
    );
  }
  console.log(`${cutoff}: ranker fit ${(fitMs / 1000).toFixed(0)} s, cutoff ${((performance.now() - t0) / 1000).toFixed(0)} s${refit ? ' (old ranker and ease refitted)' : ''}\n`);
  const c = cells;
  rows.push(
    `| ${cutoff} | ${c.new.users} / ${c.own.users} | ${f4(c.new.ease)} | ${f4(c.new.old)} (${pct(c.new.old, c.new.ease)}) | **${f4(c.new.now)}** (${pct(c.new.now, c.new.ease)}) | ${decisions.new.decision} (${decisions.new.blendWeight}) | ${f4(c.own.ease)} | ${f4(c.own.old)} | **${f4(c.own.now)}** | ${decisions.own.decision} (${decisions.own.blendWeight}) |`,
  );
}
console.log('| cutoff | customers (new / repeats) | ease, new | old ranker, new | new ranker, new | decision (base weight) | ease, repeats | old ranker, repeats | new ranker, repeats | decision (base weight) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
