import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Connection, decodeCursor, loaderByGroup, pageSize, toConnection } from '@caregraph/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@caregraph/schema';
import { Child } from '../child/child.entity.js';
import type { Context } from '../context.js';

@ObjectType({ description: 'One time someone read this record: when, who (role, organisation, name), and why.' })
export class RecordView {
  @Field()
  at!: Date;

  @Field()
  role!: string;

  @Field()
  organisation!: string;

  @Field(() => String, { nullable: true, description: 'The professional’s name, when they are on the record (allocated workers).' })
  professionalName?: string | null;

  @Field(() => String, { nullable: true })
  purpose?: string | null;

  @Field(() => String, { nullable: true, description: 'What kind of access: read, playback (a recording was played), refused or write.' })
  kind!: string;
}

export const RecordViewConnection = Connection(RecordView, 'RecordView');

const ORGANISATION: Partial<Record<Role, string>> = {
  health_practitioner: 'NHS looked-after children’s health team',
  designated_teacher: 'School',
  foster_carer: 'Foster carer',
  virtual_school: 'Virtual school',
  iro: 'Independent reviewing service',
  dpo: 'Records and data protection team',
  analyst: 'Performance team',
};

export interface RecordViewRow {
  child_id: string; request_id: string; at: Date; kind: string; role: Role; la: string; agency: string | null; purpose: string | null; name: string | null;
}

/** Most important first when one request did several things to one record (e.g. a write, then a read of the result). */
const KIND_RANK = `case e.kind when 'write' then 0 when 'playback' then 1 when 'read' then 2 else 3 end`;

/**
 * Who accessed each child's record, from the audit trail: one entry per request per child (every subgraph that
 * served the request wrote a row), newest first, leaving out the child's own reads. One statement per batch.
 */
export function createRecordViewsLoader(em: EntityManager) {
  return loaderByGroup<RecordViewRow>(async (ids) => {
    return em.getConnection().execute(
      `select v.* from (
         select distinct on (e.child_id, e.request_id) e.child_id, e.request_id, e.at, e.kind, e.role, e.la, e.agency, e.purpose,
           (select a.worker_name from "children"."allocation" a where a.worker_id = e.sub order by a.start_date desc limit 1) as name
         from "audit"."access_event" e where e.child_id = any(?::uuid[]) and e.role <> 'care_leaver'
         order by e.child_id, e.request_id, ${KIND_RANK}, e.at) v
       order by v.at desc, v.request_id desc`,
      [`{${ids.join(',')}}`],
    );
  }, (r) => r.child_id);
}

@Resolver(() => Child)
export class AccessLogResolver {
  @FieldResolver(() => RecordViewConnection, {
    nullable: true,
    description: 'Who viewed this record, newest first, one entry per request (the care leaver’s “who viewed my record”); `first` at most 100.',
  })
  async accessLog(
    @Root() child: Child,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const limit = pageSize(first);
    const rows = await ctx.loaders.recordViewsByChild.load(child.id);
    const start = after ? rows.findIndex((r) => r.request_id === decodeCursor(after, (k) => rows.some((r) => r.request_id === k))) + 1 : 0;
    const views = rows.slice(start, start + limit + 1).map((r) => ({
      requestId: r.request_id,
      at: new Date(r.at),
      role: r.role,
      organisation: r.agency ?? ORGANISATION[r.role] ?? `Children’s services (${r.la})`,
      professionalName: r.name,
      purpose: r.purpose,
      kind: r.kind,
    }));
    return toConnection(views, limit, (v) => v.requestId);
  }
}
