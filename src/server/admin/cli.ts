/** `npm run admin -- <cmd>`: operator tasks against the server's database (same env as the server). */
import { optionsFromEnv, resolveConfig } from '../config';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { isAppError } from '../http/problem';
import { parseArgs, UsageError } from './args';
import { accountsCommand, createWorkspaceCommand, HELP, outboxCommand, ticketsCommand, unlockCommand } from './commands';

const out = (line: string) => process.stdout.write(line + '\n');
const COMMANDS = new Set(['create-workspace', 'accounts', 'tickets', 'unlock', 'outbox']);

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!args.command || args.command === 'help' || args.flags.help) {
    out(HELP);
    return args.command && args.command !== 'help' && !args.flags.help ? 2 : 0;
  }
  if (!COMMANDS.has(args.command)) {
    process.stderr.write(`Unknown command "${args.command}". Run "npm run admin -- help".\n`);
    return 2;
  }
  const config = resolveConfig(optionsFromEnv(process.env));
  const database = await openDatabase(config.db);
  try {
    await migrateToLatest(database.db);
    switch (args.command) {
      case 'create-workspace':
        await createWorkspaceCommand(database.db, args, out);
        return 0;
      case 'accounts':
        await accountsCommand(database.db, out);
        return 0;
      case 'tickets':
        await ticketsCommand(database.db, args, out);
        return 0;
      case 'unlock':
        return (await unlockCommand(database.db, args, out)) ? 0 : 1;
      case 'outbox':
        await outboxCommand(database.db, args, out);
        return 0;
    }
    return 2;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`Usage error: ${err.message}\nRun "npm run admin -- help".\n`);
      process.exit(2);
    }
    if (isAppError(err)) {
      process.stderr.write(`Error: ${err.code}${err.extras.detail ? ` — ${err.extras.detail}` : ''}\n`);
      process.exit(1);
    }
    process.stderr.write(`Error: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
