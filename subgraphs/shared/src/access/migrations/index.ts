import { Migration20261125130000 } from './Migration20261125130000.js';
import { Migration20261128220000 } from './Migration20261128220000.js';
import { Migration20261128230000 } from './Migration20261128230000.js';

export const accessMigrations = [
  { name: 'Migration20261125130000', class: Migration20261125130000 },
  { name: 'Migration20261128220000', class: Migration20261128220000 },
  { name: 'Migration20261128230000', class: Migration20261128230000 },
];
