import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * The OC2 health outcomes of one child for one collection year, as the SSDA903 return gave them (1 yes, 0 no,
 * null not given). Kept as reported, for the export; the SDQ and immunisation status also go to their own tables.
 * Not part of the GraphQL schema. CONVICTED belongs with youth-justice data (children), so it is not kept here.
 */
@Entity({ tableName: 'oc2_outcome' })
@Unique({ properties: ['childId', 'yearEnd'] })
export class Oc2Outcome {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  childId!: string;

  /** The collection year's last day (31 March). */
  @Property({ type: 'date' })
  yearEnd!: string;

  @Property({ type: 'boolean', nullable: true })
  healthCheck?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  teethCheck?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  healthAssessment?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  substanceMisuse?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  interventionReceived?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  interventionOffered?: boolean | null;
}
