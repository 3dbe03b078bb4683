import { trustedTable } from './transactionTable.js';
import type { TransactionSchema, TransactionTable } from './transactionTable.js';

const BLOCK = 1 << 16;

/** A column grown in fixed blocks, so growing never copies and finishing copies each block once. */
class BlockColumn<T extends Int32Array | Float64Array> {
  private readonly blocks: T[] = [];
  private current: T;
  private used = 0;

  constructor(private readonly make: (n: number) => T) {
    this.current = make(BLOCK);
  }

  push(value: number): void {
    if (this.used === BLOCK) {
      this.blocks.push(this.current);
      this.current = this.make(BLOCK);
      this.used = 0;
    }
    this.current[this.used++] = value;
  }

  /** Copies into one exact-length array, releasing blocks as it goes (peak: total + one block). */
  finish(length: number): T {
    const out = this.make(length);
    let offset = 0;
    while (this.blocks.length > 0) {
      const block = this.blocks.shift()!;
      out.set(block, offset);
      offset += block.length;
    }
    out.set(this.current.subarray(0, this.used), offset);
    this.current = this.make(0);
    this.used = 0;
    return out;
  }
}

/**
 * A string dictionary: code by value, values by code, in first-appearance order.
 *
 * Lookups hash the characters of `text[start, end)` in place (FNV-1a) and probe an open-addressing
 * table, comparing candidates with `startsWith`, so a field already in the dictionary costs no
 * string allocation. Only new values are copied out of the input.
 */
export class Dictionary {
  readonly values: string[] = [];
  private hashes = new Int32Array(64);
  private slots = new Int32Array(128); // code + 1; 0 = empty
  private mask = 127;

  /** The code of `value`, adding it when new. */
  code(value: string): number {
    return this.codeOfRange(value, 0, value.length);
  }

  /** The code of `text[start, end)`, adding it when new. */
  codeOfRange(text: string, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const len = end - start;
    const values = this.values;
    let slot = h & this.mask;
    for (;;) {
      const c = this.slots[slot]! - 1;
      if (c < 0) break;
      if (this.hashes[c] === h) {
        const v = values[c]!;
        if (v.length === len && text.startsWith(v, start)) return c;
      }
      slot = (slot + 1) & this.mask;
    }
    const code = values.length;
    values.push(ownString(text.slice(start, end)));
    if (code === this.hashes.length) {
      const grown = new Int32Array(code * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[code] = h;
    this.slots[slot] = code + 1;
    if ((code + 1) * 2 > this.slots.length) this.rehash();
    return code;
  }

  /** True when `text[start, end)` is the value of `code`. */
  matches(code: number, text: string, start: number, end: number): boolean {
    const v = this.values[code]!;
    return v.length === end - start && text.startsWith(v, start);
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let c = 0; c < this.values.length; c++) {
      let slot = this.hashes[c]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = c + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * A copy of `s` that does not share storage with a larger string. V8 represents `slice()` results
 * of 13+ characters as views into their parent; keeping such a view in a dictionary would keep the
 * whole input chunk (or file) alive. Only new dictionary entries pay for this copy.
 */
function ownString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * Accumulates rows into block columns and dictionaries; `finish()` returns the table.
 */
export class TableBuilder {
  length = 0;
  readonly invoice = new Dictionary();
  readonly stockCode = new Dictionary();
  readonly description = new Dictionary();
  readonly customer = new Dictionary();
  readonly country = new Dictionary();
  private readonly cInvoice = new BlockColumn((n) => new Int32Array(n));
  private readonly cStock = new BlockColumn((n) => new Int32Array(n));
  private readonly cDesc = new BlockColumn((n) => new Int32Array(n));
  private readonly cQty = new BlockColumn((n) => new Float64Array(n));
  private readonly cDate = new BlockColumn((n) => new Float64Array(n));
  private readonly cPrice = new BlockColumn((n) => new Float64Array(n));
  private readonly cCust = new BlockColumn((n) => new Int32Array(n));
  private readonly cCountry = new BlockColumn((n) => new Int32Array(n));

  /** Appends one row of codes and values. */
  push(
    invoice: number,
    stockCode: number,
    description: number,
    quantity: number,
    invoiceDate: number,
    unitPrice: number,
    customer: number,
    country: number,
  ): void {
    this.length++;
    this.cInvoice.push(invoice);
    this.cStock.push(stockCode);
    this.cDesc.push(description);
    this.cQty.push(quantity);
    this.cDate.push(invoiceDate);
    this.cPrice.push(unitPrice);
    this.cCust.push(customer);
    this.cCountry.push(country);
  }

  /** The finished table; the builder must not be used afterwards. */
  finish(schema?: TransactionSchema): TransactionTable {
    const n = this.length;
    return trustedTable(
      {
        invoice: this.cInvoice.finish(n),
        stockCode: this.cStock.finish(n),
        description: this.cDesc.finish(n),
        quantity: this.cQty.finish(n),
        invoiceDate: this.cDate.finish(n),
        unitPrice: this.cPrice.finish(n),
        customer: this.cCust.finish(n),
        country: this.cCountry.finish(n),
      },
      {
        invoice: this.invoice.values,
        stockCode: this.stockCode.values,
        description: this.description.values,
        customer: this.customer.values,
        country: this.country.values,
      },
      schema,
    );
  }
}
