import type { Surface, SurfaceContext } from '../../src/server/surface.js';
import { findAssetsDir } from './assets-dir.js';
import { localChatRoutes } from './routes.js';

/**
 * The local try-out page: a browser chat on `/` that sends turns (platform `web`) through the same
 * router as Slack and Teams and renders the replies as HTML. On when no platform is configured or
 * with LOCAL_CHAT=1; loopback clients only unless LOCAL_CHAT_PUBLIC=1.
 */
export async function createLocalChatSurface(ctx: SurfaceContext): Promise<Surface | undefined> {
  if (!ctx.config.localChat) return undefined;
  const assetsDir = findAssetsDir();
  const isPublic = ctx.config.localChatPublic;
  return {
    name: 'local-chat',
    description: `local chat page at GET / (${isPublic ? 'open to all clients: LOCAL_CHAT_PUBLIC=1' : 'loopback clients only'})`,
    mount(app) {
      app.use(localChatRoutes({ core: ctx.core, log: ctx.log, assetsDir, public: isPublic }));
    },
  };
}
