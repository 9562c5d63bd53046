import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { SERVICE_NODE_FLAGS } from '../../scripts/src/hub.js';

/**
 * docker-compose.yml and deploy/, as far as this machine allows: no container engine runs here, so the compose
 * file is parsed (YAML, anchors merged) and checked against what operations need: a healthcheck, a restart
 * policy and resource limits on every long-running service, no secret written in the file, two gateway
 * replicas behind the nginx load balancer, and every script a container runs present in the repository.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const raw = readFileSync(`${ROOT}docker-compose.yml`, 'utf8');
const compose = YAML.parse(raw, { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };

interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  restart?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
  ports?: string[];
  volumes?: string[];
  stop_grace_period?: string;
}

const services = Object.entries(compose.services);
const longRunning = services.filter(([, s]) => !s.profiles?.includes('tools'));
const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command : (s.command ?? '').split(' '));

describe('docker-compose.yml', () => {
  test('the hub is there: PostgreSQL, four subgraphs, two gateways, a load balancer, Hive Gateway (profile), seed (tool)', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['children', 'education', 'gateway-1', 'gateway-2', 'health', 'hive-gateway', 'lb', 'placements', 'postgres', 'seed'].sort(),
    );
  });

  test.each(longRunning)('%s has a healthcheck, a restart policy and CPU and memory limits', (_name, s) => {
    expect(s.healthcheck?.disable).not.toBe(true);
    expect(s.healthcheck?.test?.length).toBeGreaterThan(0);
    expect(['always', 'unless-stopped', 'on-failure']).toContain(s.restart);
    expect(s.deploy?.resources?.limits?.memory).toMatch(/^\d+[MG]$/);
    expect(String(s.deploy?.resources?.limits?.cpus)).toMatch(/^\d+(\.\d+)?$/);
  });

  test('no secret is written in the file: passwords and secrets come from the environment, required', () => {
    for (const [, s] of services) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD|SECRET|TOKEN|KEY/.test(key)) expect(value).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
        // Any credentials inside a URL are interpolated, never literal.
        const password = /^[a-z]+:\/\/[^:/@]+:([^@]*)@/.exec(String(value))?.[1];
        if (password !== undefined) expect(password).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
      }
    }
    expect(raw).not.toMatch(/caregraph:caregraph@|POSTGRES_PASSWORD: caregraph\b/);
  });

  test('every service starts with the V8 flags npm start gives it (the soak\'s flat memory depends on them)', () => {
    for (const name of ['gateway-1', 'gateway-2', 'children', 'placements', 'education', 'health']) {
      const command = commandOf(compose.services[name]!);
      expect({ name, flags: command.slice(1, 1 + SERVICE_NODE_FLAGS.length) }).toEqual({ name, flags: [...SERVICE_NODE_FLAGS] });
    }
  });

  test('two gateway replicas behind nginx on port 4000; only the load balancer publishes it', () => {
    const [g1, g2, lb] = [compose.services['gateway-1']!, compose.services['gateway-2']!, compose.services.lb!];
    expect(commandOf(g1)).toEqual(['node', ...SERVICE_NODE_FLAGS, 'gateway/dist/main.js']);
    expect(g2).toEqual(g1);
    expect(g1.ports).toBeUndefined();
    expect(lb.image).toMatch(/^nginx:/);
    expect(lb.ports).toEqual(['4000:4000']);
    expect(lb.volumes).toEqual(['./deploy/nginx.conf:/etc/nginx/nginx.conf:ro']);
    expect(Object.keys(lb.depends_on ?? {}).sort()).toEqual(['gateway-1', 'gateway-2']);
    const nginx = readFileSync(`${ROOT}deploy/nginx.conf`, 'utf8');
    expect(nginx).toMatch(/upstream gateways \{[^}]*server gateway-1:4000[^}]*server gateway-2:4000/s);
    expect(nginx).toContain('proxy_pass http://gateways;');
    expect(nginx).toMatch(/client_max_body_size 1m;/);
  });

  test('services stop gracefully: a stop grace period longer than the 10 s drain', () => {
    for (const [name, s] of longRunning) {
      if (name === 'lb') continue;
      expect(Number.parseInt(s.stop_grace_period ?? '10s', 10)).toBeGreaterThan(10);
    }
  });

  test('every dependency names a service, and waits for it to be healthy', () => {
    for (const [, s] of services) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(compose.services[dep]).toBeDefined();
        expect(condition).toBe('service_healthy');
      }
    }
  });

  test('every script a container runs exists (its TypeScript source, for compiled entry points)', () => {
    for (const [, s] of services) {
      const files = [...commandOf(s), ...(s.healthcheck?.test ?? [])].filter((a) => /\.(m?js|graphql)$/.test(a));
      for (const file of files) {
        const source = file.replace(/\/dist\/(.*)\.js$/, '/src/$1.ts');
        expect([file, source].some((f) => f.startsWith('node_modules/') || existsSync(`${ROOT}${f}`))).toBe(true);
      }
    }
  });
});

describe('deploy/healthcheck.mjs (the containers have no curl)', () => {
  const run = (port: number, path: string) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['deploy/healthcheck.mjs', path], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: 'ignore' });
      child.once('exit', resolve);
    });

  test('exit 0 when the service answers 2xx on its PORT, 1 when it answers otherwise or not at all', async () => {
    const server = createServer((req, res) => {
      res.statusCode = req.url === '/ready' ? 503 : 200;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await run(port, '/health')).toBe(0);
      expect(await run(port, '/ready')).toBe(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(await run(port, '/health')).toBe(1);
  });
});
