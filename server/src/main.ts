import { loadConfig } from './config';
import { startServer } from './server';

/** `npm run server`: the sync server on PGlite (./data) or PostgreSQL (DATABASE_URL). */
async function main() {
  const config = loadConfig();
  const server = await startServer(config);
  if (server.bootstrap) {
    // Printed once, on the start that created them; only the hash is stored.
    console.log('');
    console.log(`Created workspace "${server.bootstrap.workspace.name}" (${server.bootstrap.workspace.id}) and an admin user.`);
    console.log('Admin token (shown only now; paste it in the extension options):');
    console.log(`AUN_ADMIN_TOKEN=${server.bootstrap.token}`);
    console.log('');
  }
  console.log(`Aun sync server listening on ${server.url} (storage: ${server.database.storage})`);
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('Could not start the server:', error instanceof Error ? error.message : error);
  process.exit(1);
});
