import { invalidOption } from './errors.js';
import { SeededRandom } from '@shopper-spectrum/internal';
import { WeightedSampler } from './weightedSampler.js';
import { formatWallClock, MS_PER_DAY } from './wallClock.js';

/** Options of {@link generateTransactions}. Every rate is a probability in [0, 1]. */
export interface GenerateOptions {
  /**
   * Seed of the pseudo-random source; the same options give the same bytes.
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.seed} (`42`)
   */
  readonly seed?: number;
  /**
   * Number of customers.
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.customers} (`1000`)
   */
  readonly customers?: number;
  /**
   * Number of products.
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.products} (`500`)
   */
  readonly products?: number;
  /**
   * Length of the log in days.
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.days} (`373`: 2010-12-01 to 2011-12-09, as Online Retail)
   */
  readonly days?: number;
  /**
   * First day, `YYYY-MM-DD`.
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.start} (`'2010-12-01'`)
   */
  readonly start?: string;
  /**
   * Mean orders per customer over the whole log (customers differ widely around it: log-normal).
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.ordersPerCustomer} (`5`)
   */
  readonly ordersPerCustomer?: number;
  /**
   * Mean lines per order.
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.linesPerOrder} (`20`)
   */
  readonly linesPerOrder?: number;
  /**
   * Share of orders without a CustomerID.
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.missingCustomerRate} (`0.1`)
   */
  readonly missingCustomerRate?: number;
  /**
   * Share of orders later cancelled (a `C` invoice with negative quantities follows).
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.cancellationRate} (`0.02`)
   */
  readonly cancellationRate?: number;
  /**
   * Share of lines written twice (exact duplicates).
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.duplicateRate} (`0.01`)
   */
  readonly duplicateRate?: number;
  /**
   * Share of lines made unreadable (bad number, bad date, missing field).
   * @defaultValue {@link GENERATE_DEFAULTS | GENERATE_DEFAULTS.badRowRate} (`0.001`)
   */
  readonly badRowRate?: number;
}

/**
 * The defaults of {@link generateTransactions}, in one place: a thousand customers and five hundred
 * products over the 373 days of Online Retail (from 2010-12-01), with noise at about the real file's
 * rates.
 *
 * @example
 * ```ts
 * GENERATE_DEFAULTS;
 * // => { seed: 42, customers: 1000, products: 500, days: 373, start: '2010-12-01', ordersPerCustomer: 5, linesPerOrder: 20, missingCustomerRate: 0.1, cancellationRate: 0.02, duplicateRate: 0.01, badRowRate: 0.001 }
 * ```
 */
export const GENERATE_DEFAULTS: Readonly<Required<GenerateOptions>> = Object.freeze({
  seed: 42,
  customers: 1000,
  products: 500,
  days: 373,
  start: '2010-12-01',
  ordersPerCustomer: 5,
  linesPerOrder: 20,
  missingCustomerRate: 0.1,
  cancellationRate: 0.02,
  duplicateRate: 0.01,
  badRowRate: 0.001,
});

const ADJECTIVES = ['WHITE', 'RED', 'PINK', 'BLUE', 'GREEN', 'VINTAGE', 'REGENCY', 'RETROSPOT', 'JUMBO', 'SET OF 3', 'LUNCH', 'PARTY', 'HEART', 'STAR', 'ANTIQUE', 'WOODEN', 'GLASS', 'SPOTTY', 'FLORAL', 'CHRISTMAS'];
const NOUNS = ['T-LIGHT HOLDER', 'LANTERN', 'CAKESTAND', 'LUNCH BAG', 'BUNTING', 'TEA CUP', 'JAM JAR', 'CUSHION COVER', 'DOORMAT', 'ALARM CLOCK', 'NOTEBOOK', 'MUG', 'PHOTO FRAME', 'CAKE CASES', 'WATER BOTTLE', 'SHOPPER', 'GARLAND', 'BAKING SET', 'COASTERS', 'PLATE'];
const CATEGORIES = 12;
const COUNTRIES: readonly [string, number][] = [
  ['United Kingdom', 0.89], ['Germany', 0.024], ['France', 0.021], ['EIRE', 0.018], ['Spain', 0.007],
  ['Netherlands', 0.006], ['Belgium', 0.006], ['Switzerland', 0.005], ['Portugal', 0.004], ['Australia', 0.003],
  ['Norway', 0.003], ['Italy', 0.003], ['Channel Islands', 0.002], ['Finland', 0.002], ['Cyprus', 0.002],
  ['Sweden', 0.002], ['Austria', 0.001], ['Denmark', 0.001], ['Japan', 0.001], ['Poland', 0.001],
];
const QUANTITIES = [1, 2, 3, 4, 6, 8, 10, 12, 24, 48];
const QUANTITY_WEIGHTS = [0.18, 0.14, 0.08, 0.1, 0.13, 0.05, 0.07, 0.17, 0.06, 0.02];
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) invalidOption(name, value, `an integer >= ${min}`);
  return value;
}

function checkRate(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) invalidOption(name, value, 'a probability from 0 to 1');
  return value;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A deterministic synthetic transaction log shaped like UCI Online Retail, written as CSV text in
 * chunks (so ten million rows never sit in one string). Same options, same bytes.
 *
 * The model: products have Zipf-like popularity (weight `1 / rank^1.1`), a category, a log-normal
 * unit price; customers have a log-normal order rate (a few buy very often, as in real shops, so
 * a top 20% of customers bring most revenue), preferred categories, a favourite-products memory
 * that makes re-orders common, an active span and a country (mostly United Kingdom). Orders are
 * spread over the days (weekends quieter), with basket sizes around `linesPerOrder` and
 * wholesale-like quantities. Noise as in the real file: anonymous orders, cancellation invoices
 * (`C` + number, negative quantities), exact duplicate lines, zero-price lines, postage lines
 * (`POST`) on orders from abroad, descriptions with commas (quoted fields), and a few unreadable
 * rows (`badRowRate`) that the loader must report. O(rows) time; memory holds the orders' times.
 *
 * @param options - sizes, rates and seed
 * @returns an iterable of CSV chunks, the header first
 * @throws {@link CoreError} `INVALID_OPTION` for a count or rate out of range or a bad start date
 * @example
 * ```ts
 * const { table, summary } = parseTransactionsCsv(generateTransactions({ seed: 7, customers: 200 }));
 * [summary.rowsRejected > 0, table.length > 5000];
 * // => [true, true]
 * ```
 */
export function* generateTransactions(options: GenerateOptions = {}): Generator<string, void, undefined> {
  const seed = options.seed ?? GENERATE_DEFAULTS.seed;
  if (!Number.isInteger(seed)) invalidOption('seed', seed, 'an integer');
  const nCustomers = checkCount('customers', options.customers ?? GENERATE_DEFAULTS.customers, 1);
  const nProducts = checkCount('products', options.products ?? GENERATE_DEFAULTS.products, 1);
  const days = checkCount('days', options.days ?? GENERATE_DEFAULTS.days, 1);
  const startText = options.start ?? GENERATE_DEFAULTS.start;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startText);
  const startDay = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY : NaN;
  if (!Number.isInteger(startDay)) invalidOption('start', startText, 'a date written YYYY-MM-DD');
  const ordersMean = options.ordersPerCustomer ?? GENERATE_DEFAULTS.ordersPerCustomer;
  if (!(ordersMean > 0)) invalidOption('ordersPerCustomer', ordersMean, 'a positive number');
  const linesMean = options.linesPerOrder ?? GENERATE_DEFAULTS.linesPerOrder;
  if (!(linesMean >= 1)) invalidOption('linesPerOrder', linesMean, 'a number >= 1');
  const missingRate = checkRate('missingCustomerRate', options.missingCustomerRate ?? GENERATE_DEFAULTS.missingCustomerRate);
  const cancelRate = checkRate('cancellationRate', options.cancellationRate ?? GENERATE_DEFAULTS.cancellationRate);
  const dupRate = checkRate('duplicateRate', options.duplicateRate ?? GENERATE_DEFAULTS.duplicateRate);
  const badRate = checkRate('badRowRate', options.badRowRate ?? GENERATE_DEFAULTS.badRowRate);

  const rnd = new SeededRandom(seed);

  // Products: code, description, price, category, popularity.
  const codes: string[] = [];
  const descriptions: string[] = [];
  const prices = new Float64Array(nProducts);
  const categoryOf = new Int32Array(nProducts);
  const usedCodes = new Set<string>();
  for (let p = 0; p < nProducts; p++) {
    let code: string;
    do {
      code = String(10000 + rnd.int(89999));
      if (rnd.next() < 0.15) code += 'ABCDEFGHJKLMNPRSTUVW'[rnd.int(20)]!;
    } while (usedCodes.has(code));
    usedCodes.add(code);
    codes.push(code);
    const adjective = ADJECTIVES[rnd.int(ADJECTIVES.length)]!;
    const noun = NOUNS[rnd.int(NOUNS.length)]!;
    descriptions.push(rnd.next() < 0.03 ? `${adjective} ${noun}, ASSORTED` : `${adjective} ${noun}${p >= ADJECTIVES.length * NOUNS.length ? ` ${p}` : ''}`);
    prices[p] = Math.max(0.1, Math.round(Math.exp(0.9 + 0.8 * rnd.normal()) * 100) / 100);
    categoryOf[p] = rnd.int(CATEGORIES);
  }
  // Popularity: a random permutation of Zipf weights.
  const rankOf = Array.from({ length: nProducts }, (_, i) => i);
  for (let i = nProducts - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [rankOf[i], rankOf[j]] = [rankOf[j]!, rankOf[i]!];
  }
  const popularity = rankOf.map((r) => 1 / (r + 1) ** 1.1);
  const byCategory: number[][] = Array.from({ length: CATEGORIES }, () => []);
  for (let p = 0; p < nProducts; p++) byCategory[categoryOf[p]!]!.push(p);
  const categorySamplers = byCategory.map((ps) => (ps.length > 0 ? new WeightedSampler(ps.map((p) => popularity[p]!)) : null));
  const globalSampler = new WeightedSampler(popularity);
  const quantitySampler = new WeightedSampler(QUANTITY_WEIGHTS);
  const countrySampler = new WeightedSampler(COUNTRIES.map((c) => c[1]));

  // Customers: rate, categories, active span, country.
  const customerIds = Array.from({ length: nCustomers }, (_, i) => String(12346 + i));
  const custCountry = new Int32Array(nCustomers);
  const custCats: Int32Array[] = [];
  const basketMean = new Float64Array(nCustomers);
  const orderTimes: number[] = [];
  const orderCustomer: number[] = [];
  const sigma = 1.1;
  for (let c = 0; c < nCustomers; c++) {
    custCountry[c] = countrySampler.sample(rnd);
    custCats.push(Int32Array.from({ length: 1 + rnd.int(3) }, () => rnd.int(CATEGORIES)));
    basketMean[c] = Math.max(1, linesMean * Math.exp(0.5 * rnd.normal() - 0.125));
    const rate = ordersMean * Math.exp(sigma * rnd.normal() - (sigma * sigma) / 2);
    const first = rnd.int(Math.max(1, Math.floor(days * 0.7)));
    const last = rnd.next() < 0.3 ? first + rnd.int(days - first) : days - 1;
    const orders = Math.max(1, rnd.poisson(rate * (last - first + 1) / days));
    for (let o = 0; o < orders; o++) {
      let day = first + rnd.int(last - first + 1);
      const weekday = (startDay + day + 4) % 7; // 0 = Sunday
      if (weekday === 6 && rnd.next() < 0.8) day = Math.min(days - 1, day + 1); // few Saturday orders
      const minute = 7 * 60 + 30 + rnd.int(11 * 60);
      orderTimes.push((startDay + day) * MS_PER_DAY + minute * 60_000);
      orderCustomer.push(c);
    }
  }
  const order = Array.from({ length: orderTimes.length }, (_, i) => i).sort((a, b) => orderTimes[a]! - orderTimes[b]! || a - b);

  let out = HEADER;
  let invoiceNo = 536365;
  const favourites: number[][] = Array.from({ length: nCustomers }, () => []);
  const pending: { at: number; lines: string[] }[] = [];
  const flush = function* (): Generator<string> {
    if (out.length >= 1 << 16) {
      yield out;
      out = '';
    }
  };
  const writeLine = (fields: string[]): void => {
    let line = fields.join(',');
    if (rnd.next() < badRate) line = corrupt(fields, rnd);
    out += `${line}\n`;
    if (rnd.next() < dupRate) out += `${line}\n`;
  };
  for (const k of order) {
    const time = orderTimes[k]!;
    while (pending.length > 0 && pending[0]!.at <= time) {
      for (const line of pending.shift()!.lines) out += line;
    }
    const c = orderCustomer[k]!;
    const anonymous = rnd.next() < missingRate;
    const no = String(invoiceNo++);
    const date = formatWallClock(time);
    const customer = anonymous ? '' : customerIds[c]!;
    const country = COUNTRIES[custCountry[c]!]![0];
    const lines = Math.max(1, rnd.poisson(basketMean[c]!));
    const chosen = new Set<number>();
    const rows: string[][] = [];
    for (let l = 0; l < lines; l++) {
      const fav = favourites[c]!;
      let p: number;
      const u = rnd.next();
      if (fav.length > 0 && u < 0.35) p = fav[rnd.int(fav.length)]!;
      else if (u < 0.8) {
        const cats = custCats[c]!;
        const cat = cats[rnd.int(cats.length)]!;
        const sampler = categorySamplers[cat];
        p = sampler ? byCategory[cat]![sampler.sample(rnd)]! : globalSampler.sample(rnd);
      } else p = globalSampler.sample(rnd);
      if (chosen.has(p)) continue;
      chosen.add(p);
      if (fav.length < 40) fav.push(p);
      const quantity = QUANTITIES[quantitySampler.sample(rnd)]!;
      const price = rnd.next() < 0.001 ? 0 : prices[p]!;
      rows.push([no, codes[p]!, csvField(descriptions[p]!), String(quantity), date, String(price), customer, csvField(country)]);
    }
    if (country !== 'United Kingdom' && rnd.next() < 0.6) {
      rows.push([no, 'POST', 'POSTAGE', String(1 + rnd.int(3)), date, '18', customer, csvField(country)]);
    }
    for (const r of rows) writeLine(r);
    if (rnd.next() < cancelRate && rows.length > 0) {
      const at = time + (1 + rnd.int(20)) * MS_PER_DAY / 4;
      const cancelNo = `C${invoiceNo++}`;
      const cancelDate = formatWallClock(at);
      const cancelled = rows.filter(() => rnd.next() < 0.5);
      if (cancelled.length === 0) cancelled.push(rows[0]!);
      pending.push({
        at,
        lines: cancelled.map((r) => `${[cancelNo, r[1], r[2], String(-Number(r[3])), cancelDate, r[5], r[6], r[7]].join(',')}\n`),
      });
      pending.sort((a, b) => a.at - b.at);
    }
    yield* flush();
  }
  for (const p of pending) for (const line of p.lines) out += line;
  if (out.length > 0) yield out;
}

/** Makes a line unreadable in one of the ways real exports break. */
function corrupt(fields: string[], rnd: SeededRandom): string {
  const f = [...fields];
  switch (rnd.int(4)) {
    case 0:
      f[3] = 'twelve';
      break;
    case 1:
      f[4] = f[4]!.replace(/-(\d\d)-/, '-13-');
      break;
    case 2:
      f[5] = '';
      break;
    default:
      f.splice(2, 1);
  }
  return f.join(',');
}

/**
 * The whole of {@link generateTransactions} as one string (for small logs and tests).
 *
 * @param options - as for {@link generateTransactions}
 * @returns the CSV text
 * @example
 * ```ts
 * generateTransactionsCsv({ seed: 1, customers: 5 }).split('\n')[0];
 * // => 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'
 * ```
 */
export function generateTransactionsCsv(options: GenerateOptions = {}): string {
  let text = '';
  for (const chunk of generateTransactions(options)) text += chunk;
  return text;
}
