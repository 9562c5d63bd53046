export default async function globalTeardown() {
  await globalThis.__caregraphTestDb?.stop();
}
