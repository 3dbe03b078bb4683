/** Types of trending.mjs: a recommender definition whose options are `{ halfLifeDays }`. */
import type { RecommenderDefinition } from '@shopper-spectrum/recommend';

declare const definition: RecommenderDefinition<{ readonly halfLifeDays: number }>;
export default definition;
