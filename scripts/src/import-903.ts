import 'reflect-metadata';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import cliProgress from 'cli-progress';
import { migrateSubgraph } from '@caregraph/kit';
import { DEMO_LA } from '@caregraph/demo';
import { SUBGRAPH_DEFINITIONS } from './subgraphs.js';
import { importReturn, type ImportReport } from './ssda903/import.js';

const USAGE = 'usage: npm run import:903 -- <folder or files> [--la <code>] [--skip-invalid] [--year <YYYY>] [--report <file.json>]';

/** The command line of `npm run import:903`. */
export function parseImportArgs(argv: string[]): { paths: string[]; la: string; skipInvalid: boolean; yearEnd?: string; report: string } {
  const paths: string[] = [];
  let la = DEMO_LA;
  let skipInvalid = false;
  let yearEnd: string | undefined;
  let report = 'import-903-report.json';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--la') la = argv[++i] ?? '';
    else if (a === '--skip-invalid') skipInvalid = true;
    else if (a === '--year') {
      const y = argv[++i] ?? '';
      if (!/^\d{4}$/.test(y)) throw new Error(`--year takes the year the collection ends in (YYYY). ${USAGE}`);
      yearEnd = `${y}-03-31`;
    } else if (a === '--report') report = argv[++i] ?? report;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}. ${USAGE}`);
    else paths.push(a);
  }
  if (paths.length === 0 || !/^[EW]\d{8}$|^\d{3}$/.test(la)) throw new Error(USAGE);
  return { paths, la, skipInvalid, yearEnd, report };
}

/** The files of a return: the .csv/.xml files of a folder, or the files named. */
export function returnFiles(paths: string[]): { name: string; text: string }[] {
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p).filter((n) => /\.(csv|xml)$/i.test(n)).sort().map((n) => join(p, n))
      : [p],
  );
  return files.map((f) => ({ name: basename(f), text: readFileSync(f, 'utf8') }));
}

export function summaryLines(r: ImportReport): string[] {
  const lines = [
    `SSDA903 ${r.format.toUpperCase()} return, LA ${r.la}, collection year ending ${r.collectionYearEnd} (${r.mode})`,
    `rows: ${r.rows.read} read, ${r.rows.rejected} rejected, ${r.rows.leftOut} left out with their child`,
    `children: ${r.children.read} read, ${r.children.created} created, ${r.children.updated} updated, ${r.children.unchanged} unchanged, ${r.children.rejected} rejected`,
  ];
  for (const i of r.issues.slice(0, 50)) lines.push(`  ${i.file}:${i.line}${i.element ? ` ${i.element}` : ''} ${i.column || '-'} ${i.code}: ${i.message}`);
  if (r.issues.length > 50) lines.push(`  ... ${r.issues.length - 50} more in the JSON report`);
  lines.push(r.committed ? `imported in ${r.seconds} s` : 'nothing imported: the return has invalid rows (fix them, or use --skip-invalid to import every valid child)');
  return lines;
}

async function main(): Promise<void> {
  const args = parseImportArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL ?? `postgres://caregraph:caregraph-local@127.0.0.1:${process.env.PG_PORT ?? 54320}/caregraph` // the hub `npm start` runs;
  for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, databaseUrl);
  const bar = process.stdout.isTTY ? new cliProgress.SingleBar({ format: 'importing {bar} {value}/{total} children | {eta}s left' }, cliProgress.Presets.shades_classic) : null;
  let started = false;
  const report = await importReturn(databaseUrl, returnFiles(args.paths), {
    la: args.la, skipInvalid: args.skipInvalid, yearEnd: args.yearEnd,
    progress: (done, total) => {
      if (!started) bar?.start(total, 0);
      started = true;
      bar?.update(done);
    },
  });
  bar?.stop();
  writeFileSync(args.report, JSON.stringify(report, null, 2) + '\n');
  console.log(summaryLines(report).join('\n'));
  console.log(`report: ${args.report}`);
  process.exitCode = report.committed ? (report.issues.length > 0 ? 2 : 0) : 1;
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  main().catch((error: Error & { code?: string; constraint?: string }) => {
    // A database error's message can quote a row ("Failing row contains ..."): only its code and constraint are shown.
    console.error(error.code && /^[0-9A-Z]{5}$/.test(error.code)
      ? `the database refused the import (SQLSTATE ${error.code}${error.constraint ? `, constraint ${error.constraint}` : ''}); nothing was written`
      : error.message);
    process.exitCode = 1;
  });
}
