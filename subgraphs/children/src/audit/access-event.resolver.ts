import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { BadUserInputError, Connection, decodeCursor, pageSize, parseId, requireText, toConnection } from '@caregraph/kit';
import type { Context } from '../context.js';

@ObjectType({ description: 'One read of a child’s record: who, when, why, which field groups, what was denied.' })
export class AccessEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => Date, { nullable: true })
  at!: Date;

  @Field(() => String, { nullable: true, description: 'read, refused, write or playback.' })
  kind!: string;

  @Field(() => String, { nullable: true, description: 'Assigned by the hub; one per request.' })
  requestId!: string;

  @Field(() => String, { nullable: true, description: 'The client’s own x-request-id, for correlation only.' })
  correlationId?: string | null;

  @Field(() => String, { nullable: true, description: 'None for a refused attempt that named no child.' })
  childId!: string | null;

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

export const AccessEventConnection = Connection(AccessEvent, 'AccessEvent');
const EVENT_ID = /^[0-9]{1,18}$/;

@Resolver(() => AccessEvent)
export class AccessEventResolver {
  @Query(() => AccessEventConnection, { nullable: true, description: 'The audit trail, newest first, by child, principal and time range; `first` at most 100, then `after` the last cursor.' })
  async accessEvents(
    @Ctx() ctx: Context,
    @Arg('childId', () => ID, { nullable: true }) childId?: string,
    @Arg('sub', () => String, { nullable: true }) sub?: string,
    @Arg('from', () => Date, { nullable: true }) from?: Date,
    @Arg('to', () => Date, { nullable: true }) to?: Date,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const limit = pageSize(first);
    if (from && to && to < from) throw new BadUserInputError('to is before from', 'to');
    const visible = ctx.access.auditTrailFilter();
    const where = [visible.sql];
    const params: unknown[] = [...visible.params];
    const and = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (childId) and('e.child_id = ?', parseId(childId, 'childId'));
    if (sub) and('e.sub = ?', requireText(sub, 'sub', 200));
    if (from) and('e.at >= ?', from);
    if (to) and('e.at < ?', to);
    if (after) and('e.id < ?', decodeCursor(after, (k) => EVENT_ID.test(k)));
    const rows: Record<string, unknown>[] = await ctx.em.getConnection().execute(
      `select e.id, e.at, e.kind, e.request_id, e.correlation_id, e.child_id, e.subgraph, e.sub, e.role, e.la, e.agency, e.purpose, e.field_groups, e.denied
         from "audit"."access_event" e where ${where.join(' and ')} order by e.id desc limit ${limit + 1}`,
      params,
    );
    const events: AccessEvent[] = rows.map((r) => ({
      id: String(r.id), at: new Date(r.at as string), kind: r.kind as string, requestId: r.request_id as string,
      correlationId: r.correlation_id as string | null, childId: r.child_id as string | null, subgraph: r.subgraph as string,
      sub: r.sub as string, role: r.role as string, la: r.la as string, agency: r.agency as string | null, purpose: r.purpose as string | null,
      fieldGroups: r.field_groups as string[], denied: r.denied as string[],
    }));
    return toConnection(events, limit, (e) => e.id);
  }
}
