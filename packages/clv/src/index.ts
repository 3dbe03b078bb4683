/**
 * `@shopper-spectrum/clv`: customer lifetime value from the BTYD models. BG/NBD, Pareto/NBD,
 * modified BG/NBD and Gamma-Gamma by maximum likelihood (reproducing the published CDNOW estimates),
 * P(alive), expected purchases, spend and CLV per customer, and calibration / holdout validation.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/clv
 */
export { ShopperSpectrumError, ParameterError, isShopperSpectrumError } from '@shopper-spectrum/internal';
export type { ErrorDetails, ErrorJSON } from '@shopper-spectrum/internal';
export { ClvError } from './errors.js';
export type { ClvErrorCode } from './errors.js';
export type { NumberColumn, PurchaseSummary } from './summary.js';
export { FIT_DEFAULTS } from './model.js';
export type { FitOptions, FitReport, ModelJSON, PurchaseModel } from './model.js';
export { fitBgNbd, bgNbdLogLikelihood, bgNbdFromJSON } from './bgNbd.js';
export type { BgNbdParams, BgNbdModel } from './bgNbd.js';
export { fitModifiedBgNbd, modifiedBgNbdLogLikelihood, modifiedBgNbdFromJSON } from './modifiedBgNbd.js';
export type { ModifiedBgNbdParams, ModifiedBgNbdModel } from './modifiedBgNbd.js';
export { fitParetoNbd, paretoNbdLogLikelihood, paretoNbdFromJSON } from './paretoNbd.js';
export type { ParetoNbdParams, ParetoNbdModel } from './paretoNbd.js';
export { fitGammaGamma, gammaGammaLogLikelihood, gammaGammaFromJSON } from './gammaGamma.js';
export type { GammaGammaParams, GammaGammaModel, SpendSummary } from './gammaGamma.js';
export { clvModelFromJSON } from './fromJSON.js';
export { customerLifetimeValue, predictCustomers, CLV_DEFAULTS } from './predictions.js';
export type { ValueSummary, ClvOptions, CustomerPredictions, PredictOptions } from './predictions.js';
export { calibrationHoldoutSplit, holdoutByFrequency, cumulativeRepeatPurchases } from './calibrationHoldout.js';
export type { DateInput, CalibrationHoldoutOptions, CalibrationHoldout, FrequencyBin, HoldoutByFrequencyOptions, TrackingPoint } from './calibrationHoldout.js';
export { lnGamma, digamma, logSumExp, logDiffExp } from './specialFunctions.js';
export { logHyp2f1, logHyp2f1Unit } from './hypergeometric.js';
