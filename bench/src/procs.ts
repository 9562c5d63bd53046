import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat times (USER_HZ; 100 on Linux almost everywhere). */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  pid: number;
  comm: string;
  ppid: number;
  /** utime + stime of the process itself, in ms. */
  cpuMs: number;
  /** cutime + cstime: reaped children, in ms. */
  childCpuMs: number;
}

export function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may contain spaces: split after the last ')'.
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    const tick = 1000 / CLK_TCK;
    return {
      pid,
      comm: text.slice(text.indexOf('(') + 1, close),
      ppid: Number(fields[1]),
      cpuMs: (Number(fields[11]) + Number(fields[12])) * tick,
      childCpuMs: (Number(fields[13]) + Number(fields[14])) * tick,
    };
  } catch {
    return null;
  }
}

function allPids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function environ(pid: number): Record<string, string> {
  try {
    return Object.fromEntries(
      readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
  } catch {
    return {};
  }
}

/** Our direct child process running `script` whose environment has PORT=port (each hub process gets its own port). */
export function findChild(script: string, port: number): number {
  for (const pid of allPids()) {
    const s = readStat(pid);
    if (!s || s.ppid !== process.pid) continue;
    if (!cmdline(pid).some((a) => a.endsWith(script))) continue;
    if (environ(pid).PORT === String(port)) return pid;
  }
  throw new Error(`no child process runs ${script} on port ${port}`);
}

/** The PostgreSQL postmaster listening on `port` (its command line names the port). */
export function findPostmaster(port: number): number | null {
  for (const pid of allPids()) {
    const args = cmdline(pid);
    if (args[0]?.endsWith('/postgres') && args.includes(String(port)) && args.includes('-p')) return pid;
  }
  return null;
}

/** CPU of one process (ms). */
export function cpuMs(pid: number): number {
  return readStat(pid)?.cpuMs ?? 0;
}

/** CPU of the whole PostgreSQL server: the postmaster, its reaped children and its live backends (ms). */
export function postgresCpuMs(postmaster: number | null): number {
  if (postmaster == null) return 0;
  const root = readStat(postmaster);
  if (!root) return 0;
  let total = root.cpuMs + root.childCpuMs;
  for (const pid of allPids()) {
    const s = readStat(pid);
    if (s && s.ppid === postmaster) total += s.cpuMs;
  }
  return total;
}

/** Busy CPU of the whole machine (all processes, ms), from /proc/stat. */
export function machineBusyMs(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / CLK_TCK;
}

/** VmRSS and VmHWM (peak resident set since the process started), in MB. */
export function memoryMb(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
