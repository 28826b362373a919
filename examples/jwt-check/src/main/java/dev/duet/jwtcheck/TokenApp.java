package dev.duet.jwtcheck;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.duet.App;
import dev.duet.HttpError;

import java.time.Instant;
import java.util.List;

/**
 * Logging in with a signed token: Duet (Jackson 3) reads and writes the bodies, java-jwt (Jackson 2)
 * writes and reads the token's JSON, in one app.
 */
public final class TokenApp {
    private TokenApp() {
    }

    public record Login(String name, List<String> roles) {
    }

    public record Token(String token) {
    }

    public record Me(String name, List<String> roles, Instant issuedAt) {
    }

    public static void main(String[] args) {
        routes(App.create(), System.getenv().getOrDefault("JWT_SECRET", "change me")).start();
    }

    public static App routes(App app, String secret) {
        Algorithm hmac = Algorithm.HMAC256(secret);
        JWTVerifier verifier = JWT.require(hmac).withIssuer("duet").build();
        app.post("/login", req -> {
            Login login = req.json(Login.class);
            return new Token(JWT.create().withIssuer("duet").withSubject(login.name())
                    .withClaim("roles", login.roles()).withIssuedAt(Instant.now()).sign(hmac));
        });
        app.get("/me", req -> {
            String auth = req.header("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) throw HttpError.unauthorized("Send Authorization: Bearer <token>");
            DecodedJWT jwt;
            try {
                jwt = verifier.verify(auth.substring("Bearer ".length()));
            } catch (JWTVerificationException e) {
                throw HttpError.unauthorized("Invalid token: " + e.getMessage());
            }
            return new Me(jwt.getSubject(), jwt.getClaim("roles").asList(String.class), jwt.getIssuedAtAsInstant());
        });
        return app;
    }
}
