/**
 * Duet's conformance suite: what every server core must do, written once and run against each.
 *
 * <p>The suites ({@link dev.duet.conformance.RoutingSuite}, {@link dev.duet.conformance.HandlerKindsSuite},
 * {@link dev.duet.conformance.ThreadingSuite}, {@link dev.duet.conformance.HooksSuite},
 * {@link dev.duet.conformance.ErrorsSuite}, {@link dev.duet.conformance.RequestSuite},
 * {@link dev.duet.conformance.ToolkitSuite}, {@link dev.duet.conformance.WatchdogSuite}) are abstract;
 * a core runs them by subclassing each with its {@link dev.duet.conformance.Harness} (see there).
 * duet-core itself runs them in-process ({@code InProcess*Test}, through the test client) and over
 * real HTTP on a small reference core ({@code JdkHttp*Test}, on the JDK's HTTP server).
 */
package dev.duet.conformance;
