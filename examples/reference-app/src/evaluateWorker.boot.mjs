// Starts the TypeScript evaluation worker under tsx (worker threads do not inherit tsx's loader).
import { register } from 'tsx/esm/api';

register();
await import('./evaluateWorker.ts');
