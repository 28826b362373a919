package dev.duet;

import dev.duet.form.ValidationException;
import dev.duet.internal.ErrorPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.duet.template.Template;
import dev.duet.ws.WebSocketUpgrade;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How what a link returns or throws becomes a {@link Response}: handlers' and error handlers'
 * return values mapped by type (see {@link Handler}), and Duet's own error responses, written as
 * the {@code errors} setting says.
 */
final class Answers {
    // Under the app's name: it is the line users look for when a request fails.
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final Rendering rendering;
    private final Set<String> warnedStageFromBlocking = ConcurrentHashMap.newKeySet();
    private final WebSockets webSockets;

    Answers(Config config, Rendering rendering) {
        this.config = config;
        this.rendering = rendering;
        this.webSockets = new WebSockets(config);
    }

    WebSockets webSockets() {
        return webSockets;
    }

    Step<Response, Response> handler(String label, Handler handler) {
        return new Step.Blocking<>("handler " + label, (req, in) -> toResponse(handler.handle(req), true, req));
    }

    Step<Response, Response> asyncHandler(String label, AsyncHandler handler) {
        return new Step.Async<>("async handler " + label, (req, in) -> {
            CompletionStage<?> s = handler.handle(req);
            if (s == null) throw new IllegalStateException("async handler " + label + " returned null instead of a CompletionStage");
            return mapAsync(s, req);
        });
    }

    <E extends Throwable> Step<Throwable, Response> errorHandler(String label, Class<E> type, ErrorHandler<? super E> handler) {
        return new Step.Blocking<>("error handler for " + label, (req, e) -> toResponse(handler.handle(req, type.cast(e)), true, req));
    }

    <E extends Throwable> Step<Throwable, Response> asyncErrorHandler(String label, Class<E> type,
                                                                     AsyncErrorHandler<? super E> handler) {
        return new Step.Async<>("async error handler for " + label, (req, e) -> mapAsync(handler.handle(req, type.cast(e)), req));
    }

    /** A teardown hook as a step: its failure is logged, never passed on (teardown always runs to the end). */
    Step<Throwable, Throwable> teardown(Hooks.Teardown hook) {
        return new Step.Blocking<>("teardown hook", (req, error) -> {
            try {
                hook.teardown(req, error);
            } catch (Exception e) {
                log.error("Teardown hook failed for {}", req, e);
            }
            return error;
        });
    }

    /** An async teardown hook as a step, its failures (thrown or in its stage) logged as for {@link #teardown}. */
    Step<Throwable, Throwable> asyncTeardown(Hooks.AsyncTeardown hook) {
        return new Step.Async<>("async teardown hook", (req, error) -> {
            CompletionStage<?> s;
            try {
                s = hook.teardown(req, error);
            } catch (Exception e) {
                log.error("Teardown hook failed for {}", req, e);
                return CompletableFuture.completedFuture(error);
            }
            return s.handle((x, e) -> {
                if (e != null) log.error("Teardown hook failed for {}", req, e);
                return error;
            });
        });
    }

    /** Maps a handler's return value to a response (see {@link Handler}). */
    Response toResponse(Object value, boolean fromBlocking, Request req) throws Exception {
        return switch (value) {
            case null -> new Response().status(204);
            case Response r -> r.body() instanceof View ? rendering.render(r, req, config) : r;
            case View v -> rendering.render(new Response().body(v), req, config);
            case WebSocketUpgrade u -> webSockets.answer(u, req);
            case Optional<?> o -> {
                if (o.isEmpty()) throw HttpError.notFound("Not found");
                yield toResponse(o.get(), fromBlocking, req);
            }
            case CompletionStage<?> s -> {
                if (!fromBlocking) {
                    throw new IllegalStateException("an async handler's stage completed with another CompletionStage;"
                            + " use thenCompose to flatten it");
                }
                if (warnedStageFromBlocking.add(String.valueOf(req.route()))) {
                    log.warn("{} is registered as blocking but returned a CompletionStage; it works (the virtual thread"
                            + " waits), but register it async (e.g. getAsync) to skip the thread", req.route());
                }
                yield toResponse(req.call.await(s), true, req);
            }
            default -> new Response().body(value);
        };
    }

    private CompletionStage<Response> mapAsync(CompletionStage<?> stage, Request req) {
        return stage.thenApply(v -> {
            try {
                return toResponse(v, false, req);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Duet's own error response: JSON or HTML as the {@code errors} setting says; 5xx are logged with the stack. */
    Response defaultError(Request req, Throwable error) {
        int status;
        String message;
        Map<String, String> headers = Map.of();
        Object details = null;
        if (error instanceof HttpError h) {
            status = h.status();
            message = h.getMessage();
            headers = h.headers();
            details = h.details();
        } else if (error instanceof CancellationException) {
            status = 503;
            message = "The request was cancelled";
        } else {
            status = 500;
            message = "Internal Server Error";
        }
        if (status >= 500 && !(error instanceof HttpError)) {
            log.error("Request {} failed", req, error);
        } else if (status == 503 && error.getCause() != null) {
            // A dependency's failure (a session store, a database): whoever raised it logs the outage once
            // each way (FailureLog, duet-db's Outage), so a line per request here would only flood the log.
            log.debug("Request {} answered {}: {}", req, status, message);
        } else if (status >= 500) {
            log.warn("Request {} answered {}: {}", req, status, message);
        }
        Throwable trace = config.dev() && status >= 500 ? error : null;
        if (config.dev() && !(error instanceof HttpError)) message = error.toString();
        Response res = config.errors().json(req.header("Accept"), req.contentType())
                ? Response.json(ErrorPages.json(status, message, req.id(),
                        error instanceof ValidationException ? "errors" : "details", details, trace))
                : htmlError(req, status, message, details, error instanceof ValidationException v ? v.errors() : null, trace);
        res.status(status).cause(error);
        headers.forEach(res::header);
        return res;
    }

    /**
     * The app's error page template for {@code status} if it has one, else Duet's own page. The
     * template's model: {@code status}, {@code reason}, {@code message}, {@code requestId},
     * {@code details}, {@code errors} (a {@link ValidationException}'s, by field, else null),
     * {@code trace} and {@code request}. A
     * template that fails is logged and Duet's page answers: an error page must not fail.
     */
    private Response htmlError(Request req, int status, String message, Object details, Map<String, ?> fieldErrors,
                               Throwable trace) {
        try {
            Optional<Template> page = rendering.errorPage(status, config);
            if (page.isPresent()) {
                Map<String, Object> model = new HashMap<>();
                model.put("status", status);
                model.put("reason", ErrorPages.reason(status));
                model.put("message", message);
                model.put("requestId", req.id());
                model.put("details", details);
                model.put("errors", fieldErrors); // a validation's errors by field, for a page that lists them
                model.put("trace", trace == null ? null : ErrorPages.stackTrace(trace));
                model.put("request", req);
                return new Response().body(Rendering.render(page.get(), model)).contentType(Response.HTML);
            }
        } catch (RuntimeException e) {
            log.error("The error page template for {} failed; Duet's own page answers instead", status, e);
        }
        return Response.html(ErrorPages.html(status, message, req.id(), details, trace, Csrf.cspNonce(req)));
    }
}
