package dev.duet.db;

import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.Names;
import dev.duet.db.model.Note;
import dev.duet.db.model.Product;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How models are read, and what is refused with a clear message; no database needed. */
class ModelRulesTest {
    record NoId(String name) {
    }

    record Weird(Long id, Map<String, String> attributes) {
    }

    record TwoIds(@Id Long a, @Id Long b) {
    }

    static class FinalField {
        Long id;
        final String name = "x";
    }

    static class NoDefaultConstructor {
        Long id;

        NoDefaultConstructor(Long id) {
            this.id = id;
        }
    }

    record BadDefault(Long id, @Default("many") int count) {
    }

    record BlogPost(Long id, String httpURL, String userId) {
    }

    @Test
    void namesAndTypesComeFromTheModel() {
        ModelInfo<Product> p = ModelInfo.of(Product.class);
        assertThat(p.table).isEqualTo("products");
        assertThat(p.column("createdAt").column).isEqualTo("created_at");
        assertThat(p.column("created_at").field).isEqualTo("createdAt");
        assertThat(p.id.field).isEqualTo("id");
        assertThat(p.column("description").nullable).isTrue();
        assertThat(p.column("name").nullable).isFalse();
        assertThat(p.indexes).extracting(ModelInfo.IndexInfo::name).contains("ix_products_name_status");
        assertThat(ModelInfo.of(Note.class).columns).extracting(c -> c.field).doesNotContain("scratch");
        ModelInfo<BlogPost> b = ModelInfo.of(BlogPost.class);
        assertThat(b.table).isEqualTo("blog_posts");
        assertThat(b.column("httpURL").column).isEqualTo("http_url");
        assertThat(b.column("userId").column).isEqualTo("user_id");
        assertThat(ModelInfo.of(User.class)).isSameAs(ModelInfo.of(User.class));
    }

    @Test
    void namingRules() {
        assertThat(Names.snake("createdAt")).isEqualTo("created_at");
        assertThat(Names.snake("HTTPCode")).isEqualTo("http_code");
        assertThat(Names.snake("user2Id")).isEqualTo("user2_id");
        assertThat(Names.plural("user")).isEqualTo("users");
        assertThat(Names.plural("category")).isEqualTo("categories");
        assertThat(Names.plural("box")).isEqualTo("boxes");
        assertThat(Names.plural("day")).isEqualTo("days");
        assertThat(Names.constraint("uq", "t".repeat(40), List.of("c".repeat(40)))).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void modelsThatCannotWorkAreRefusedClearly() {
        assertThatThrownBy(() -> ModelInfo.of(NoId.class)).hasMessageContaining("has no id");
        assertThatThrownBy(() -> ModelInfo.of(Weird.class)).hasMessageContaining("attributes").hasMessageContaining("cannot store");
        assertThatThrownBy(() -> ModelInfo.of(TwoIds.class)).hasMessageContaining("two @Id fields");
        assertThatThrownBy(() -> ModelInfo.of(FinalField.class)).hasMessageContaining("is final");
        assertThatThrownBy(() -> ModelInfo.of(NoDefaultConstructor.class)).hasMessageContaining("no-argument constructor");
        assertThatThrownBy(() -> ModelInfo.of(BadDefault.class)).hasMessageContaining("@Default(\"many\")");
        assertThatThrownBy(() -> ModelInfo.of(Runnable.class)).hasMessageContaining("cannot be a model");
    }

    @Test
    void theEnvironmentPicksTheDatabase() {
        assertThat(DbConfig.builder().build().url()).isEqualTo("sqlite:duet.db");
        System.setProperty("duet.databaseUrl", "sqlite::memory:");
        System.setProperty("duet.databasePoolSize", "3");
        try {
            DbConfig c = DbConfig.fromEnvironment();
            assertThat(c.url()).isEqualTo("sqlite::memory:");
            assertThat(c.poolSize()).isEqualTo(3);
            try (Database db = Database.fromEnvironment()) {
                assertThat(db.dialect()).isEqualTo("sqlite");
            }
        } finally {
            System.clearProperty("duet.databaseUrl");
            System.clearProperty("duet.databasePoolSize");
        }
        assertThatThrownBy(() -> DbConfig.builder().poolSize(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DbConfig.builder().maxRowsInOneUpdate(-1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRowsInOneUpdate must be >= 0, got -1");
        assertThat(DbConfig.builder().build().maxRowsInOneUpdate()).isEqualTo(1000);
        assertThat(DbConfig.builder().maxRowsInOneUpdate(0).build().toBuilder().build().maxRowsInOneUpdate()).isZero();
    }

    @Test
    void connectionPerRequestIsOnUnlessTurnedOff() {
        assertThat(DbConfig.builder().build().connectionPerRequest()).isTrue();
        assertThat(DbConfig.builder().connectionPerRequest(false).build().toBuilder().build().connectionPerRequest()).isFalse();
        System.setProperty("duet.databaseConnectionPerRequest", "FALSE");
        try {
            assertThat(DbConfig.fromEnvironment().connectionPerRequest()).isFalse();
            System.setProperty("duet.databaseConnectionPerRequest", "maybe");
            assertThatThrownBy(DbConfig::fromEnvironment).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("DATABASE_CONNECTION_PER_REQUEST must be true or false, got 'maybe'");
        } finally {
            System.clearProperty("duet.databaseConnectionPerRequest");
        }
        assertThat(DbConfig.fromEnvironment().connectionPerRequest()).isTrue();
    }
}
