import type { CliCommand } from './io.js';

// Placeholder until the visit register lands.
export const visitsCommand: CliCommand = async (_args, io) => {
  io.stderr('ansvar visits: not available yet\n');
  return 1;
};
