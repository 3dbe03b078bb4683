/**
 * Scores N users at K = 10 with every metric (one pass per user), in its own process.
 * Rankings: 10 distinct item indices out of 4,000; relevant sets: 1..30 sorted indices. Seeded.
 * Prints { users, ms, msPerMillion, maxRssBytes, map }.
 */
import { scoreUsers, SeededRandom } from '@shopper-spectrum/metrics';

const n = Number(process.argv[2]);
const rng = new SeededRandom(12345);
const u = () => rng.next();
const rankings: Int32Array[] = new Array(n);
const relevant: Int32Array[] = new Array(n);
for (let i = 0; i < n; i++) {
  const r = new Int32Array(10);
  for (let j = 0; j < 10; j++) r[j] = Math.floor(u() * 400) * 10 + j; // distinct by construction
  rankings[i] = r;
  const m = 1 + Math.floor(u() * 30);
  const rel = new Set<number>();
  while (rel.size < m) rel.add(Math.floor(u() * 4000));
  relevant[i] = Int32Array.from([...rel].sort((a, b) => a - b));
}
const times: number[] = [];
let map = 0;
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  map = scoreUsers(rankings, relevant, 10).map.value;
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ users: n, ms: times[1], first: Math.max(...times), maxRssBytes: process.resourceUsage().maxRSS * 1024, map }));
