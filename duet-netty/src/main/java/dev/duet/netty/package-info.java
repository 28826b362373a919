/**
 * Duet's non-blocking server core on Netty 4.2: {@link dev.duet.netty.NettyCore}.
 *
 * <h2>Threads</h2>
 * One {@code MultiThreadIoEventLoopGroup} of {@code Config.effectiveEventLoops()} threads
 * ({@code duet-loop-N}, marked {@link dev.duet.spi.EventLoopThread}) accepts and serves; native
 * epoll when a library of the same Netty version is on the class path, else NIO. Each complete
 * request is handed to {@code App.dispatch} on its connection's loop: async links run right there,
 * blocking links on virtual threads ({@code App} decides). A streamed body is written from a
 * virtual thread of its own, and a {@code multipart/form-data} body is parsed on one
 * ({@code StreamedUpload}), its files written to disk there, never on the loop.
 *
 * <h2>A connection</h2>
 * {@code RequestDecoder} (Netty's, with Duet's line and header limits, and telling the connection
 * when a request starts arriving) &rarr; {@code HttpResponseEncoder} (Netty's, for streamed
 * bodies, {@code 100 Continue} and {@code 101}) &rarr; {@code HttpConnection}, the handler, which glues three parts together:
 * {@code RequestReader} (body aggregation with the body limit, Expect, refusals; multipart bodies
 * handed to {@code StreamedUpload} with back-pressure instead of aggregated),
 * {@code ResponseQueue} (the in-order response queue for pipelining, each response finished by
 * {@code OutgoingResponse} and encoded whole by {@code HeadBytes}, or its head by Netty's encoder
 * through {@code NettyHeaderSink} when its body streams, keep-alive, flushing, streamed bodies
 * through {@code StreamWriter}) and {@code ConnectionDeadlines} (the read and idle timers).
 *
 * <h2>Limits</h2>
 * 413 {@code maxBodySize} (by Content-Length before reading, with Expect: 100-continue before the
 * 100, or as a chunked body grows; {@code maxUploadSize} in its place for a multipart body, and
 * {@code maxFileSize} and {@code maxFormParts} as it is parsed), 414 {@code maxUriLength} (the request line), 431
 * {@code maxHeaderSize} (the header block), 400 for malformed requests, 408 {@code readTimeout}
 * (a request started but not complete), 417 for expectations other than 100-continue; each is a
 * short text (or JSON) naming the limit and its knob, and ends the connection. {@code idleTimeout}
 * closes connections with no request in progress. {@code maxInFlight} is {@code App}'s.
 *
 * <h2>Shutdown</h2>
 * {@code Server.stop(grace)}, the sequence of {@code dev.duet.spi.GracefulStop}: close the listening
 * socket, close idle connections, let requests in flight finish (later responses carry
 * {@code Connection: close}), then close everything and stop the loops, within {@code grace}.
 */
package dev.duet.netty;
