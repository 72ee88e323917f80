import { loadDotEnv } from './config.js';
import { chatCommand } from './cli/chat.js';
import { endQuietlyWhenOutputCloses, processIo, type CliCommand, type CliIo } from './cli/io.js';

const USAGE = `usage: ansvar <command>

  ask [--org ID] [--json] "question"      answer one question (--json --batch: JSON lines on stdin)
  chat [--as PLATFORM:USER] [--json] [--save-files DIR] "message"
                                          send a message through the chat router (questions, visit, digest, help);
                                          --save-files writes the reply's files (e.g. visit export csv) to DIR
  knowledge check                         validate knowledge/
  serve                                   run the server (what npm start runs)
  visits export [--format csv|ics] [--year YEAR]
  digest preview --channel ID | digest send --platform slack|teams --channel ID
`;

type Loader = () => Promise<CliCommand>;

const commands: Record<string, Loader> = {
  ask: async () => (await import('./cli/ask.js')).askCommand,
  chat: async () => chatCommand,
  knowledge: async () => (await import('./cli/knowledge.js')).knowledgeCommand,
  serve: async () => (await import('./cli/serve.js')).serveCommand,
  visits: async () => (await import('./cli/visits.js')).visitsCommand,
  digest: async () => (await import('./cli/digest.js')).digestCommand,
};

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? io.stdout : io.stderr)(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`unknown command '${name}'\n${USAGE}`);
    return 2;
  }
  const command = await load();
  return command(rest, io);
}

const invokedDirectly = process.argv[1] && /(?:^|[/\\])(?:cli\.[jt]s|ansvar(?:\.js)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  endQuietlyWhenOutputCloses(process.stdout, process.stderr, (code) => process.exit(code));
  loadDotEnv();
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`ansvar: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
