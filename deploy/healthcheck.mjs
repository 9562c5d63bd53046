// Container healthcheck for the node services (the image has no curl): `node deploy/healthcheck.mjs /ready`
// asks the service on its own PORT; exit 0 when it answers 2xx within 2 s.
const path = process.argv[2] ?? '/health';
const port = process.env.PORT ?? '4000';
try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
