/**
 * The `--at-risk` rule: which customers the business labels call At-Risk. A light module (no
 * library import), so that the CLI checks the flag before any work starts; `atRisk.ts` applies it.
 */

/**
 * How At-Risk is decided.
 *
 * - `rfm`: the RFM rule of `BUSINESS_SEGMENTS`, recency quintile score 1 or 2 (lapsed, whatever
 *   was bought).
 * - `p-alive`: the fitted BG/NBD's P(alive) below `threshold`; every other customer is labelled by
 *   F and M as the R 3-5 boxes of the business map label them (High-Value F 4-5 and M 4-5, Regular
 *   F 3 or F 4-5 with M 1-3, Occasional F 1-2), whatever their recency.
 */
export type AtRiskRule = { readonly rule: 'rfm' } | { readonly rule: 'p-alive'; readonly threshold: number };

/**
 * The default rule: the RFM rule.
 *
 * @example
 * ```ts
 * AT_RISK_DEFAULT;
 * // => { rule: 'rfm' }
 * ```
 */
export const AT_RISK_DEFAULT: AtRiskRule = { rule: 'rfm' };

/** What `--at-risk` accepts, in the words of its error messages. */
export const AT_RISK_ALLOWED = "rfm, or p-alive<t with t a decimal strictly between 0 and 1 such as p-alive<0.5 (quote it in a shell: '<' redirects)";

/** Why a rule text was refused: the message, the value and what is allowed. */
export interface AtRiskRuleProblem {
  readonly message: string;
  readonly value: string;
  readonly allowed: string;
}

/**
 * Parses an `--at-risk` value strictly: exactly `rfm`, or `p-alive<` followed by a plain decimal
 * (digits, one point, digits: `0.5`, `.25`) strictly between 0 and 1. No spaces, signs, exponents,
 * percentages or other case. O(length).
 *
 * @param text - the flag's value
 * @returns the rule, or the problem (message naming the option, the value and what is allowed)
 * @example
 * ```ts
 * parseAtRiskRule('p-alive<0.5');
 * // => { rule: 'p-alive', threshold: 0.5 }
 * 'message' in parseAtRiskRule('p-alive<1');
 * // => true
 * ```
 */
export function parseAtRiskRule(text: string): AtRiskRule | AtRiskRuleProblem {
  if (text === 'rfm') return { rule: 'rfm' };
  const problem = (why: string): AtRiskRuleProblem => ({ message: `--at-risk ${why}, got ${JSON.stringify(text)}; allowed: ${AT_RISK_ALLOWED}`, value: text, allowed: AT_RISK_ALLOWED });
  const m = /^p-alive<(\d*\.?\d+)$/.exec(text);
  if (!m) return problem(text.toLowerCase().startsWith('p-alive') ? "takes a threshold written p-alive<t, t a plain decimal such as 0.5" : 'must be rfm or p-alive<t');
  const threshold = Number(m[1]);
  if (!(threshold > 0 && threshold < 1)) return problem('needs a threshold strictly between 0 and 1 (P(alive) is a probability, and 0 or 1 would put no customer or every customer at risk)');
  return { rule: 'p-alive', threshold };
}

/**
 * The rule as `--at-risk` writes it.
 *
 * @example
 * ```ts
 * formatAtRiskRule({ rule: 'p-alive', threshold: 0.3 });
 * // => 'p-alive<0.3'
 * ```
 */
export function formatAtRiskRule(rule: AtRiskRule): string {
  return rule.rule === 'rfm' ? 'rfm' : `p-alive<${rule.threshold}`;
}
