import type { CliCommand } from './io.js';

// Placeholder until the knowledge base lands.
export const knowledgeCommand: CliCommand = async (_args, io) => {
  io.stderr('ansvar knowledge: not available yet\n');
  return 1;
};
