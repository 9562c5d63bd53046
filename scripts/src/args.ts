import { parseArgs } from 'node:util';

/** `--children N` for start and seed. */
export function childrenArg(argv = process.argv.slice(2), fallback: number): number {
  const { values } = parseArgs({ args: argv, options: { children: { type: 'string' } }, allowPositionals: true, strict: false });
  const raw = values.children;
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error('--children must be a whole number between 1 and 1,000,000');
  return n;
}
