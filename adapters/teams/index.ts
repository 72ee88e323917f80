import type { Surface, SurfaceContext } from '../../src/server/surface.js';

// Placeholder until the Teams adapter lands.
export async function createTeamsSurface(ctx: SurfaceContext): Promise<Surface | undefined> {
  if (!ctx.config.teams) return undefined;
  throw new Error('Teams is configured but the Teams adapter is not available yet');
}
