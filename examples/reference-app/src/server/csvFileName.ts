/**
 * The file name a filtered CSV download is saved under: the table's name, then what the filter
 * keeps (segment, cluster, country, dates), so that the At-Risk customers of France in the autumn
 * are not saved as one more `customers.csv`.
 */
import type { FilterEcho } from './filters.js';

/**
 * A CSV file name for a table within a filter: `base`, then `segment-<name>`, `cluster-<name>`,
 * the country, `from-<day>` and `to-<day>` for each part of the filter given, joined by `-`, then
 * `.csv`. The name may hold any character a name of the data holds (the answer's
 * Content-Disposition gives an ASCII fallback, see `sendCsv`). O(length).
 *
 * @example
 * ```ts
 * csvFileName({ base: 'customers', echo: { from: '2011-09-01', to: '2011-11-30', country: 'France', segment: 'At-Risk', cluster: null } });
 * // => 'customers-segment-At-Risk-France-from-2011-09-01-to-2011-11-30.csv'
 * ```
 */
export function csvFileName(options: { readonly base: string; readonly echo: FilterEcho }): string {
  const { base, echo } = options;
  const parts = [base];
  if (echo.segment !== null) parts.push(`segment-${echo.segment}`);
  if (echo.cluster !== null) parts.push(`cluster-${echo.cluster}`);
  if (echo.country !== null) parts.push(echo.country);
  if (echo.from !== null) parts.push(`from-${echo.from}`);
  if (echo.to !== null) parts.push(`to-${echo.to}`);
  return `${parts.join('-')}.csv`;
}

/**
 * The Content-Disposition of an attachment: `filename` in ASCII (every other character, and
 * characters a file system or a header would trip on, as `_`) and `filename*` (RFC 6266 / RFC
 * 8187) with the name exact, for the clients that read it.
 *
 * @example
 * ```ts
 * attachmentDisposition('customers-segment-At Risk-Réunion.csv');
 * // => `attachment; filename="customers-segment-At_Risk-R_union.csv"; filename*=UTF-8''customers-segment-At%20Risk-R%C3%A9union.csv`
 * ```
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\w.-]/g, '_');
  // a lone surrogate (which encodeURIComponent refuses) becomes U+FFFD
  const exact = encodeURIComponent(filename.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === filename ? `attachment; filename="${ascii}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
