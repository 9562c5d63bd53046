import { Exemption, WithheldContent, type AccessControl, type Redaction } from '@caregraph/kit';

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

/**
 * A note's title and body as this reader may see them, and what was withheld, by the policy's row rule
 * "third-party redaction" (applied by the kit). The withheld text is cut out here, inside the subgraph that
 * owns the note: it never reaches the gateway for this reader, in any field.
 */
type Note = { title: string | null; body: string; withheld: readonly WithheldSpan[] };
type Shown = { title: string | null; body: string; redactions: Redaction[] };

/** Per request (AccessControl) and note: its title, body and redactions fields ask once, not three times. */
const shown = new WeakMap<AccessControl, WeakMap<Note, Shown>>();

export function shownNote(access: AccessControl, note: Note): Shown {
  let forReader = shown.get(access);
  if (!forReader) shown.set(access, (forReader = new WeakMap()));
  let result = forReader.get(note);
  if (!result) forReader.set(note, (result = redactNote(access, note)));
  return result;
}

function redactNote(access: AccessControl, note: Note): Shown {
  const { fields, kinds } = access.redact({
    fields: { title: note.title, body: note.body },
    source: note.body,
    spans: note.withheld.map((s) => ({ start: s.start, end: s.end, kind: { content: s.content, exemption: s.exemption } })),
  });
  const redactions: Redaction[] = kinds.map((k) => ({ content: k.content, exemption: k.exemption, explanation: EXPLANATIONS[k.content] + NEXT_STEP }));
  return { title: fields.title, body: fields.body ?? '', redactions };
}
