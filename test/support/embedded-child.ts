// A stand-in for the application process in the crash-restart test: starts the embedded PostgreSQL on the
// given directory and port, says "ready", and waits to be killed.
import { startEmbeddedPostgres } from '../../libs/core/src/database/embedded-postgres';

startEmbeddedPostgres(process.argv[2], Number(process.argv[3]), (m) => process.stderr.write(`${m}\n`)).then(
  () => {
    process.stdout.write('ready\n');
    setInterval(() => undefined, 60_000);
  },
  (e) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
