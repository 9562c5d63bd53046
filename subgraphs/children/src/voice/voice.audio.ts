/** What an upload may be: the five media types and how each one's content starts. */
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;

const ascii = (bytes: Buffer, at: number, text: string) => bytes.length >= at + text.length && bytes.toString('latin1', at, at + text.length) === text;

/** Magic bytes per declared type: the content must be what the Content-Type says. */
export const AUDIO_TYPES: Record<string, (bytes: Buffer) => boolean> = {
  // An ID3v2 tag, or an MPEG audio frame header: 11 sync bits, version and layer not reserved.
  'audio/mpeg': (b) => ascii(b, 0, 'ID3') || (b.length >= 4 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0 && (b[1]! & 0x18) !== 0x08 && (b[1]! & 0x06) !== 0),
  'audio/ogg': (b) => ascii(b, 0, 'OggS'),
  'audio/wav': (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE'),
  // EBML header (Matroska/WebM).
  'audio/webm': (b) => b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3,
  // ISO base media: the first box is `ftyp`.
  'audio/mp4': (b) => ascii(b, 4, 'ftyp'),
};

/** The declared media type (parameters dropped, lower case) if it is one we accept. */
export function audioType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]!.trim().toLowerCase();
  return type && Object.hasOwn(AUDIO_TYPES, type) ? type : undefined;
}

export function contentMatches(type: string, bytes: Buffer): boolean {
  return AUDIO_TYPES[type]?.(bytes) ?? false;
}
