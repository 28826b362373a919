/**
 * The broadcast hub: named rooms of {@link dev.duet.hub.Member}s (event streams, WebSockets, or
 * anything that can take a message without blocking), messages broadcast to every member of a
 * room, and how many members a room has. {@link dev.duet.hub.Hub#inMemory()} serves one process;
 * a {@link dev.duet.hub.Hub.Backend} (duet-redis has one) carries broadcasts and presence between
 * several instances of an app.
 */
package dev.duet.hub;
