package dev.duet.servlet.internal;

import dev.duet.Headers;
import dev.duet.spi.MultipartForm;
import dev.duet.spi.RawRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A servlet request as {@link dev.duet.App#dispatch} takes it: everything copied out of the
 * container's request up front (method, target, headers, peer, body), so the Duet request never
 * touches a container object the container may have recycled.
 *
 * <p>The target is the one the client sent, still percent-encoded, minus the context path (and
 * the servlet path when the servlet is mapped to a prefix such as {@code /api/*}): an app mounted
 * at {@code /shop} sees {@code /cart}, as it would on its own server.
 */
public record ServletRawRequest(String method, String uri, Headers headers, byte[] body,
                                InetSocketAddress remoteAddress, boolean secure, MultipartForm multipart) implements RawRequest {

    public static ServletRawRequest of(HttpServletRequest req, byte[] body) {
        return of(req, target(req), body, null);
    }

    /**
     * With the target {@code target} (for a runner that knows the one sent better than the Servlet
     * API), and the parsed {@code multipart} body (null for any other body).
     */
    public static ServletRawRequest of(HttpServletRequest req, String target, byte[] body, MultipartForm multipart) {
        return new ServletRawRequest(req.getMethod(), target, CopiedHeaders.of(req), body, peer(req), req.isSecure(), multipart);
    }

    /** The request target relative to where the app is mounted: path (encoded) and query, as sent. */
    public static String target(HttpServletRequest req) {
        String path = req.getRequestURI();
        if (path == null || path.isEmpty()) path = "/";
        String context = req.getContextPath();
        if (context != null && !context.isEmpty() && path.startsWith(context)) path = path.substring(context.length());
        var mapping = req.getHttpServletMapping();
        if (mapping != null && mapping.getMappingMatch() == MappingMatch.PATH) {
            String servletPath = req.getServletPath();
            if (servletPath != null && !servletPath.isEmpty() && path.startsWith(servletPath)) {
                path = path.substring(servletPath.length());
            }
        }
        if (path.isEmpty() || path.charAt(0) != '/') path = "/" + path;
        String query = req.getQueryString();
        return query == null ? path : path + "?" + query;
    }

    /** The peer as an address, without a DNS lookup. */
    static InetSocketAddress peer(HttpServletRequest req) {
        String addr = req.getRemoteAddr();
        int port = Math.max(0, req.getRemotePort());
        if (addr == null) return null;
        String literal = addr.startsWith("[") && addr.endsWith("]") ? addr.substring(1, addr.length() - 1) : addr;
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(literal), port);
        } catch (IllegalArgumentException e) {
            return InetSocketAddress.createUnresolved(addr, port); // a container that reports a name
        }
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
