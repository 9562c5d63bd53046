import { Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { loaderByGroup } from '@caregraph/kit';
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
}

const ORGANISATION: Partial<Record<Role, string>> = {
  health_practitioner: 'NHS looked-after children’s health team',
  designated_teacher: 'School',
  foster_carer: 'Foster carer',
  virtual_school: 'Virtual school',
  iro: 'Independent reviewing service',
  dpo: 'Records and data protection team',
  analyst: 'Performance team',
};

export interface RecordViewRow { child_id: string; at: Date; role: Role; la: string; agency: string | null; purpose: string | null; name: string | null }

/**
 * Who read each child's record, from the audit trail: one entry per request (every subgraph that served it
 * wrote a row), newest first, leaving out the child's own reads. One statement per batch of children.
 */
export function createRecordViewsLoader(em: EntityManager) {
  return loaderByGroup<RecordViewRow>(async (ids) => {
    return em.getConnection().execute(
      `select v.* from (
         select distinct on (e.request_id) e.child_id, e.at, e.role, e.la, e.agency, e.purpose,
           (select a.worker_name from "children"."allocation" a where a.worker_id = e.sub order by a.start_date desc limit 1) as name
         from "audit"."access_event" e where e.child_id = any(?::uuid[]) and e.role <> 'care_leaver'
         order by e.request_id, e.at) v
       order by v.at desc limit 5000`,
      [`{${ids.join(',')}}`],
    );
  }, (r) => r.child_id);
}

@Resolver(() => Child)
export class AccessLogResolver {
  @FieldResolver(() => [RecordView], { nullable: true, description: 'Who viewed this record, newest first (the care leaver’s “who viewed my record”).' })
  async accessLog(@Root() child: Child, @Ctx() ctx: Context): Promise<RecordView[]> {
    const rows = await ctx.loaders.recordViewsByChild.load(child.id);
    return rows.map((r) => ({
      at: new Date(r.at),
      role: r.role,
      organisation: r.agency ?? ORGANISATION[r.role] ?? `Children’s services (${r.la})`,
      professionalName: r.name,
      purpose: r.purpose,
    }));
  }
}
