package dev.duet.jwtcheck;

import com.auth0.jwt.JWT;
import dev.duet.App;
import dev.duet.Config;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duet beside a library built on Jackson 2, depended on as an app would (see this module's pom):
 * the app starts, JSON goes both ways through Duet, and the library signs and verifies tokens with
 * its own Jackson. Without the bom (or Duet's direct jackson-annotations dependencies), Maven gives
 * this module the library's jackson-annotations 2.15.4 and {@code App.create} fails.
 */
class TokenAppTest {
    private final App app = App.create(Config.defaults());
    private final TestClient client = TestClient.of(TokenApp.routes(app, "test secret"));

    @AfterEach
    void stop() {
        client.close();
        app.stop();
    }

    @Test
    void aTokenSignedAtLoginIsVerifiedOnTheNextRequest() {
        TestResponse login = client.postJson("/login", Map.of("name", "ada", "roles", List.of("reader", "writer")));
        assertThat(login.status()).isEqualTo(200);
        String token = login.jsonMap().get("token").toString();
        assertThat(token.split("\\.")).as("header, payload, signature").hasSize(3);

        TestResponse me = client.send(TestRequest.get("/me").header("Authorization", "Bearer " + token));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.jsonMap()).containsEntry("name", "ada").containsEntry("roles", List.of("reader", "writer"));
        assertThat(Instant.parse(me.jsonMap().get("issuedAt").toString())).as("the token's iat, in whole seconds")
                .isEqualTo(Instant.ofEpochSecond(JWT.decode(token).getIssuedAt().getTime() / 1000));
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = client.postJson("/login", Map.of("name", "ada", "roles", List.of())).jsonMap().get("token").toString();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"iss\":\"duet\",\"sub\":\"root\"}".getBytes()) + "." + parts[2];

        TestResponse me = client.send(TestRequest.get("/me").header("Authorization", "Bearer " + forged)
                .header("Accept", "application/json"));
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.jsonMap().get("error").toString()).startsWith("Invalid token");
    }
}
