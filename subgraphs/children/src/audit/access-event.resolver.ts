import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { BadUserInputError, parseId } from '@caregraph/kit';
import type { Context } from '../context.js';

@ObjectType({ description: 'One read of a child’s record: who, when, why, which field groups, what was denied.' })
export class AccessEvent {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field()
  childId!: string;

  @Field({ description: 'The subgraph that served the read.' })
  subgraph!: string;

  @Field()
  sub!: string;

  @Field()
  role!: string;

  @Field()
  la!: string;

  @Field(() => String, { nullable: true })
  agency?: string | null;

  @Field(() => String, { nullable: true })
  purpose?: string | null;

  @Field(() => [String])
  fieldGroups!: string[];

  @Field(() => [String])
  denied!: string[];
}

@Resolver(() => AccessEvent)
export class AccessEventResolver {
  @Query(() => [AccessEvent], { nullable: true, description: 'The audit trail, newest first, by child, principal and time range (at most 500).' })
  async accessEvents(
    @Ctx() ctx: Context,
    @Arg('childId', () => ID, { nullable: true }) childId?: string,
    @Arg('sub', () => String, { nullable: true }) sub?: string,
    @Arg('from', () => Date, { nullable: true }) from?: Date,
    @Arg('to', () => Date, { nullable: true }) to?: Date,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ): Promise<AccessEvent[]> {
    const limit = first ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new BadUserInputError('first must be between 1 and 500', 'first');
    if (from && to && to < from) throw new BadUserInputError('to is before from', 'to');
    const scope = ctx.access.childFilter('e.child_id');
    const where = [scope.sql];
    const params: unknown[] = [...scope.params];
    if (childId) (where.push('e.child_id = ?'), params.push(parseId(childId, 'childId')));
    if (sub) (where.push('e.sub = ?'), params.push(sub));
    if (from) (where.push('e.at >= ?'), params.push(from));
    if (to) (where.push('e.at < ?'), params.push(to));
    const rows: Record<string, unknown>[] = await ctx.em.getConnection().execute(
      `select e.id, e.at, e.child_id, e.subgraph, e.sub, e.role, e.la, e.agency, e.purpose, e.field_groups, e.denied
         from "audit"."access_event" e where ${where.join(' and ')} order by e.at desc, e.id desc limit ${limit}`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id), at: r.at as Date, childId: r.child_id as string, subgraph: r.subgraph as string, sub: r.sub as string,
      role: r.role as string, la: r.la as string, agency: r.agency as string | null, purpose: r.purpose as string | null,
      fieldGroups: r.field_groups as string[], denied: r.denied as string[],
    }));
  }
}
