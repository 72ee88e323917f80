import type { CliCommand } from './io.js';

// Placeholder until the weekly digest lands.
export const digestCommand: CliCommand = async (_args, io) => {
  io.stderr('ansvar digest: not available yet\n');
  return 1;
};
