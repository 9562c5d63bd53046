import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * What an SSDA903 return says about a child that the Child record has no field for yet: UASC status (the uasc
 * file) and whether the child is a mother (header MOTHER, MC_DOB). Kept as reported, for the export; not part of
 * the GraphQL schema.
 */
@Entity({ tableName: 'ssda903_child' })
export class Ssda903Child {
  @PrimaryKey({ type: 'uuid' })
  childId!: string;

  @Property({ type: 'boolean', nullable: true })
  uasc?: boolean | null;

  /** DUC: the date UASC status ceased (or will, usually the 18th birthday). */
  @Property({ type: 'date', nullable: true })
  uascCeasedOn?: string | null;

  @Property({ type: 'boolean', nullable: true })
  mother?: boolean | null;

  /** MC_DOB: the date of birth of the mother's child. */
  @Property({ type: 'date', nullable: true })
  motherChildDob?: string | null;
}

/** OC2 CONVICTED for one collection year: a conviction or youth caution in the year (youth-justice data, kept here). */
@Entity({ tableName: 'ssda903_conviction' })
@Unique({ properties: ['childId', 'yearEnd'] })
export class Ssda903Conviction {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  @Property({ type: 'date' })
  yearEnd!: string;

  @Property({ type: 'boolean' })
  convicted!: boolean;
}

/** SW_REASON: why a social-worker episode (an allocation the import wrote) ended. */
@Entity({ tableName: 'ssda903_sw_reason' })
export class Ssda903SwReason {
  @PrimaryKey({ type: 'uuid' })
  allocationId!: string;

  @Property({ type: 'uuid' })
  childId!: string;

  @Property({ length: 6 })
  reason!: string;
}
