import type { CliCommand } from './io.js';

// Placeholder until the knowledge base lands.
export const askCommand: CliCommand = async (_args, io) => {
  io.stderr('ansvar ask: not available yet\n');
  return 1;
};
