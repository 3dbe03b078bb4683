import { bgNbdFromJSON } from './bgNbd.js';
import type { BgNbdModel } from './bgNbd.js';
import { ClvError } from './errors.js';
import { gammaGammaFromJSON } from './gammaGamma.js';
import type { GammaGammaModel } from './gammaGamma.js';
import { modifiedBgNbdFromJSON } from './modifiedBgNbd.js';
import type { ModifiedBgNbdModel } from './modifiedBgNbd.js';
import { paretoNbdFromJSON } from './paretoNbd.js';
import type { ParetoNbdModel } from './paretoNbd.js';

/**
 * Restores any model of this package from its `toJSON()` form, by its `kind`.
 *
 * @param json - what `model.toJSON()` returned (or its JSON text parsed)
 * @returns the model
 * @throws {@link ClvError} `INVALID_MODEL` for an unknown kind or a malformed model
 * @example
 * ```ts
 * clvModelFromJSON(JSON.parse(JSON.stringify(fitBgNbd(cdnow)))).kind;
 * // => 'bg-nbd'
 * ```
 */
export function clvModelFromJSON(json: unknown): BgNbdModel | ParetoNbdModel | ModifiedBgNbdModel | GammaGammaModel {
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind === 'bg-nbd') return bgNbdFromJSON(json);
  if (kind === 'pareto-nbd') return paretoNbdFromJSON(json);
  if (kind === 'modified-bg-nbd') return modifiedBgNbdFromJSON(json);
  if (kind === 'gamma-gamma') return gammaGammaFromJSON(json);
  throw new ClvError('INVALID_MODEL', 'json.kind', kind, "'bg-nbd', 'pareto-nbd', 'modified-bg-nbd' or 'gamma-gamma'");
}
