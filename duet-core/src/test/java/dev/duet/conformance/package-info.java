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
 *
 * <p>The wire-level suites ({@link dev.duet.conformance.ConnectionSuite},
 * {@link dev.duet.conformance.LimitsSuite}, {@link dev.duet.conformance.CancellationSuite},
 * {@link dev.duet.conformance.ShutdownSuite}, and the hostile-input ones,
 * {@link dev.duet.conformance.HostileInputSuite} and {@link dev.duet.conformance.FuzzSuite}) speak
 * HTTP/1.1 byte by byte over a socket: keep-alive, pipelining, limits, disconnects, shutdown,
 * malformed and ambiguous requests (docs/reliability.md). {@link dev.duet.conformance.HostileBodiesSuite}
 * (hostile content in well-framed requests) runs everywhere, in-process too.
 * {@link dev.duet.conformance.NginxDifferentialSuite} sends the hostile input through a real nginx
 * in front of the core and looks for requests the two frame differently, and
 * {@link dev.duet.conformance.SlowClientsSuite} holds hundreds of slow clients against it.
 * They are the product cores' (Netty, Jetty, Tomcat): the JDK reference core leaves all of that to
 * the JDK's server, so duet-core does not run them. Where a core legitimately differs, its harness
 * declares the {@link dev.duet.conformance.Harness.Capability} it lacks, and the tests that need it
 * are skipped there with the reason.
 */
package dev.duet.conformance;
