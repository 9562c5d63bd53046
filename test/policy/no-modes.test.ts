import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Issue 9, acceptance 3: no file under subgraphs/ or gateway/ reads an authorization mode, and no resolver calls
 * the policy directly. The policy's decisions are applied by the kit (subgraphs/shared/src/access/) and the
 * gateway's pruning; a resolver, route, loader or service asks its request's AccessControl and nothing else.
 * Checked over the source text with regexes (comments left out), each check proven to bite on a hand-made example.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
    }
  };
  walk(dir);
  return out;
}

const SUBGRAPH_SRC = readdirSync(join(ROOT, 'subgraphs'))
  .map((name) => join(ROOT, 'subgraphs', name, 'src'))
  .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory());
const KIT_ACCESS = join(ROOT, 'subgraphs', 'shared', 'src', 'access');

/** The text without comments (a comment may well say that AUTHORIZATION=off is gone). Strings are kept. */
export function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Ways of reading an authorization mode: the old environment setting, its type, or a branch on a mode value. */
const MODE_READS: [string, RegExp][] = [
  ['the AUTHORIZATION setting', /\bAUTHORIZATION\b/],
  ['the AuthorizationMode type', /\bAuthorizationMode\b/],
  ['a branch on an access mode', /\b(access|accessControl|ctx\.access|authorization|authz)\??\.mode\s*[!=]==?/],
  ['a branch on the authorization setting', /\bauthorization(Mode)?\s*[!=]==?\s*['"`](off|enforced|on)['"`]/i],
  ['an authorization setting of off', /\bauthorization(Mode)?['"`]?\s*:\s*['"`]off['"`]/i],
];

/** Every way `text` reads an authorization mode (empty: none). */
export function modeReads(text: string): string[] {
  const code = withoutComments(text);
  return MODE_READS.filter(([, re]) => re.test(code)).map(([what]) => what);
}

/** The policy's decision functions: only the kit's access layer (and the gateway's pruning) may call them. */
const DECISIONS = ['allows', 'grantOf', 'rowFilterOf', 'neverAllows', 'ROW_RULES', 'SCOPES'];
/** The grant table is the policy's too: what input validation needs from it, the policy exports by name. */
/** The policy names `text` takes from @caregraph/schema that it may not. */
export function policyCalls(text: string): string[] {
  const code = withoutComments(text);
  const forbidden = [...DECISIONS, 'GRANTS'];
  const found = new Set<string>();
  // Named imports (also split over lines, renamed with `as`, or re-exported with `export { ... } from`).
  for (const m of code.matchAll(/\b(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]@caregraph\/schema(?:\/[^'"]*)?['"]/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim();
      if (!part.trim().startsWith('type ') && forbidden.includes(name)) found.add(name);
    }
  }
  // A namespace import used for a decision (`import * as C from '@caregraph/schema'; C.allows(...)`).
  for (const m of code.matchAll(/\bimport\s+\*\s+as\s+(\w+)\s+from\s*['"]@caregraph\/schema(?:\/[^'"]*)?['"]/g)) {
    for (const name of forbidden) if (new RegExp(`\\b${m[1]}\\s*(?:\\?\\.|\\.)\\s*${name}\\b|\\b${m[1]}\\s*\\[\\s*['"\`]${name}['"\`]`).test(code)) found.add(name);
  }
  // The policy's own modules reached around the package's entry point.
  if (/from\s*['"][^'"]*schema\/(?:src|dist)\/policy\b/.test(code)) found.add('schema/src/policy (by path)');
  // A dynamic import of the package.
  if (/\bimport\s*\(\s*['"]@caregraph\/schema['"]\s*\)/.test(code)) found.add('import("@caregraph/schema")');
  return [...found].sort();
}

const rel = (path: string) => relative(ROOT, path).split('\\').join('/');

describe('no authorization mode in product code', () => {
  const files = [...SUBGRAPH_SRC, join(ROOT, 'gateway', 'src')].flatMap(sourcesUnder);

  it('finds the product sources', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.map(rel)).toEqual(expect.arrayContaining(['gateway/src/server.ts', 'subgraphs/shared/src/subgraph.ts', 'subgraphs/shared/src/access/access-control.ts']));
  });

  it('no file under subgraphs/*/src or gateway/src reads one', () => {
    const offenders = files.map((f) => ({ file: rel(f), reads: modeReads(readFileSync(f, 'utf8')) })).filter((o) => o.reads.length > 0);
    expect(offenders).toEqual([]);
  });

  it('the check bites on hand-made examples, and lets comments and the HTTP header pass', () => {
    expect(modeReads(`const mode = process.env.AUTHORIZATION ?? 'enforced';`)).toEqual(['the AUTHORIZATION setting']);
    expect(modeReads(`import { type AuthorizationMode } from './config.js';`)).toEqual(['the AuthorizationMode type']);
    expect(modeReads(`if (ctx.access.mode === 'off') return true;`)).toEqual(['a branch on an access mode']);
    expect(modeReads(`if (config.authorization !== 'enforced') skip();`)).toEqual(['a branch on the authorization setting']);
    expect(modeReads(`createSubgraph(def, { authorization: 'off' });`)).toEqual(['an authorization setting of off']);
    expect(modeReads(`// No AUTHORIZATION=off here any more\n/* AuthorizationMode is gone */\nconst h = req.headers.authorization;`)).toEqual([]);
  });
});

describe('no resolver calls the policy directly', () => {
  const files = SUBGRAPH_SRC.flatMap(sourcesUnder).filter((f) => !f.startsWith(KIT_ACCESS + '/') && f !== KIT_ACCESS);

  it('covers every resolver and route file, and not the kit’s access layer', () => {
    const names = files.map(rel);
    expect(names.filter((n) => n.endsWith('.resolver.ts')).length).toBeGreaterThan(15);
    expect(names.filter((n) => n.endsWith('.routes.ts')).length).toBeGreaterThan(0);
    expect(names.some((n) => n.startsWith('subgraphs/shared/src/access/'))).toBe(false);
  });

  it('no file under subgraphs/*/src outside subgraphs/shared/src/access/ imports a decision function from @caregraph/schema', () => {
    const offenders = files.map((f) => ({ file: rel(f), calls: policyCalls(readFileSync(f, 'utf8')) })).filter((o) => o.calls.length > 0);
    expect(offenders).toEqual([]);
  });

  it('the check bites on hand-made examples', () => {
    expect(policyCalls(`import { allows, type Role } from '@caregraph/schema';\nif (!allows(role, 'Child.caseNotes')) throw x;`)).toEqual(['allows']);
    expect(policyCalls(`import {\n  CODES,\n  ROW_RULES as rules,\n  SCOPES,\n} from '@caregraph/schema';`)).toEqual(['ROW_RULES', 'SCOPES']);
    expect(policyCalls(`import * as C from '@caregraph/schema';\nconst ok = C.neverAllows(role, c);`)).toEqual(['neverAllows']);
    expect(policyCalls(`import { rowFilterOf } from '../../../../schema/src/policy/grants.js';`)).toEqual(['schema/src/policy (by path)']);
    expect(policyCalls(`export { grantOf } from '@caregraph/schema';`)).toEqual(['grantOf']);
    expect(policyCalls(`const { allows } = await import('@caregraph/schema');`)).toEqual(['import("@caregraph/schema")']);
    // GRANTS: nowhere outside the kit; input validation takes the policy's named sets (VOICE_CHOOSABLE_ROLES, AGREEMENT_GROUPS).
    expect(policyCalls(`import { GRANTS, ROLES } from '@caregraph/schema';`)).toEqual(['GRANTS']);
    expect(policyCalls(`import { GRANTS, ROLES } from '@caregraph/schema';`)).toEqual(['GRANTS']);
    expect(policyCalls(`import { VOICE_CHOOSABLE_ROLES, AGREEMENT_GROUPS } from '@caregraph/schema';`)).toEqual([]);
    // Code lists, types and comments pass.
    expect(policyCalls(`import * as C from '@caregraph/schema';\n// allows() is the kit's business\nconst x = C.LEGAL_STATUS;`)).toEqual([]);
    expect(policyCalls(`import { LEGAL_STATUS, type Principal } from '@caregraph/schema';`)).toEqual([]);
  });
});
