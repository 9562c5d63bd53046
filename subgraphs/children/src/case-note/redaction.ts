import { Exemption, WithheldContent, type Redaction } from '@caregraph/kit';
import type { Principal } from '@caregraph/schema';

/** A span of a note's body that is about someone else (or otherwise exempt), marked when the note is written. */
export interface WithheldSpan {
  start: number;
  end: number;
  content: WithheldContent;
  exemption: Exemption;
}

const EXPLANATIONS: Record<WithheldContent, string> = {
  ABOUT_FAMILY_MEMBER: 'Part of this record is about a member of your family rather than about you, so it has been withheld to protect their privacy.',
  ABOUT_OTHER_CHILD: 'Part of this record is about another child, so it has been withheld to protect their privacy.',
  ABOUT_FOSTER_FAMILY: 'Part of this record is about your foster family rather than about you, so it has been withheld to protect their privacy.',
  ABOUT_OTHER_PERSON: 'Part of this record is about another person, so it has been withheld to protect their privacy.',
  HEALTH_OR_SAFETY: 'Part of this record has been withheld because sharing it could seriously harm someone’s physical or mental health.',
  COURT_PROCEEDINGS: 'Part of this record comes from court proceedings, which the law does not allow us to share in this way.',
};
const NEXT_STEP = ' You can ask the records team to review this decision.';

export const WITHHELD_MARK = '[withheld]';

/** Only the child or care leaver reading their own record gets the redacted form; professionals see it all. */
export const readsRedacted = (principal: Principal) => principal.role === 'care_leaver';

/**
 * The body as this reader may see it, and what was withheld. The withheld text is cut out here, inside the
 * subgraph that owns the note: it never reaches the gateway for this reader, in any field.
 */
export function redact(body: string, spans: readonly WithheldSpan[], principal: Principal): { body: string; redactions: Redaction[] } {
  if (!readsRedacted(principal) || spans.length === 0) return { body, redactions: [] };
  let out = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    out += body.slice(at, span.start) + WITHHELD_MARK;
    at = span.end;
  }
  out += body.slice(at);
  const kinds = new Map(spans.map((s) => [`${s.content}:${s.exemption}`, s]));
  const redactions = [...kinds.values()].map((s) => ({ content: s.content, exemption: s.exemption, explanation: EXPLANATIONS[s.content] + NEXT_STEP }));
  return { body: out, redactions };
}
