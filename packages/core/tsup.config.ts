import { packageConfig } from '../../tsup.config.base.js';

// exceljs is an optional peer dependency, loaded only for XLSX files.
export default packageConfig({ external: ['exceljs'] });
