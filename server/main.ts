/**
 * @module server/main
 * `node server/main.ts`: reads the environment, starts the server, says
 * where to go, and shuts down cleanly on SIGINT/SIGTERM.
 */
import module from 'node:module';

// NOTE: before the server's few hundred modules load: Node keeps their
// compiled (and type-stripped) code in a cache folder (the system's temp
// folder, or NODE_COMPILE_CACHE), which takes about a quarter off the start.
module.enableCompileCache?.();
const { ConfigError, loadConfig } = await import('./config.ts');
const { startServer } = await import('./server.ts');

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  const server = await startServer(config);
  const base = (config.publicUrl ?? `http://localhost:${server.port}`).replace(/\/+$/, '');
  const admin = server.bootstrap.hasAdmin
    ? server.bootstrap.adminCreated
      ? `admin account created for ${config.adminEmail}`
      : 'an admin account exists'
    : 'no admin account yet: restart with ADMIN_EMAIL and ADMIN_PASSWORD set to create one';
  process.stdout.write(
    [
      '',
      `  cobrowse is running (database: ${server.database.kind})`,
      `  Demo shop:   ${base}/demo/`,
      `  Advisor app: ${base}/app/`,
      `  Accounts:    ${admin}`,
      `  Try it:      browse the demo shop (it records), press "Ask for help" or "Get help" there, then answer the case or join live with the code in the advisor app`,
      '',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n  ${signal}: shutting down…\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await server.close();
      process.exit(0);
    } catch (err) {
      process.stderr.write(`shutdown failed: ${String(err)}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
