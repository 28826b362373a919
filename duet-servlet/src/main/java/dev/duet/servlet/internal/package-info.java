/**
 * Not API: what {@link dev.duet.servlet.DuetServlet} uses to copy a request out of the container
 * ({@code ServletRawRequest}) and to write a finished response ({@link dev.duet.spi.OutgoingResponse})
 * through the Servlet API ({@code ResponseWriter}).
 */
package dev.duet.servlet.internal;
