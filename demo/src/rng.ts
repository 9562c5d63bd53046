import * as crypto from 'node:crypto';

/** A small seeded PRNG (mulberry32): the demo data is the same on every machine and every run. */
export class Rng {
  private state: number;
  private ids = 0;

  constructor(seed: number, private readonly key = String(seed)) {
    this.state = seed >>> 0;
  }

  static for(...parts: (string | number)[]): Rng {
    const key = parts.join('|');
    let h = 2166136261;
    for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    return new Rng(h, key);
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * A deterministic UUID (version 4 layout), from this stream's key and a counter: unique across millions of
   * rows, which a 32-bit PRNG state could not promise.
   */
  uuid(): string {
    const h = sha256Hex(`${this.key}#${this.ids++}`);
    // Version nibble 4, variant bits 10xx: the same string as patching the hex digits one by one.
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

// One-shot hashing (Node 20.12+) skips the Hash object per call; seeding draws millions of ids.
const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = oneShot ? (text: string) => oneShot('sha256', text, 'hex') : (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Dates as YYYY-MM-DD strings, the form every date column uses. Seeding does millions of date steps over a
 * few tens of thousands of distinct days, so parsed and formatted days (and year steps) are remembered: the
 * results are the Date arithmetic's own.
 */
const epochDays = new Map<string, number>();
const dayTexts = new Map<number, string>();

function epochDay(date: string): number {
  let day = epochDays.get(date);
  if (day === undefined) {
    day = Date.parse(`${date}T00:00:00Z`) / 86_400_000;
    if (Number.isInteger(day)) epochDays.set(date, day);
  }
  return day;
}

function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dayTexts.set(day, text);
  }
  return text;
}

export const addDays = (date: string, days: number): string => {
  const day = epochDay(date) + days;
  // Whole days only through the cache; anything else exactly as before.
  return Number.isInteger(day) ? dayText(day) : new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
};

const yearSteps = new Map<string, string>();

export const addYears = (date: string, years: number): string => {
  const key = `${date}|${years}`;
  let result = yearSteps.get(key);
  if (result === undefined) {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() + years);
    result = d.toISOString().slice(0, 10);
    yearSteps.set(key, result);
  }
  return result;
};

export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
