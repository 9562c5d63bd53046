import { Entity, OneToOne, Property, type Rel } from '@mikro-orm/core';
import { VoiceEntry } from './voice-entry.entity.js';

/** The bytes of an entry's recording, apart from the entry so that listing entries never loads audio. */
@Entity({ tableName: 'voice_audio' })
export class VoiceAudio {
  @OneToOne(() => VoiceEntry, { primary: true, owner: true, deleteRule: 'cascade', updateRule: 'cascade' })
  entry!: Rel<VoiceEntry>;

  @Property({ type: 'blob', lazy: true })
  bytes!: Buffer;
}
