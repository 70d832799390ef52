/**
 * @module server/live
 * Live co-browsing: the hub, its rooms and routes, and the bus between processes.
 */
export { LiveHub, type LiveHubOptions } from './live-hub.ts';
export { LiveRoom } from './live-room.ts';
export { createBus, type LiveBus } from './bus/index.ts';
export { createLiveWebSocketServer, liveApiRoutes, liveSocketRoutes } from './live.routes.ts';
