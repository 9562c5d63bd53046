import DataLoader from 'dataloader';

/**
 * Per-request loaders: every `__resolveReference` and every per-child list resolves through one of these,
 * so N parents cost one SQL statement per batch. Create them in the request context only: a loader at
 * module scope would cache one user's rows for the next.
 */
export function loaderById<T>(
  fetch: (ids: readonly string[]) => Promise<T[]>,
  idOf: (row: T) => string,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const byId = new Map((await fetch(ids)).map((row) => [idOf(row), row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

export function loaderByGroup<T>(
  fetch: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (row: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const groups = new Map<string, T[]>();
    for (const row of await fetch(keys)) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}
