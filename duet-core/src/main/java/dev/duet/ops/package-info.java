/**
 * Operations: liveness and readiness probes ({@link dev.duet.ops.Health}, {@link dev.duet.ops.HealthCheck})
 * and the access log ({@link dev.duet.ops.AccessLog}). Metrics and tracing live in the optional
 * modules duet-metrics and duet-tracing.
 */
package dev.duet.ops;
