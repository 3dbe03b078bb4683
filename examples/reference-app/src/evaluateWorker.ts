/**
 * Runs `evaluateModels` in a worker thread, so that the evaluation (the longest stage) overlaps
 * fitting the served models and drawing the charts on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isShopperSpectrumError, TransactionTable } from '@shopper-spectrum/core';
import type { TransactionColumns, TransactionDictionaries } from '@shopper-spectrum/core';
import { useWorkerThreads } from '@shopper-spectrum/recommend/node';
import { evaluateModels, loadPlugins } from './recommenders.js';
import type { ModelName } from './recommenders.js';

const data = workerData as { columns: TransactionColumns; dictionaries: TransactionDictionaries; models: ModelName[]; cutoff: string; plugins: string[] };
// EASE's inverse on every core (for the group with EASE in it): the main thread is idle by the time
// these fits are the critical path
const dense = useWorkerThreads(data.models.some((m) => m === 'ease' || m === 'learned-ranker') ? {} : { threads: 1 });
try {
  await loadPlugins(data.plugins); // a worker has its own registry: register the plugin kinds here too
  const t = performance.now();
  const evaluation = evaluateModels(new TransactionTable(data.columns, data.dictionaries), data.models, data.cutoff);
  parentPort!.postMessage({ evaluation, seconds: (performance.now() - t) / 1000 });
} catch (error) {
  // a genuine evaluation error goes back as data (classes do not cross threads), to be thrown there
  const e = error as Error & { code?: string; parameter?: string; value?: unknown; allowed?: string };
  parentPort!.postMessage({ error: { coded: isShopperSpectrumError(error), name: e?.name, message: e?.message ?? String(error), code: e?.code, parameter: e?.parameter, allowed: e?.allowed, value: isShopperSpectrumError(error) ? error.toJSON().value : undefined } });
}
void dense.close();
