/**
 * Strategies chosen by name or by value (similarities, linkages, distances, scalers, recommenders):
 * one resolver, so every package accepts and refuses names the same way.
 */

/** `'a', 'b' or 'c'`: the names a lookup object accepts, for error messages. */
export function allowedNames(table: Readonly<Record<string, unknown>>): string {
  const names = Object.keys(table).map((k) => `'${k}'`);
  return names.length <= 1 ? (names[0] ?? 'nothing') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/**
 * Resolves a strategy given by name (a key of `table`) or by value (a function, accepted as is).
 *
 * @param table - the built-ins, by name
 * @param chosen - a name, or the strategy itself
 * @param parameter - the option's name, for the error
 * @param fail - throws the package's own error for an unknown name
 * @returns the strategy
 */
export function resolveStrategy<T>(
  table: Readonly<Record<string, T>>,
  chosen: string | T,
  parameter: string,
  fail: (parameter: string, value: unknown, allowed: string) => never,
): T {
  if (typeof chosen === 'string') {
    if (Object.prototype.hasOwnProperty.call(table, chosen)) return table[chosen]!;
    return fail(parameter, chosen, `${allowedNames(table)}${Object.values(table).some((v) => typeof v === 'function') ? ', or a function' : ''}`);
  }
  if (typeof chosen === 'function') return chosen;
  return fail(parameter, chosen, `${allowedNames(table)}${Object.values(table).some((v) => typeof v === 'function') ? ', or a function' : ''}`);
}

/** Compile-time exhaustiveness: call in the `default` of a switch over a union. */
export function unreachable(value: never, what: string): never {
  throw new Error(`unreachable: unexpected ${what} ${String(value)}`);
}
