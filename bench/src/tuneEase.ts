/** Validation only (data before 2011-09-01): train before 2011-06-01, validate June-August. */
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import { buildInteractions, ease, hybrid, repeatPurchase, userKnn } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';
const path = new URL('../../../shared/data/online-retail.csv.gz', import.meta.url).pathname;
const all = cleanTransactions((await loadTransactions(path)).table).table;
const before = temporalSplit(all, { cutoff: '2011-09-01' }).train;
const { train, test } = temporalSplit(before, { cutoff: '2011-06-01' });
const run = (name: string, m: Recommender, excludeSeen: boolean) => {
  const r = evaluate({ train, test, k: [5], excludeSeen, rank: (c) => m.recommend(c, 5, { seen: excludeSeen ? 'exclude' : 'allow', explain: false }).map((x) => x.item) });
  console.log(`${excludeSeen ? 'new ' : 'rep '} ${name.padEnd(44)} ${r.means['map@5']!.toFixed(4)}`);
};
const bin = buildInteractions(train);
if (process.argv[2] === 'a') {
  for (const lambda of [200, 500, 1000]) run(`ease ${lambda}`, ease(bin, { lambda }), true);
  run('ease 500 on 60-day decay', ease(buildInteractions(train, { halfLifeDays: 60 }), { lambda: 500 }), true);
} else {
  const e = ease(bin, { lambda: 500 });
  const uk = userKnn(buildInteractions(train, { halfLifeDays: 30 }), { neighbours: 100 });
  for (const w of [0.3, 0.6, 1]) run(`ease + ${w} user-knn 100 30d`, hybrid([{ model: e, weight: 1 }, { model: uk, weight: w }]), true);
  const rep = repeatPurchase(buildInteractions(train, { weight: 'invoices', halfLifeDays: 180 }));
  for (const w of [0.3, 0.6]) run(`repeat-purchase 180d + ${w} ease + 0.6 user-knn`, hybrid([{ model: rep, weight: 1 }, { model: e, weight: w }, { model: uk, weight: 0.6 }]), false);
}
