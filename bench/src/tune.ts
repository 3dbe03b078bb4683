/** Validation on data before 2011-09-01 only: train before 2011-06-01, validate June-August. */
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import { buildInteractions, hybrid, repeatPurchase, tifuKnn, userKnn } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';
const path = new URL('../../../shared/data/online-retail.csv.gz', import.meta.url).pathname;
const all = cleanTransactions((await loadTransactions(path)).table).table;
const before = temporalSplit(all, { cutoff: '2011-09-01' }).train;
const { train, test } = temporalSplit(before, { cutoff: '2011-06-01' });
const run = (name: string, m: Recommender, excludeSeen: boolean) => {
  const r = evaluate({ train, test, k: [5], excludeSeen, rank: (c) => m.recommend(c, 5, { seen: excludeSeen ? 'exclude' : 'allow', explain: false }).map((x) => x.item) });
  console.log(`${excludeSeen ? 'new ' : 'rep '} ${name.padEnd(40)} ${r.means['map@5']!.toFixed(4)}`);
};
const mode = process.argv[2];
if (mode === 'tifu') {
  // TIFU-kNN on invoice counts (and 180-day decayed counts): neighbours x alpha
  for (const hl of [undefined, 180]) {
    const inv = buildInteractions(train, { weight: 'invoices', ...(hl ? { halfLifeDays: hl } : {}) });
    for (const nb of [50, 100, 300]) for (const alpha of [0.5, 0.7, 0.9]) run(`tifu ${nb} alpha ${alpha}${hl ? ` decay ${hl}` : ''}`, tifuKnn(inv, { neighbours: nb, alpha }), false);
  }
} else if (mode === 'new') {
  for (const hl of [30, 60, 90]) for (const nb of [100, 200]) run(`user-knn ${nb} decay ${hl}`, userKnn(buildInteractions(train, { halfLifeDays: hl }), { neighbours: nb }), true);
} else {
  run('repeat invoices (no decay)', repeatPurchase(buildInteractions(train, { weight: 'invoices' })), false);
  const rep = repeatPurchase(buildInteractions(train, { weight: 'invoices', halfLifeDays: 180 }));
  const uk = userKnn(buildInteractions(train, { halfLifeDays: 60 }), { neighbours: 100 });
  for (const w of [0.6, 1, 1.5, 2.5]) run(`hybrid repeat-purchase 180d + ${w} user-knn 100 60d`, hybrid([{ model: rep, weight: 1 }, { model: uk, weight: w }]), false);
}
