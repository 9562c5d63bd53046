import { isDatabaseUnavailable } from '../../subgraphs/shared/src/database-faults.js';

/**
 * Which errors mean "the database is not there for you now" (answered SERVICE_UNAVAILABLE, retried by clients)
 * rather than a bug: hand-written from PostgreSQL's SQLSTATE classes and the pg driver's own messages.
 */
describe('database faults', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })],
    ['an administrator terminating the connection (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a connection exception (class 08)', Object.assign(new Error('x'), { code: '08006' })],
    ['the server going away under an open connection', new Error('Connection terminated unexpectedly')],
    ['a pooled client the server dropped, used again', new Error('Client has encountered a connection error and is not queryable')],
    ['a statement after its transaction’s connection died', new Error('Transaction query already complete, run with DEBUG=knex:tx for more info')],
    ['any of these as the cause of a wrapping error', Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('x'), { code: '57P01' }) })],
  ])('%s is a fault', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error (42601)', Object.assign(new Error('syntax'), { code: '42601' })],
    ['a plain bug', new TypeError('x is undefined')],
  ])('%s is not', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
