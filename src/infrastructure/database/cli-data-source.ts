import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config';
import { dataSourceOptions } from './data-source-options';

/** Used by the TypeORM CLI (`npx typeorm -d dist/src/infrastructure/database/cli-data-source.js`). */
export default new DataSource(dataSourceOptions(loadAppConfig().database.url));
