/**
 * WebSockets: an endpoint is a {@code GET} route whose handler returns
 * {@link dev.duet.ws.WebSocket#accept} (blocking, on a virtual thread) or
 * {@link dev.duet.ws.WebSocket#acceptAsync} (async, on the event loop). The same on every core;
 * {@code TestClient.websocket} speaks it in tests without a server.
 */
package dev.duet.ws;
