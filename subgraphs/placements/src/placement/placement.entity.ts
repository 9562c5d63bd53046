import { randomUUID } from 'node:crypto';
import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import {
  PlacementProvider, PlacementType, ReasonPlacementChange,
  type PlacementProviderCode, type PlacementTypeCode, type ReasonPlacementChangeCode,
} from '../codes.js';
import { Carer } from '../carer/carer.entity.js';

/**
 * A stay with one carer or setting. Episodes (the SSDA903 rows) point at the placement they fall in; one
 * placement can span several episodes when only the legal status changes.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A placement: where and with whom a looked-after child lives, from start to end.' })
@Entity({ tableName: 'placement' })
@Index({ properties: ['childId', 'startDate'] })
@Index({ properties: ['carer', 'endDate'] })
// At most one open placement per child, so two concurrent moves cannot both succeed.
@Index({
  name: 'placement_open_per_child',
  expression: (t, c, name) => `create unique index "${name}" on "${t.schema}"."${t.name}" ("${c.childId}") where "${c.endDate}" is null`,
})
@Check({ name: 'placement_dates_check', expression: 'end_date is null or end_date >= start_date' })
export class Placement {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The child's hub id; the child lives in the children subgraph, so there is no foreign key. */
  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => PlacementType, { description: 'SSDA903 PLACE.' })
  @Enum({ items: Object.keys(PlacementType) })
  placementType!: PlacementTypeCode;

  @Field(() => PlacementProvider, { description: 'SSDA903 PLACE_PROVIDER.' })
  @Enum({ items: Object.keys(PlacementProvider) })
  provider!: PlacementProviderCode;

  /** Exposed through a field resolver (a loader), never as the unloaded reference. */
  @ManyToOne(() => Carer, { nullable: true, deleteRule: 'restrict' })
  carer?: Rel<Carer> | null;

  @Field(() => String, { nullable: true, description: 'Ofsted unique reference number of the setting; never given where DfE rule 222 forbids it.' })
  @Property({ nullable: true, length: 8 })
  urn?: string | null;

  @Field(() => String, { nullable: true, description: 'First line of the placement address (sensitive).' })
  @Property({ nullable: true, length: 200 })
  addressLine?: string | null;

  @Field(() => String, { nullable: true, description: 'Placement postcode, SSDA903 PL_POST (sensitive).' })
  @Property({ nullable: true, length: 8 })
  postcode?: string | null;

  @Field(() => GraphQLLocalDate)
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Null while the child lives there.' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => ReasonPlacementChange, {
    nullable: true,
    description: 'Why the placement ended while the child stayed looked after; null when the child left care or for temporary (T0-T4) moves.',
  })
  @Enum({ items: Object.keys(ReasonPlacementChange), nullable: true })
  reasonForChange?: ReasonPlacementChangeCode | null;
}
