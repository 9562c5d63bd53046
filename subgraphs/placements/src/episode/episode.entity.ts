import { randomUUID } from 'node:crypto';
import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import {
  CategoryOfNeed, LegalStatus, PlacementProvider, PlacementType, ReasonEpisodeCeased, ReasonNewEpisode, ReasonPlacementChange,
  type CategoryOfNeedCode, type LegalStatusCode, type PlacementProviderCode, type PlacementTypeCode,
  type ReasonEpisodeCeasedCode, type ReasonNewEpisodeCode, type ReasonPlacementChangeCode,
} from '../codes.js';
import { Placement } from '../placement/placement.entity.js';

/**
 * One row of the SSDA903 episodes file. A new episode starts whenever the legal status, placement or carer
 * changes; consecutive episodes chain (DEC of one = DECOM of the next, REC X1) into a period of care.
 */
@ObjectType({ description: 'An SSDA903 episode: a stretch of care with one legal status, placement and carer.' })
@Entity({ tableName: 'episode' })
@Index({ properties: ['childId', 'startDate'] })
// At most one open episode per child: a period of care has one open end.
@Index({
  name: 'episode_open_per_child',
  expression: (t, c, name) => `create unique index "${name}" on "${t.schema}"."${t.name}" ("${c.childId}") where "${c.endDate}" is null`,
})
@Check({ name: 'episode_dates_check', expression: 'end_date is null or end_date >= start_date' })
@Check({ name: 'episode_ceased_check', expression: '(end_date is null) = (reason_ceased is null)' })
export class Episode {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The child's hub id; the child lives in the children subgraph, so there is no foreign key. */
  @Property({ type: 'uuid' })
  childId!: string;

  @Field(() => GraphQLLocalDate, { description: 'Date episode commenced (DECOM).' })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => ReasonNewEpisode, { description: 'RNE.' })
  @Enum({ items: Object.keys(ReasonNewEpisode) })
  reasonNewEpisode!: ReasonNewEpisodeCode;

  @Field(() => LegalStatus, { nullable: true, description: 'LS (policy may withhold it where placements are visible).' })
  @Enum({ items: Object.keys(LegalStatus) })
  legalStatus!: LegalStatusCode;

  @Field(() => CategoryOfNeed, { nullable: true, description: 'CIN (policy may withhold it where placements are visible).' })
  @Enum({ items: Object.keys(CategoryOfNeed) })
  categoryOfNeed!: CategoryOfNeedCode;

  @Field(() => PlacementType, { description: 'PLACE.' })
  @Enum({ items: Object.keys(PlacementType) })
  placementType!: PlacementTypeCode;

  @Field(() => PlacementProvider, { description: 'PLACE_PROVIDER.' })
  @Enum({ items: Object.keys(PlacementProvider) })
  provider!: PlacementProviderCode;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date episode ceased (DEC); null for the open episode.' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => ReasonEpisodeCeased, { nullable: true, description: 'REC: X1 when another episode follows the same day.' })
  @Enum({ items: Object.keys(ReasonEpisodeCeased), nullable: true })
  reasonCeased?: ReasonEpisodeCeasedCode | null;

  @Field(() => ReasonPlacementChange, { nullable: true, description: 'REASON_PLACE_CHANGE, when the placement changed at the end of this episode.' })
  @Enum({ items: Object.keys(ReasonPlacementChange), nullable: true })
  reasonPlacementChange?: ReasonPlacementChangeCode | null;

  @Field(() => String, { nullable: true, description: 'HOME_POST: postcode of the home the child was living in before care (sensitive).' })
  @Property({ nullable: true, length: 8 })
  homePostcode?: string | null;

  @Field(() => String, { nullable: true, description: 'PL_POST: placement postcode (sensitive).' })
  @Property({ nullable: true, length: 8 })
  placementPostcode?: string | null;

  @Field(() => String, { nullable: true, description: 'URN of the placement setting.' })
  @Property({ nullable: true, length: 8 })
  urn?: string | null;

  /** Exposed through a field resolver (a loader), never as the unloaded reference. */
  @ManyToOne(() => Placement, { deleteRule: 'restrict', index: true })
  placement!: Rel<Placement>;
}
