import { allowedNames, resolveStrategy } from '@shopper-spectrum/internal';
import { addCompensated, distinctCount } from './distinct.js';
import { netCancellations } from './netCancellations.js';
import type { CancellationReport } from './netCancellations.js';
import { invalidOption } from './errors.js';
import { selectRows } from './transactionTable.js';
import { checkTable } from './transactionTable.js';
import type { TransactionTable } from './transactionTable.js';

/**
 * The cleaning rules, in the order they are applied. A dropped row is charged to the first rule,
 * in this order, that drops it.
 *
 * - `missing-customer`: no CustomerID (anonymous sale).
 * - `cancelled`: the InvoiceNo starts with `C` (a cancellation).
 * - `non-positive-quantity`: Quantity <= 0 (returns, write-offs).
 * - `non-positive-price`: UnitPrice <= 0 (free items, bad-debt adjustments).
 * - `non-product`: a StockCode that is not merchandise (postage, fees, adjustments; see
 *   {@link DEFAULT_NON_PRODUCT_CODES}).
 * - `duplicate`: the row equals, in every field, an earlier row that survived the rules above
 *   (the first copy is kept, as pandas `drop_duplicates()` does). Not applied to a log without
 *   invoices (customer, date, amount), where two equal rows are two equal purchases.
 * - `net-cancellations`: each cancellation line is matched to the purchases it cancels (same customer
 *   and StockCode, earlier, most recent first), and the cancelled quantity and revenue come off them
 *   (see {@link netCancellations}); the cancellation lines and the purchases cancelled entirely are
 *   dropped, purchases cancelled in part keep what is left. With this rule on, `non-positive-quantity`
 *   leaves cancellation lines to it.
 */
export type CleaningRuleName =
  | 'missing-customer'
  | 'cancelled'
  | 'non-positive-quantity'
  | 'non-positive-price'
  | 'non-product'
  | 'duplicate'
  | 'net-cancellations';

/**
 * Every rule, in the declared order of application.
 *
 * @example
 * ```ts
 * CLEANING_RULES.indexOf('cancelled') < CLEANING_RULES.indexOf('duplicate');
 * // => true
 * ```
 */
export const CLEANING_RULES: readonly CleaningRuleName[] = Object.freeze([
  'missing-customer',
  'cancelled',
  'non-positive-quantity',
  'non-positive-price',
  'non-product',
  'duplicate',
  'net-cancellations',
] as const);

/**
 * Rule presets.
 * - `trusted` (the default): figures a retailer can trust: no anonymous sale, no exact duplicate, no
 *   non-product line (postage, fees, adjustments: kept aside in `nonProduct`, for the spend of the
 *   customers who paid them), and cancellations netted against the orders they cancel, so an order
 *   cancelled minutes later counts nowhere.
 * - `notebook`: the four rules of the Python notebooks (missing customer, cancelled lines dropped,
 *   non-positive quantity and price): the preset that reproduces the notebooks' figures.
 * - `strict`: the notebook's rules plus exact duplicates and non-product codes (cancellation lines
 *   dropped, the orders they cancel kept).
 * - `none`: no rule (combine with `rules` to pick some).
 *
 * @example
 * ```ts
 * CLEANING_PRESETS.trusted;
 * // => ['missing-customer', 'non-positive-quantity', 'non-positive-price', 'non-product', 'duplicate', 'net-cancellations']
 * ```
 */
export const CLEANING_PRESETS: Readonly<Record<CleaningPreset, readonly CleaningRuleName[]>> = Object.freeze({
  trusted: Object.freeze(['missing-customer', 'non-positive-quantity', 'non-positive-price', 'non-product', 'duplicate', 'net-cancellations'] as const),
  notebook: Object.freeze(['missing-customer', 'cancelled', 'non-positive-quantity', 'non-positive-price'] as const),
  strict: Object.freeze(['missing-customer', 'cancelled', 'non-positive-quantity', 'non-positive-price', 'non-product', 'duplicate'] as const),
  none: Object.freeze([]),
});

/**
 * StockCodes of the Online Retail data that are not merchandise, found by listing every code that is
 * not five digits with an optional letter suffix and reading its descriptions:
 * `POST` (POSTAGE), `DOT` (DOTCOM POSTAGE), `C2` (CARRIAGE), `M` and `m` (Manual), `D` (Discount),
 * `S` (SAMPLES), `BANK CHARGES`, `AMAZONFEE` (AMAZON FEE), `CRUK` (CRUK Commission),
 * `B` (Adjust bad debt), and gift vouchers `gift_0001_10` to `gift_0001_50` (Dotcomgiftshop Gift
 * Voucher). Kept as products: `DCGS...` codes (party bags, collars) and `PADS` (PADS TO MATCH ALL
 * CUSHIONS), which are real items.
 *
 * @example
 * ```ts
 * cleanTransactions(table, { preset: 'strict', nonProductCodes: [...DEFAULT_NON_PRODUCT_CODES, 'PADS'] });
 * ```
 */
export const DEFAULT_NON_PRODUCT_CODES: readonly (string | RegExp)[] = Object.freeze([
  'POST',
  'DOT',
  'C2',
  'M',
  'm',
  'D',
  'S',
  'BANK CHARGES',
  'AMAZONFEE',
  'CRUK',
  'B',
  /^gift_\d+_\d+$/,
]);

/** A cleaning preset's name (see {@link CLEANING_PRESETS}). */
export type CleaningPreset = 'trusted' | 'notebook' | 'strict' | 'none';

/** Options of {@link cleanTransactions}. */
export interface CleanOptions {
  /**
   * The starting set of rules (see {@link CLEANING_PRESETS}).
   * @defaultValue {@link CLEAN_DEFAULTS | CLEAN_DEFAULTS.preset} (`'trusted'`)
   */
  readonly preset?: CleaningPreset;
  /**
   * Switches single rules on (`true`) or off (`false`) on top of the preset.
   * @defaultValue {@link CLEAN_DEFAULTS | CLEAN_DEFAULTS.rules} (`{}`: the preset as it is)
   */
  readonly rules?: Readonly<Partial<Record<CleaningRuleName, boolean>>>;
  /**
   * StockCodes (exact strings, case-sensitive, or patterns) that the `non-product` rule drops.
   * @defaultValue {@link CLEAN_DEFAULTS | CLEAN_DEFAULTS.nonProductCodes} ({@link DEFAULT_NON_PRODUCT_CODES})
   */
  readonly nonProductCodes?: readonly (string | RegExp)[];
}

/**
 * The defaults of {@link cleanTransactions}, in one place: the trusted preset, no single-rule
 * switch, and the non-product codes of the Online Retail data (used only when the `non-product`
 * rule is on).
 *
 * @example
 * ```ts
 * CLEAN_DEFAULTS;
 * // => { preset: 'trusted', rules: {}, nonProductCodes: DEFAULT_NON_PRODUCT_CODES }
 * ```
 */
export const CLEAN_DEFAULTS: Readonly<Required<CleanOptions>> = Object.freeze({
  preset: 'trusted',
  rules: Object.freeze({}),
  nonProductCodes: DEFAULT_NON_PRODUCT_CODES,
});

/** What one rule removed. */
export interface RuleOutcome {
  /** The rule. */
  readonly rule: CleaningRuleName;
  /** Rows charged to this rule. */
  readonly rows: number;
  /** Sum of quantity x unit price over those rows (negative for cancellations). */
  readonly revenue: number;
}

/** Distinct entities present in a table. */
export interface EntityCounts {
  /** Distinct customers (missing ids not counted). */
  readonly customers: number;
  /** Distinct stock codes. */
  readonly products: number;
  /** Distinct invoices. */
  readonly invoices: number;
  /** Distinct countries (missing not counted). */
  readonly countries: number;
}

/** The account of a cleaning: `rowsIn === rowsKept + sum of dropped[].rows`. */
export interface CleaningReport {
  /** Rows in the input table. */
  readonly rowsIn: number;
  /** Rows in the cleaned table. */
  readonly rowsKept: number;
  /** Rows dropped by all rules together. */
  readonly rowsDropped: number;
  /** One entry per enabled rule, in the order of application. */
  readonly dropped: readonly RuleOutcome[];
  /** Sum of quantity x unit price over the input. */
  readonly revenueIn: number;
  /** Sum of quantity x unit price over the kept rows. */
  readonly revenueKept: number;
  /** Entities in the input. */
  readonly before: EntityCounts;
  /** Entities in the output. */
  readonly after: EntityCounts;
  /** What `net-cancellations` matched and left unmatched, or `null` when the rule is off. */
  readonly cancellations: CancellationReport | null;
}

/** A cleaned table and the account of what was removed. */
export interface CleanResult {
  /** The kept rows, in input order, sharing the input's dictionaries. */
  readonly table: TransactionTable;
  /** What each rule removed. */
  readonly report: CleaningReport;
  /**
   * The rows the `non-product` rule set aside (postage, fees, adjustments), sharing the input's
   * dictionaries, or `null` when the rule is off: product rankings and recommenders never see them,
   * but a customer's spend can include them (`rfmTable(table, { alsoSpend: nonProduct })`).
   */
  readonly nonProduct: TransactionTable | null;
}

/**
 * Applies named cleaning rules and accounts for every row (see {@link CleaningRuleName} for the
 * rules and their order). The input is not changed. O(n) time: duplicates are found with an
 * open-addressing hash of all eight fields, confirmed field by field.
 *
 * @param table - the loaded table
 * @param options - preset, single-rule switches, non-product codes
 * @returns the kept rows and the report
 * @throws {@link CoreError} `INVALID_OPTION` for an unknown preset or rule
 * @example
 * ```ts
 * const { report } = cleanTransactions(table, { preset: 'notebook' });
 * report.dropped.map((d) => `${d.rule}: ${d.rows}`);
 * // => ['missing-customer: 135080', 'cancelled: 8905', 'non-positive-quantity: 0', 'non-positive-price: 40']
 * ```
 */
export function cleanTransactions(table: TransactionTable, options: CleanOptions = {}): CleanResult {
  checkTable(table);
  const preset = options.preset ?? CLEAN_DEFAULTS.preset;
  // a preset is a name only: anything else is refused as an unknown name is
  const presetRules = typeof preset === 'string' ? resolveStrategy(CLEANING_PRESETS, preset, 'preset', invalidOption) : invalidOption('preset', preset, allowedNames(CLEANING_PRESETS));
  const enabled = new Set(presetRules);
  for (const [rule, on] of Object.entries(options.rules ?? CLEAN_DEFAULTS.rules)) {
    if (!(CLEANING_RULES as readonly string[]).includes(rule)) invalidOption(`rules.${rule}`, on, `rule names ${CLEANING_RULES.join(', ')}`);
    if (typeof on !== 'boolean') invalidOption(`rules.${rule}`, on, 'true or false');
    if (on) enabled.add(rule as CleaningRuleName);
    else enabled.delete(rule as CleaningRuleName);
  }
  const rules = CLEANING_RULES.filter((r) => enabled.has(r));
  const n = table.length;
  const { quantity, unitPrice } = table.columns;
  const dict = table.dictionaries;

  const cancelled = new Uint8Array(dict.invoice.length);
  dict.invoice.forEach((no, c) => {
    if (no.charCodeAt(0) === 67 /* C */) cancelled[c] = 1;
  });
  const nonProduct = new Uint8Array(dict.stockCode.length);
  if (enabled.has('non-product')) {
    const codes = options.nonProductCodes ?? CLEAN_DEFAULTS.nonProductCodes;
    if (!Array.isArray(codes)) invalidOption('nonProductCodes', codes, 'an array of strings and RegExps');
    const exact = new Set(codes.filter((c): c is string => typeof c === 'string'));
    const patterns = codes.filter((c): c is RegExp => c instanceof RegExp);
    dict.stockCode.forEach((code, c) => {
      if (exact.has(code) || patterns.some((p) => p.test(code))) nonProduct[c] = 1;
    });
  }

  // verdict per row: 0 = kept, k + 1 = dropped by rules[k]. One tight pass per rule, in order.
  const verdict = new Uint8Array(n);
  // set inside the rule loop (a holder: TypeScript does not follow assignments made in callbacks)
  const net: { result: ReturnType<typeof netCancellations> | null; mark: number } = { result: null, mark: -1 };
  const { customer, invoice, stockCode } = table.columns;
  rules.forEach((rule, k) => {
    const mark = k + 1;
    switch (rule) {
      case 'missing-customer':
        for (let i = 0; i < n; i++) if (verdict[i] === 0 && customer[i]! < 0) verdict[i] = mark;
        break;
      case 'cancelled':
        for (let i = 0; i < n; i++) if (verdict[i] === 0 && cancelled[invoice[i]!] === 1) verdict[i] = mark;
        break;
      case 'non-positive-quantity':
        // with net-cancellations on, cancellation lines are its to net, not this rule's to drop
        if (enabled.has('net-cancellations')) {
          for (let i = 0; i < n; i++) if (verdict[i] === 0 && !(quantity[i]! > 0) && cancelled[invoice[i]!] !== 1) verdict[i] = mark;
        } else for (let i = 0; i < n; i++) if (verdict[i] === 0 && !(quantity[i]! > 0)) verdict[i] = mark;
        break;
      case 'non-positive-price':
        for (let i = 0; i < n; i++) if (verdict[i] === 0 && !(unitPrice[i]! > 0)) verdict[i] = mark;
        break;
      case 'non-product':
        for (let i = 0; i < n; i++) if (verdict[i] === 0 && nonProduct[stockCode[i]!] === 1) verdict[i] = mark;
        break;
      case 'duplicate':
        // a log without invoices (customer, date, amount) has one row per purchase: equal rows are
        // two equal purchases on one day, not a copy
        if (table.schema.invoices !== 'derived') markDuplicates(table, verdict, mark);
        break;
      case 'net-cancellations': {
        const keep = new Uint8Array(n);
        for (let i = 0; i < n; i++) if (verdict[i] === 0) keep[i] = 1;
        net.result = netCancellations(table, keep);
        for (const i of net.result.dropped) verdict[i] = mark;
        net.mark = mark;
        break;
      }
    }
  });

  const rows = new Float64Array(rules.length + 1);
  const revenue = new Float64Array(rules.length + 1);
  const comp = new Float64Array(rules.length + 1);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const v = verdict[i]!;
    rows[v]!++;
    addCompensated(revenue, comp, v, quantity[i]! * unitPrice[i]!);
    if (v === 0) kept++;
  }
  const keptIdx = new Int32Array(kept);
  for (let i = 0, j = 0; i < n; i++) if (verdict[i] === 0) keptIdx[j++] = i;
  const netting = net.result;
  const out = kept === n && !(netting && netting.reduced.size > 0) ? table : selectRows(table, keptIdx);
  if (netting && netting.reduced.size > 0) {
    // purchases cancelled in part keep what is left; the revenue taken off is the rule's
    const q = out.columns.quantity as Float64Array;
    for (let j = 0; j < kept; j++) {
      const left = netting.reduced.get(keptIdx[j]!);
      if (left === undefined) continue;
      addCompensated(revenue, comp, net.mark, (q[j]! - left) * unitPrice[keptIdx[j]!]!);
      addCompensated(revenue, comp, 0, (left - q[j]!) * unitPrice[keptIdx[j]!]!);
      q[j] = left;
    }
  }
  const total = (k: number) => revenue[k]! + comp[k]!;
  let revenueIn = 0;
  for (let k = 0; k <= rules.length; k++) revenueIn += total(k);
  const report: CleaningReport = {
    rowsIn: n,
    rowsKept: kept,
    rowsDropped: n - kept,
    dropped: rules.map((rule, k) => ({ rule, rows: rows[k + 1]!, revenue: total(k + 1) })),
    revenueIn,
    revenueKept: total(0),
    before: entityCounts(table),
    after: entityCounts(out),
    cancellations: netting?.report ?? null,
  };
  const npMark = rules.indexOf('non-product') + 1;
  let aside: TransactionTable | null = null;
  if (npMark > 0) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (verdict[i] === npMark) idx.push(i);
    aside = selectRows(table, idx);
  }
  return { table: out, report, nonProduct: aside };
}

/**
 * Distinct customers, products, invoices and countries present in a table. O(n).
 *
 * @example
 * ```ts
 * entityCounts(table);
 * // => { customers: 4372, products: 4070, invoices: 25900, countries: 38 } (raw Online Retail)
 * ```
 */
export function entityCounts(table: TransactionTable): EntityCounts {
  checkTable(table);
  const { customer, stockCode, invoice, country } = table.columns;
  const d = table.dictionaries;
  return {
    customers: distinctCount(customer, d.customer.length),
    products: distinctCount(stockCode, d.stockCode.length),
    invoices: distinctCount(invoice, d.invoice.length),
    countries: distinctCount(country, d.country.length),
  };
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x9e3779b1);
  return (h << 13) | (h >>> 19);
}

function bitsMix(h: number, x: number): number {
  f64[0] = x;
  return mix(mix(h, u32[0]!), u32[1]!);
}

/** Marks, among rows still kept (verdict 0), every exact repeat of an earlier kept row. */
function markDuplicates(table: TransactionTable, verdict: Uint8Array, mark: number): void {
  const c = table.columns;
  const n = table.length;
  let size = 1;
  while (size < n * 2) size <<= 1;
  const slots = new Int32Array(size); // row index + 1; 0 = empty
  const maskBits = size - 1;
  const same = (a: number, b: number): boolean =>
    c.invoice[a] === c.invoice[b] &&
    c.stockCode[a] === c.stockCode[b] &&
    c.description[a] === c.description[b] &&
    Object.is(c.quantity[a], c.quantity[b]) &&
    c.invoiceDate[a] === c.invoiceDate[b] &&
    Object.is(c.unitPrice[a], c.unitPrice[b]) &&
    c.customer[a] === c.customer[b] &&
    c.country[a] === c.country[b];
  for (let i = 0; i < n; i++) {
    if (verdict[i] !== 0) continue;
    let h = mix(0x811c9dc5, c.invoice[i]!);
    h = mix(h, c.stockCode[i]!);
    h = mix(h, c.description[i]!);
    h = mix(h, c.customer[i]!);
    h = mix(h, c.country[i]!);
    h = bitsMix(h, c.quantity[i]!);
    h = bitsMix(h, c.invoiceDate[i]!);
    h = bitsMix(h, c.unitPrice[i]!);
    h ^= h >>> 16;
    let slot = h & maskBits;
    for (;;) {
      const other = slots[slot]!;
      if (other === 0) {
        slots[slot] = i + 1;
        break;
      }
      if (same(other - 1, i)) {
        verdict[i] = mark;
        break;
      }
      slot = (slot + 1) & maskBits;
    }
  }
}
