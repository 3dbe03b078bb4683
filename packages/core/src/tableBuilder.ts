import { TransactionTable } from './transactionTable.js';

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

/** A string dictionary: code by value, values by code, in first-appearance order. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  /** The code of `value`, adding it when new. The stored string is a flat copy (see below). */
  code(value: string): number {
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      const own = ownString(value);
      this.values.push(own);
      this.codes.set(own, c);
    }
    return c;
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

/** Accumulates rows into block columns and dictionaries; `finish()` returns the table. */
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
  finish(): TransactionTable {
    const n = this.length;
    return new TransactionTable(
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
    );
  }
}
