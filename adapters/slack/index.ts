import type { Surface, SurfaceContext } from '../../src/server/surface.js';

// Placeholder until the Slack adapter lands.
export async function createSlackSurface(ctx: SurfaceContext): Promise<Surface | undefined> {
  if (!ctx.config.slack) return undefined;
  throw new Error('Slack is configured but the Slack adapter is not available yet');
}
