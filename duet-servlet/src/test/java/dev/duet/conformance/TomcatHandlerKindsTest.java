package dev.duet.conformance;

import dev.duet.servlet.Cores;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The HandlerKinds suite on embedded Tomcat. In this package because the suite's test methods are
 * package-private: only a subclass here can override one to disable it.
 */
class TomcatHandlerKindsTest extends HandlerKindsSuite {
    TomcatHandlerKindsTest() {
        super(Cores.tomcat());
    }

    private static final String CONTENT_TYPE = "Tomcat re-renders a Content-Type with a charset as type;charset=x"
            + " (text/plain;charset=utf-8): the same media type (RFC 9110 §5.6.6), and no Servlet API call keeps"
            + " the app's spelling; see docs/deployment.md, what differs between cores";

    @Override
    @Test
    @Disabled(CONTENT_TYPE)
    void plainStringIsTextPlain() {
    }

    @Override
    @Test
    @Disabled(CONTENT_TYPE)
    void stringStartingWithAnAngleBracketIsHtml() {
    }
}
