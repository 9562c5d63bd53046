import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

/** Which subgraph a chronology event comes from. */
export enum ChronologyDomain {
  CHILDREN = 'CHILDREN',
  PLACEMENTS = 'PLACEMENTS',
  EDUCATION = 'EDUCATION',
  HEALTH = 'HEALTH',
}
registerEnumType(ChronologyDomain, { name: 'ChronologyDomain', description: 'The record domain (subgraph) an event comes from.' });

/** What happened. Filters (`categories`) use these. */
export enum ChronologyKind {
  ENTERED_CARE = 'ENTERED_CARE',
  LEFT_CARE = 'LEFT_CARE',
  LEGAL_STATUS_CHANGED = 'LEGAL_STATUS_CHANGED',
  SOCIAL_WORKER_CHANGED = 'SOCIAL_WORKER_CHANGED',
  PLACEMENT_STARTED = 'PLACEMENT_STARTED',
  PLACEMENT_ENDED = 'PLACEMENT_ENDED',
  MISSING = 'MISSING',
  SCHOOL_STARTED = 'SCHOOL_STARTED',
  SCHOOL_LEFT = 'SCHOOL_LEFT',
  EXCLUSION = 'EXCLUSION',
  EDUCATION_PLAN = 'EDUCATION_PLAN',
  SEN_PROVISION = 'SEN_PROVISION',
  HEALTH_ASSESSMENT = 'HEALTH_ASSESSMENT',
  IMMUNISATION = 'IMMUNISATION',
  DENTAL_CHECK = 'DENTAL_CHECK',
  SDQ = 'SDQ',
  GP_REGISTRATION = 'GP_REGISTRATION',
  CASE_NOTE = 'CASE_NOTE',
  VOICE_ENTRY = 'VOICE_ENTRY',
}
registerEnumType(ChronologyKind, { name: 'ChronologyKind', description: 'The kind of event in a child’s chronology.' });

/** What kind of content was withheld from a care leaver. */
export enum WithheldContent {
  ABOUT_FAMILY_MEMBER = 'ABOUT_FAMILY_MEMBER',
  ABOUT_OTHER_CHILD = 'ABOUT_OTHER_CHILD',
  ABOUT_FOSTER_FAMILY = 'ABOUT_FOSTER_FAMILY',
  ABOUT_OTHER_PERSON = 'ABOUT_OTHER_PERSON',
  HEALTH_OR_SAFETY = 'HEALTH_OR_SAFETY',
  COURT_PROCEEDINGS = 'COURT_PROCEEDINGS',
}
registerEnumType(WithheldContent, { name: 'WithheldContent', description: 'What kind of content was withheld.' });

/** The exemption under which it was withheld (UK GDPR / DPA 2018 Sch 3 Pt 3). */
export enum Exemption {
  THIRD_PARTY = 'THIRD_PARTY',
  SERIOUS_HARM = 'SERIOUS_HARM',
  COURT_MATERIAL = 'COURT_MATERIAL',
}
registerEnumType(Exemption, { name: 'Exemption', description: 'The exemption under which content was withheld.' });

@Directive('@shareable')
@ObjectType({ description: 'A part of an item withheld from the reader, and why, in words a portal can show.' })
export class Redaction {
  @Field(() => WithheldContent)
  content!: WithheldContent;

  @Field(() => Exemption)
  exemption!: Exemption;

  @Field({ description: 'A plain-English explanation for the reader.' })
  explanation!: string;
}

@Directive('@shareable')
@ObjectType({ description: 'One dated event in a child’s history, from the subgraph that owns the underlying item.' })
export class ChronologyEvent {
  @Field(() => ID, { description: 'Stable: domain, item type, item id and kind.' })
  id!: string;

  @Field(() => GraphQLLocalDate)
  date!: string;

  @Field(() => ChronologyKind)
  kind!: ChronologyKind;

  @Field(() => ChronologyDomain)
  domain!: ChronologyDomain;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field({ description: 'The GraphQL type of the underlying item (e.g. Placement, CaseNote).' })
  itemType!: string;

  @Field(() => ID, { description: 'The id of the underlying item.' })
  itemId!: string;

  @Field(() => [Redaction], { description: 'What was withheld from this event for this reader, and why (empty when nothing).' })
  redactions!: Redaction[];
}

/** The selection the children subgraph @requires from each other subgraph's events field. */
export const CHRONOLOGY_EVENT_SELECTION = 'id date kind domain title body itemType itemId redactions { content exemption explanation }';

/** Builds an event with a stable id. */
export function chronologyEvent(e: Omit<ChronologyEvent, 'id' | 'redactions'> & { redactions?: Redaction[] }): ChronologyEvent {
  return { ...e, id: `${e.domain}:${e.itemType}:${e.itemId}:${e.kind}`, redactions: e.redactions ?? [] };
}
