package dev.duet.servlet;

import dev.duet.Config;
import dev.duet.spi.CoreErrors;
import dev.duet.spi.OutgoingResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Jetty's answers to requests it refuses while parsing (a header block over the limit, a body over
 * it, a malformed request, an expectation other than {@code 100-continue}), in Duet's words: a short
 * text (or JSON) naming the limit and its knob, or the expectation, then the connection closes.
 */
final class JettyErrors extends ErrorHandler {
    private final Config config;

    JettyErrors(Config config) {
        this.config = config;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object s = request.getAttribute(ERROR_STATUS);
        if (s instanceof Integer i) status = i;
        HttpFields fields = request.getHeaders();
        String why;
        if (status == HttpStatus.EXPECTATION_FAILED_417) {
            why = fields == null ? null : fields.get(HttpHeader.EXPECT); // Jetty's reason only repeats the status
        } else {
            Object reason = request.getAttribute(ERROR_MESSAGE);
            why = reason == null ? null : reason.toString();
        }
        String message = message(status, why);
        String accept = fields == null ? null : fields.get(HttpHeader.ACCEPT);
        // Written whole even to a HEAD request: Jetty leaves the body out of a HEAD answer itself.
        OutgoingResponse out = OutgoingResponse.of(CoreErrors.response(config, status, message, accept), false, config);
        response.setStatus(out.status());
        out.writeHeaders(response.getHeaders(), JettyHeaderSink.INSTANCE, false);
        // Said, not only done: Jetty closes after a request it could not parse (a bad target among
        // them) without always saying so, and a proxy that pooled the connection then sends its
        // next request into the close (nginx: a 502, retried for a GET, answered for a POST).
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, out.hasBody() ? ByteBuffer.wrap(out.body()) : null, callback);
        return true;
    }

    private String message(int status, String reason) {
        String ours = CoreErrors.forStatus(status, config, reason);
        if (ours != null) return ours;
        String text = HttpStatus.getMessage(status);
        return reason == null || reason.isBlank() ? status + " " + text : status + " " + text + ": " + reason;
    }
}
