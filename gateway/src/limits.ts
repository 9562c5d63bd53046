import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, visit, type DocumentNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { GatewayContext } from './context.js';

/**
 * What the gateway refuses before anything runs. Apollo Server parses (token limit), then validates (the
 * armor rules below run in the same pass as graphql-js's own rules), then resolves the operation
 * (`didResolveOperation`, where pruning and `refuseBeforeExecution` run), then plans and executes. So a
 * document over a limit never reaches pruning, the query planner or a subgraph.
 *
 * Tuned on every query in README.md and the tests (measured with armor's own counters): the largest is the
 * policy matrix's generated child query (430 tokens, depth 6); the deepest and costliest is
 * `children(first: 100) { edges { node { chronology(first: 100) { edges { node { ... redactions { ... } } } } } } }`
 * (depth 8, cost 1.9 million). The abuse they refuse: six levels of `child { placements { child ...` (depth
 * 13+), 1,000 aliases (3,000+ tokens), an 18-level fragment bomb (cost ~10^14, depth 36+), 10,000 chained
 * fragments (80,000 tokens).
 */
export const LIMITS = {
  /** Lexical tokens in the document; checked by graphql-js while parsing, so a huge document stops early. */
  maxTokens: 1_000,
  /** Nesting of fields; a fragment spread counts as one level (armor's default), so fragment bombs are deep. */
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 20,
  /**
   * armor's cost: 2 per object, 1 per scalar, x1.5 per level, x`first` for lists given a literal `first`.
   * A list asked for without `first` is counted once: `first` is capped at 100 by the subgraphs.
   */
  maxCost: 3_000_000,
} as const;

/** A limit refusal: the contract's code, and fixed text that says which limit (never what was sent). */
function tooComplex(message: string) {
  return (ctx: ValidationContext | null) =>
    ctx?.reportError(new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } }));
}

/**
 * graphql-armor's validation rules and its field-suggestion masking. A refusal is reported to the validation
 * context (`propagateOnRejection: false`), so Apollo answers 400 before execution; Apollo wraps it as
 * GRAPHQL_VALIDATION_FAILED, and the kit's formatError reads the QUERY_TOO_COMPLEX set here back from the
 * wrapped error. Armor's token limit is not used: its Apollo plugin throws from `parsingDidStart`, which
 * Apollo answers with HTTP 500; graphql-js's own `maxTokens` parse option (`parseOptions`) does the same count.
 */
export function armorProtection(opts: { blockFieldSuggestions: boolean }): { plugins: ApolloServerPlugin<GatewayContext>[]; validationRules: ValidationRule[] } {
  const reject = (message: string) => ({ propagateOnRejection: false, onReject: [tooComplex(message)], exposeLimits: false });
  const { plugins, validationRules } = new ApolloArmor({
    maxTokens: { enabled: false },
    maxDepth: { n: LIMITS.maxDepth, ...reject(`The query is nested deeper than the limit of ${LIMITS.maxDepth} levels`) },
    maxAliases: { n: LIMITS.maxAliases, ...reject(`The query has more aliases than the limit of ${LIMITS.maxAliases}`) },
    maxDirectives: { n: LIMITS.maxDirectives, ...reject(`The query has more directives than the limit of ${LIMITS.maxDirectives}`) },
    costLimit: { maxCost: LIMITS.maxCost, ...reject(`The query's estimated cost is over the limit of ${LIMITS.maxCost}`) },
    // Suggestions name fields a client cannot list while introspection is off; development keeps both.
    blockFieldSuggestion: { enabled: opts.blockFieldSuggestions },
  }).protect();
  return { plugins: plugins as ApolloServerPlugin<GatewayContext>[], validationRules };
}

/** Apollo Server's `parseOptions`: graphql-js stops lexing past the limit (coded QUERY_TOO_COMPLEX by formatError). */
export const parseOptions = { maxTokens: LIMITS.maxTokens };

const refused = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

/**
 * Requests that pass validation but must not execute, answered 400 BAD_USER_INPUT with fixed text:
 * - an `operationName` naming no operation (or none given for several): the gateway would throw (HTTP 500);
 * - a subscription: the hub has none, and the gateway cannot execute one;
 * - a NUL character in any string, in the document or the variables: PostgreSQL refuses it in text, so it
 *   must never reach a subgraph's SQL.
 */
export const refuseBeforeExecution: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request, document }) {
        if (!operation) {
          throw refused(request.operationName != null ? 'The operationName names no operation in the document' : 'The document has several operations: name one with operationName');
        }
        if (operation.operation === 'subscription') throw refused('Subscriptions are not supported');
        if (hasNul(document) || containsNul(request.variables)) throw refused('Strings may not contain the NUL character');
      },
    };
  },
};

const nulChecked = new WeakMap<DocumentNode, boolean>();

/** Whether a string literal of the document holds U+0000 (only reachable through an escape or a block string). */
function hasNul(document: DocumentNode): boolean {
  let found = nulChecked.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.STRING]: (node) => {
        if (node.value.includes('\0')) found = true;
      },
    });
    nulChecked.set(document, found);
  }
  return found;
}

/** Walks a JSON value without recursion (variables may be nested deeply on purpose). */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\0')) return true;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\0')) return true;
        stack.push(item);
      }
    }
  }
  return false;
}
