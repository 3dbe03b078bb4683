/**
 * A seeded uniform random source in [0, 1): splitmix32 seeding into xoshiro128** (Blackman and
 * Vigna). Same seed, same stream on every platform; never `Math.random`.
 *
 * @param seed - any integer (truncated to 32 bits)
 * @returns a function returning the next number
 * @example
 * ```ts
 * const a = seededRandom(1);
 * const b = seededRandom(1);
 * a() === b();
 * // => true
 * ```
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const result = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return result / 4294967296;
  };
}
