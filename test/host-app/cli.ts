/**
 * Runs the demo host app: `HOST_APP_PORT=8080 npx tsx test/host-app/cli.ts`.
 * Prints one JSON line `{"url":"http://127.0.0.1:PORT"}` when ready; stops on SIGTERM / SIGINT.
 */
import { startHostApp } from './index.ts';

const raw = process.env.HOST_APP_PORT;
const port = raw ? Number(raw) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`HOST_APP_PORT must be a port number, got ${JSON.stringify(raw)}`);
  process.exit(2);
}

const app = await startHostApp({ port });
process.stdout.write(JSON.stringify({ url: app.url }) + '\n');

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
}
