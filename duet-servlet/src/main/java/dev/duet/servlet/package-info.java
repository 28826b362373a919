/**
 * Duet's blocking core: the same {@link dev.duet.App} on any Jakarta Servlet 6 container.
 *
 * <ul>
 * <li>{@link dev.duet.servlet.DuetServlet}: a servlet hosting an app (read, dispatch, write or
 *     suspend, notice disconnects); {@link dev.duet.servlet.DuetServlet.Threading} says where
 *     blocking links run.
 * <li>{@link dev.duet.servlet.JettyCore}: the embedded Jetty 12 runner, a
 *     {@link dev.duet.spi.ServerCore} found as {@code servlet}, on virtual threads, every limit of
 *     {@link dev.duet.Config} mapped, graceful stop.
 * <li>{@link dev.duet.servlet.DuetListener} and {@link dev.duet.servlet.DuetWebApp}: a WAR's
 *     {@code web.xml} entry point.
 * </ul>
 *
 * docs/deployment.md says how to run an app each way and what differs between the cores.
 */
package dev.duet.servlet;
