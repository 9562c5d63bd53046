import { randomUUID } from 'node:crypto';
import { ArrayType, Check, Entity, Index, ManyToOne, PrimaryKey, Property, type Opt, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ROLES } from '@caregraph/schema';
import { Child } from '../child/child.entity.js';
import { AUDIO_TYPES } from './voice.audio.js';

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * An entry in the child's own words: text, and optionally one recording (its bytes live in `voice_audio`,
 * so listing entries never reads audio). The child chooses which roles may see each entry; the child
 * (as care leaver) and the DPO always can.
 */
@ObjectType({ description: 'The child’s own entry: text and optionally a recording, seen only by the roles the child chose (and by the child and the DPO).' })
@Entity({ tableName: 'voice_entry' })
@Index({ properties: ['child', 'createdAt'] })
@Check({ name: 'voice_entry_visible_to_check', expression: `visible_to <@ array[${sqlList(ROLES)}]::text[]` })
@Check({
  name: 'voice_entry_audio_check',
  expression: `(has_audio and audio_mime_type in (${sqlList(Object.keys(AUDIO_TYPES))}) and audio_size_bytes > 0 and audio_sha256 is not null) or (not has_audio and audio_mime_type is null and audio_size_bytes is null and audio_sha256 is null)`,
})
export class VoiceEntry {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Child, { deleteRule: 'restrict' })
  child!: Rel<Child>;

  @Field(() => Date)
  @Property({ defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();

  @Field()
  @Property({ length: 200 })
  title!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  text?: string | null;

  @Field(() => [String], { description: 'The roles the child chose to share this entry with (the child and the DPO always see it).' })
  @Property({ type: ArrayType, default: '{}' })
  visibleTo: string[] & Opt = [];

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  hasAudio: boolean & Opt = false;

  @Field(() => String, { nullable: true, description: 'The recording’s media type, as uploaded.' })
  @Property({ type: 'string', length: 20, nullable: true })
  audioMimeType?: string | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  audioSizeBytes?: number | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the recording (hex).' })
  @Property({ type: 'string', length: 64, nullable: true })
  audioSha256?: string | null;
}
