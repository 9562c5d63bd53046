import { parse } from 'csv-parse/sync';
import { XMLValidator } from 'fast-xml-parser';
import { FILE_COLUMNS, FILE_KINDS, SIGNATURE, type FileKind, type Issue, type RawRow, type ReadReturn } from './model.js';
import { issue } from './messages.js';

/** A file's kind from its name (`episodes.csv`, `903_header_2024.csv`, ...), or from its columns. */
function kindOf(name: string, columns: string[]): FileKind | undefined {
  const base = name.toLowerCase().replace(/\.[a-z]+$/, '');
  const byName = [...FILE_KINDS].sort((a, b) => b.length - a.length).find((k) => base.includes(k));
  if (byName && columns.includes(SIGNATURE[byName])) return byName;
  return FILE_KINDS.find((k) => columns.includes(SIGNATURE[k]) && (k !== 'header' || columns.includes('SEX')));
}

/** Reads one CSV file of a return. Column names are matched case-insensitively, values trimmed. */
export function readCsv(name: string, text: string): { rows: RawRow[]; issues: Issue[] } {
  const issues: Issue[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  if (!text.includes('"')) {
    // No quoting anywhere (the usual export): a line is a record, a comma a separator; several times faster.
    records = [];
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    lines.forEach((line, i) => {
      if (line.trim() !== '') records.push({ record: line.split(',').map((v) => v.trim()), info: { lines: i + 1 } });
    });
  } else {
    try {
      records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
    } catch (error) {
      const line = Number((error as { lines?: number }).lines ?? 1);
      return { rows: [], issues: [issue(name, line, '', 'CSV_MALFORMED')] };
    }
  }
  if (records.length === 0) return { rows: [], issues: [issue(name, 1, '', 'FILE_EMPTY')] };
  const columns = records[0]!.record.map((c) => c.toUpperCase());
  const kind = kindOf(name, columns);
  if (!kind) return { rows: [], issues: [issue(name, 1, '', 'FILE_UNKNOWN')] };
  for (const required of FILE_COLUMNS[kind]) {
    // DOB on the secondary files only repeats the header's; the rest are needed.
    if (!columns.includes(required) && !(required === 'DOB' && kind !== 'header') && !(kind === 'uasc' && required === 'SEX')) {
      issues.push(issue(name, 1, required, 'COLUMN_MISSING'));
    }
  }
  if (issues.length > 0) return { rows: [], issues };
  const rows: RawRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.every((v) => v === '')) continue;
    const values: Record<string, string> = {};
    columns.forEach((c, i) => (values[c] = record[i] ?? ''));
    rows.push({ file: name, kind, line: info.lines, values });
  }
  return { rows, issues };
}

interface Element {
  name: string;
  line: number;
  children: Element[];
  text: string;
}

/** A small XML reader that keeps each element's line (the report names lines); well-formedness is fast-xml-parser's. */
function elements(text: string): Element {
  const root: Element = { name: '#root', line: 1, children: [], text: '' };
  const stack = [root];
  const tag = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;
  let line = 1;
  let at = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const between = text.slice(at, m.index);
    stack.at(-1)!.text += between;
    for (let i = at; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    const startLine = line;
    for (let i = m.index; i < tag.lastIndex; i++) if (text.charCodeAt(i) === 10) line++;
    at = tag.lastIndex;
    if (m[1] !== undefined) stack.at(-1)!.text += m[1];
    if (!m[3]) continue;
    if (m[2] === '/') {
      if (stack.length > 1) stack.pop();
    } else {
      const el: Element = { name: m[3].toUpperCase(), line: startLine, children: [], text: '' };
      stack.at(-1)!.children.push(el);
      if (m[4] !== '/') stack.push(el);
    }
  }
  return root;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const value = (el: Element) => el.text.replace(/&(amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e]!).trim();
/** XML tag → CSV column (domain.md: CHILDID and PL differ). */
const COLUMN: Record<string, string> = { CHILDID: 'CHILD', PL: 'PLACE' };
const BLOCKS: Record<string, FileKind> = { AREVIEW: 'reviews', AMISSING: 'missing', PERMANENCE: 'previous_permanence', OC2: 'oc2', OC3: 'oc3', UASC: 'uasc', AD1: 'ad1', PLACED_FOR_ADOPTION: 'placed_for_adoption', SW_EPISODE: 'sw_episodes', SWEPISODE: 'sw_episodes' };

function leafValues(el: Element, source: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const c of el.children) {
    if (c.children.length > 0) continue;
    const column = COLUMN[c.name] ?? c.name;
    values[column] = value(c);
    source[column] = c.name;
  }
  return values;
}

function blockKind(el: Element, values: Record<string, string>): FileKind | undefined {
  if (el.name === 'EPISODE') return 'episodes';
  const named = BLOCKS[el.name];
  if (named) return named;
  return FILE_KINDS.find((k) => k !== 'header' && SIGNATURE[k] in values);
}

/** Reads the XML form of a return: one file, `EXPSSDA903` root, a `CHILD` element per child. */
export function readXml(name: string, text: string): { rows: RawRow[]; issues: Issue[] } {
  const checked = XMLValidator.validate(text);
  if (checked !== true) return { rows: [], issues: [issue(name, checked.err.line, '', 'XML_MALFORMED')] };
  const root = elements(text).children[0];
  if (!root || root.name !== 'EXPSSDA903') return { rows: [], issues: [issue(name, root?.line ?? 1, '', 'XML_ROOT')] };
  const rows: RawRow[] = [];
  const issues: Issue[] = [];
  let n = 0;
  for (const child of root.children) {
    if (child.name === 'CHILD') n++;
    const at = `CHILD[${n}]`;
    if (child.name !== 'CHILD') {
      issues.push(issue(name, child.line, child.name, 'XML_UNKNOWN_ELEMENT', undefined, child.name));
      continue;
    }
    const headerEl = child.children.find((c) => c.name === 'HEADER');
    if (!headerEl) {
      issues.push(issue(name, child.line, 'HEADER', 'XML_NO_HEADER', undefined, at));
      continue;
    }
    const source: Record<string, string> = {};
    const header = leafValues(headerEl, source);
    // Nested rows take the child's id from HEADER; their date of birth is the header's (checked there once).
    const id = { CHILD: header.CHILD ?? '', DOB: '' };
    rows.push({ file: name, kind: 'header', line: headerEl.line, values: pick(header, FILE_COLUMNS.header), source, element: `${at}/HEADER` });
    // Leaf fields of other files written straight into HEADER (OC3, UASC's DUC, AD1's dates).
    for (const kind of ['oc3', 'uasc', 'ad1', 'placed_for_adoption', 'previous_permanence'] as const) {
      const own = FILE_COLUMNS[kind].filter((c) => c !== 'CHILD' && c !== 'DOB' && c !== 'SEX');
      if (own.some((c) => (header[c] ?? '') !== '')) {
        rows.push({ file: name, kind, line: headerEl.line, values: { ...pick(header, FILE_COLUMNS[kind]), ...id, SEX: header.SEX ?? '' }, source, element: `${at}/HEADER` });
      }
    }
    const blocks = [
      ...headerEl.children.filter((c) => c.children.length > 0).map((b) => ({ b, path: `${at}/HEADER/` })),
      ...child.children.filter((c) => c !== headerEl).map((b) => ({ b, path: `${at}/` })),
    ];
    const seen = new Map<string, number>();
    for (const { b: block, path } of blocks) {
      const k = (seen.get(path + block.name) ?? 0) + 1;
      seen.set(path + block.name, k);
      const element = `${path}${block.name}[${k}]`;
      const blockSource: Record<string, string> = {};
      const values = leafValues(block, blockSource);
      const kind = blockKind(block, values);
      if (!kind) {
        issues.push(issue(name, block.line, block.name, 'XML_UNKNOWN_ELEMENT', header.CHILD, element));
        continue;
      }
      if (kind === 'uasc' && Object.values(values).every((v) => v === '')) continue;
      rows.push({ file: name, kind, line: block.line, values: { ...pick(values, FILE_COLUMNS[kind]), ...id, ...(kind === 'uasc' ? { SEX: header.SEX ?? '' } : {}) }, source: blockSource, element });
    }
  }
  return { rows, issues };
}

function pick(values: Record<string, string>, columns: readonly string[]): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c, values[c] ?? '']));
}

/** Reads a return from its files: several CSVs, or one XML file. */
export function readReturn(files: { name: string; text: string }[]): ReadReturn {
  const xml = files.filter((f) => /\.xml$/i.test(f.name) || f.text.trimStart().startsWith('<'));
  const rows: RawRow[] = [];
  const issues: Issue[] = [];
  if (xml.length > 0) {
    for (const f of files) if (!xml.includes(f)) issues.push(issue(f.name, 1, '', 'MIXED_FORMATS'));
    for (const f of xml) {
      const r = readXml(f.name, f.text);
      rows.push(...r.rows);
      issues.push(...r.issues);
    }
    return { rows, issues, format: 'xml' };
  }
  const seen = new Map<FileKind, string>();
  for (const f of files) {
    const r = readCsv(f.name, f.text);
    const kind = r.rows[0]?.kind;
    if (kind && seen.has(kind)) {
      issues.push(issue(f.name, 1, '', 'FILE_DUPLICATE'));
      continue;
    }
    if (kind) seen.set(kind, f.name);
    rows.push(...r.rows);
    issues.push(...r.issues);
  }
  return { rows, issues, format: 'csv' };
}
