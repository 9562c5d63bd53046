import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * SSDA903 permanence and adoption data, kept as the return gives it (codes checked against the DfE lists on the
 * way in), for the export. Not part of the GraphQL schema yet.
 */

/** PREV_PERM: the permanence order the child had before this period of care (P1-P4, Z1), which LA, and when. */
@Entity({ tableName: 'previous_permanence' })
export class PreviousPermanence {
  @PrimaryKey({ type: 'uuid' })
  childId!: string;

  @Property({ length: 2 })
  code!: string;

  /** LA_PERM: the LA that granted it (a code, or WAL/SCO/NIR/NUK). */
  @Property({ nullable: true, length: 10 })
  localAuthority?: string | null;

  /** DATE_PERM as given: dd/mm/yyyy, or with zz for an unknown day or month. */
  @Property({ nullable: true, length: 10 })
  dateText?: string | null;
}

/** A period placed for adoption (DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED RD1-RD4). */
@Entity({ tableName: 'placed_for_adoption' })
@Unique({ properties: ['childId', 'placedOn'] })
export class PlacedForAdoption {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Property({ type: 'date' })
  placedOn!: string;

  @Property({ type: 'date', nullable: true })
  ceasedOn?: string | null;

  @Property({ nullable: true, length: 3 })
  reasonCeased?: string | null;
}

/** AD1: the adoption decision and match (dates, whether with the foster carers, the adopters). */
@Entity({ tableName: 'adoption_decision' })
export class AdoptionDecision {
  @PrimaryKey({ type: 'uuid' })
  childId!: string;

  @Property({ type: 'date', nullable: true })
  interestOn?: string | null;

  @Property({ type: 'date', nullable: true })
  matchedOn?: string | null;

  @Property({ type: 'boolean', nullable: true })
  byFosterCarers?: boolean | null;

  @Property({ type: 'smallint', nullable: true })
  numberOfAdopters?: number | null;

  @Property({ nullable: true, length: 2 })
  sexOfAdopters?: string | null;

  @Property({ nullable: true, length: 3 })
  legalStatusOfAdopters?: string | null;
}
