import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { insertAll } from '@caregraph/kit';
import { addDays, addYears, DEMO_TODAY, type ChildStory } from '@caregraph/demo';
import { VoiceEntry } from './voice-entry.entity.js';
import { VoiceAudio } from './voice-audio.entity.js';

/**
 * A tiny valid WAV: `samples` of an 8-bit mono sine tone at 8 kHz, with a RIFF/WAVE header (44 bytes).
 * 400 samples is 50 ms: enough for a player to accept, small enough for the demo database.
 */
export function sineWav(samples = 400, hz = 440, rate = 8000): Buffer {
  const wav = Buffer.alloc(44 + samples);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVE', 8, 'latin1');
  wav.write('fmt ', 12, 'latin1');
  wav.writeUInt32LE(16, 16); // PCM format chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate, 28); // byte rate: rate x 1 channel x 1 byte
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) wav[44 + i] = 128 + Math.round(100 * Math.sin((2 * Math.PI * hz * i) / rate));
  return wav;
}

const ENTRIES: { title: string; text: string; visibleTo: string[]; audio?: boolean }[] = [
  {
    title: 'What I want my workers to know',
    text: 'I moved a lot and every time I had to start again. Please tell me before things change, not on the day.',
    visibleTo: ['social_worker', 'personal_adviser'],
  },
  {
    title: 'My first flat',
    text: 'I got the keys today. It is small but it is mine. I want help with bills, not someone checking up on me.',
    visibleTo: ['personal_adviser'],
  },
  {
    title: 'A message in my own voice',
    text: 'I recorded this so you can hear it from me.',
    visibleTo: ['personal_adviser'],
    audio: true,
  },
  {
    title: 'Just for me',
    text: 'Things I am not ready to share with anyone yet.',
    visibleTo: [],
  },
];

/**
 * The children subgraph's voice entries for the demo: each featured story (the long care-leaver histories)
 * gets 3-4 entries written from 16 on, some shared with the social worker or personal adviser, one private,
 * and one with a short recording.
 */
export async function seedVoiceEntries(em: EntityManager, stories: ChildStory[]): Promise<void> {
  const entries: object[] = [];
  const audio: object[] = [];
  const wav = sineWav();
  const sha256 = createHash('sha256').update(wav).digest('hex');
  for (const s of stories.filter((story) => story.featured)) {
    const rng = s.rng('voice');
    const from = addYears(s.dateOfBirth, 16) > s.careStart ? addYears(s.dateOfBirth, 16) : s.careStart;
    const span = Math.max(1, Math.round((Date.parse(DEMO_TODAY) - Date.parse(from)) / 86_400_000));
    // 3 or 4 entries: the first, the recording and the private one always; "my first flat" for some.
    const chosen = ENTRIES.filter((_e, i) => i !== 1 || rng.chance(0.5));
    chosen.forEach((e, k) => {
      const id = rng.uuid();
      const on = addDays(from, Math.floor(((k + rng.next()) / chosen.length) * span));
      entries.push({
        id, child: s.id, createdAt: new Date(`${on}T18:00:00Z`), title: e.title, text: e.text, visibleTo: e.visibleTo,
        hasAudio: e.audio === true, audioMimeType: e.audio ? 'audio/wav' : null, audioSizeBytes: e.audio ? wav.length : null,
        audioSha256: e.audio ? sha256 : null,
      });
      if (e.audio) audio.push({ entry: id, bytes: wav });
    });
  }
  await insertAll(em, VoiceEntry, entries);
  await insertAll(em, VoiceAudio, audio);
}
