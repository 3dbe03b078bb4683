/** The sample the page offers: the seeded synthetic shop (600 customers), gzipped (Node only: used to build and test). */
import { gzipSync } from 'node:zlib';
import { generateTransactionsCsv } from '@shopper-spectrum/core';

export const sampleGz = (): Uint8Array<ArrayBuffer> => new Uint8Array(gzipSync(generateTransactionsCsv({ seed: 11, customers: 600 })));
