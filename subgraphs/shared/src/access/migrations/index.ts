import { Migration20261125130000 } from './Migration20261125130000.js';

export const accessMigrations = [{ name: 'Migration20261125130000', class: Migration20261125130000 }];
