package dev.duet;

/** The HTTP methods Duet routes. A request with any other method is answered 501. */
public enum HttpMethod {
    GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE;

    /** Parses a method token exactly as sent (case-sensitive, as RFC 9110 says); null if unknown. */
    public static HttpMethod parse(String token) {
        return switch (token) {
            case "GET" -> GET;
            case "HEAD" -> HEAD;
            case "POST" -> POST;
            case "PUT" -> PUT;
            case "PATCH" -> PATCH;
            case "DELETE" -> DELETE;
            case "OPTIONS" -> OPTIONS;
            case "TRACE" -> TRACE;
            default -> null;
        };
    }
}
