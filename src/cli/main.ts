import './commands/index';
import { run } from './run';

// Ctrl+C aborts the running command (its flyctl child or query) instead of killing us
// mid-write; a second Ctrl+C exits at once.
const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort(new Error('cancelled'));
});

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = interrupted && code === 0 ? 130 : code;
  },
  (err: unknown) => {
    process.stderr.write(`fly-fauna: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
