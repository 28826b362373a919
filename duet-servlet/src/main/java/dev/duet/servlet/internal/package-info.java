/**
 * Not API: what {@link dev.duet.servlet.DuetServlet} uses to copy a request out of the container
 * ({@code ServletRawRequest}) and write a Duet response through the Servlet API
 * ({@code ResponseWriter}), with the core's own error answers ({@code CoreErrors}) and the cached
 * {@code Date} ({@code DateHeader}).
 */
package dev.duet.servlet.internal;
