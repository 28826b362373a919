/**
 * Server-Sent Events: an {@link dev.duet.sse.EventStream} is what a route's handler returns to
 * answer with {@code text/event-stream}, fed by blocking code ({@link dev.duet.sse.Events}, on a
 * virtual thread of its own) or from any thread without blocking ({@link dev.duet.sse.EventSink},
 * a {@link dev.duet.hub.Member} of a hub's rooms). {@link dev.duet.sse.Event} is one event.
 * See docs/streaming.md.
 */
package dev.duet.sse;
