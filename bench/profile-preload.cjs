// `npm run bench -- --profile <dir>`: node refuses --cpu-prof in NODE_OPTIONS, so each gateway and subgraph
// process loads this (NODE_OPTIONS=--require) and profiles itself through the inspector, for exactly the measured
// part of each run: the bench sends SIGUSR2 to start and SIGUSR2 again to write <dir>/<name>-<pid>-<n>.cpuprofile.
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const name = process.argv[1] ? basename(dirname(dirname(process.argv[1]))) : 'node';
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  let running = false;
  let count = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      session.post('Profiler.start');
      running = true;
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}-${process.pid}-${++count}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
