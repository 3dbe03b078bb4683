/**
 * The names and numbers the command line shows and checks before any work starts: the recommender
 * and clusterer names, the exit codes and their help. No library is imported here, so `--help`
 * (and any other check that needs only these) starts as fast as Node itself; the modules that do
 * the work (`recommenders.ts`, `segmentation.ts`, `errors.ts`) take their names from here.
 */

/**
 * The built-in recommenders the app knows, in report order (the registry's kinds: one name everywhere).
 *
 * @example
 * MODEL_NAMES.includes('item-knn');
 * // => true
 */
export const MODEL_NAMES = ['popularity', 'repeat-purchase', 'item-knn', 'user-knn', 'tifu-knn', 'content', 'ease', 'sansa', 'learned-ranker'] as const;

/**
 * Fitted and evaluated unless `--models` says otherwise: every built-in but `sansa` (for
 * catalogues too large for EASE's dense matrix) and `learned-ranker`. EASE's inverse runs in
 * WebAssembly on every core (about 1.5 s on Online Retail) and is the best default on new
 * products; the learned ranker fits EASE three times and learns its weights on two holdouts (about
 * 15 s more on Online Retail, docs/benchmarks.md): name it in `--models` to add it.
 *
 * @example
 * DEFAULT_MODELS.join(',');
 * // => 'popularity,repeat-purchase,item-knn,user-knn,tifu-knn,content,ease'
 */
export const DEFAULT_MODELS: readonly string[] = ['popularity', 'repeat-purchase', 'item-knn', 'user-knn', 'tifu-knn', 'content', 'ease'];

/**
 * The names `--clusterer` accepts, in the order the help lists them (`segmentation.ts` maps each
 * to its algorithm).
 *
 * @example
 * CLUSTERER_NAMES[0];
 * // => 'kmeans'
 */
export const CLUSTERER_NAMES = ['kmeans', 'ward', 'average', 'complete', 'ml-kmeans', 'ml-hclust'] as const;

/** A name `--clusterer` accepts. */
export type ClustererName = (typeof CLUSTERER_NAMES)[number];

/**
 * The CLI's exit codes, documented in `--help` (`EXIT_HELP`) and in docs/getting-started.md.
 *
 * @example
 * EXIT.usage;
 * // => 2
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, missingFile: 3, badData: 4, cannotListen: 5 } as const;

/**
 * The exit codes as every command's `--help` ends.
 *
 * @example
 * EXIT_HELP.split('\n')[0];
 * // => 'Exit codes:'
 */
export const EXIT_HELP = `Exit codes:
  0  success
  1  unexpected failure (a bug: please report it with the message)
  2  bad usage: unknown command or flag, a flag value out of range, or a library error about an
     option (codes INVALID_OPTION, INVALID_K, INVALID_BINS, INVALID_AS_OF, ...)
  3  a file or directory given does not exist or cannot be read (READ_FAILED)
  4  the data cannot be used: wrong format, missing columns, no usable rows, or any other library
     error about the data (the message gives its code, the parameter and what is allowed)
  5  serve cannot listen: the port is in use, or not allowed for this user`;
