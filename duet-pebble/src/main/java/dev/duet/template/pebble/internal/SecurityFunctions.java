package dev.duet.template.pebble.internal;

import dev.duet.Csrf;
import dev.duet.Request;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.List;
import java.util.Map;

/**
 * Duet's security in every Pebble template: {@code {{ csrf_field() }}} writes the hidden input a
 * form needs to pass the CSRF check from a browser without Fetch Metadata, {@code {{ csrf_token() }}}
 * the bare token (for a script's {@code X-CSRF-Token} header), and {@code {{ csp_nonce() }}} the
 * request's Content-Security-Policy nonce, for {@code <script nonce="{{ csp_nonce() }}">}.
 */
public final class SecurityFunctions extends AbstractExtension {
    @Override
    public Map<String, Function> getFunctions() {
        return Map.of(
                "csrf_field", new RequestFunction("csrf_field", req -> new SafeString(Csrf.field(req))),
                "csrf_token", new RequestFunction("csrf_token", Csrf::token),
                "csp_nonce", new RequestFunction("csp_nonce", req -> {
                    String nonce = Csrf.cspNonce(req);
                    return nonce == null ? "" : nonce;
                }));
    }

    private record RequestFunction(String name, java.util.function.Function<Request, Object> body) implements Function {
        @Override
        public List<String> getArgumentNames() {
            return List.of();
        }

        @Override
        public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            // The request the view is rendered for (Duet puts it in every model), else the current one.
            Object req = context.getVariable("request");
            Request request = req instanceof Request r ? r : Request.currentOrNull();
            if (request == null) {
                throw new PebbleException(null, name + "() needs the request being answered; this template is rendered outside one",
                        line, self.getName());
            }
            return body.apply(request);
        }
    }
}
