package dev.duet.db;

import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transactions: all or nothing, savepoints inside, async calls joining them, on a virtual thread. */
abstract class TransactionSuite extends OrmSuite {
    protected TransactionSuite(TestDatabases.Kind kind) {
        super(kind);
    }

    @Test
    void aTransactionCommitsOrRollsBackAsAWhole() {
        User ann = db.transaction(() -> {
            User a = users.create(User.of("Ann", "ann@example.com"));
            users.create(User.of("Bob", "bob@example.com"));
            assertThat(db.inTransaction()).isTrue();
            return a;
        });
        assertThat(db.inTransaction()).isFalse();
        assertThat(users.count()).isEqualTo(2);
        assertThatThrownBy(() -> db.transaction(() -> {
            users.create(User.of("Cy", "cy@example.com"));
            users.create(User.of("Dup", "ann@example.com"));
        })).isInstanceOf(UniqueViolation.class);
        assertThat(users.count()).isEqualTo(2);
        assertThat(users.findBy("email", "cy@example.com")).isEmpty();
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> db.transaction(() -> {
            users.deleteById(ann.id());
            throw boom;
        })).isSameAs(boom);
        assertThat(users.find(ann.id())).isPresent();
    }

    @Test
    void jdbcWorkLentTheTransactionsConnectionCommitsOrRollsBackWithIt() {
        String insert = "INSERT INTO " + db.table(User.class).tableName() + " (name, email) VALUES (?, ?)";
        assertThatThrownBy(() -> db.transaction(() -> {
            db.withConnection(c -> {
                try (var st = c.prepareStatement(insert)) {
                    st.setString(1, "Jdbc");
                    st.setString(2, "jdbc@example.com");
                    return st.executeUpdate();
                }
            });
            assertThat(users.count()).as("the ORM sees the JDBC write: one transaction").isEqualTo(1);
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(users.count()).isZero();
        db.transaction(() -> db.withConnection(c -> {
            try (var st = c.prepareStatement(insert)) {
                st.setString(1, "Kept");
                st.setString(2, "kept@example.com");
                return st.executeUpdate();
            }
        }));
        assertThat(users.<String>pluck("name")).containsExactly("Kept");
        // Outside a transaction, the work runs on a connection of its own, in autocommit.
        assertThat(db.withConnection(java.sql.Connection::getAutoCommit)).isTrue();
    }

    @Test
    void nestedTransactionsAreSavepoints() {
        db.transaction(() -> {
            users.create(User.of("Outer", "outer@example.com"));
            assertThatThrownBy(() -> db.transaction(() -> {
                users.create(User.of("Inner", "inner@example.com"));
                users.create(User.of("Dup", "outer@example.com"));
            })).isInstanceOf(UniqueViolation.class);
            users.create(User.of("After", "after@example.com"));
        });
        assertThat(users.orderBy("name").<String>pluck("name")).containsExactly("After", "Outer");
    }

    @Test
    void asyncCallsInsideATransactionUseIt() {
        assertThatThrownBy(() -> db.transaction(() -> {
            users.create(User.of("Ann", "ann@example.com"));
            long seen = users.countAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(seen).as("the async twin sees the uncommitted row: same transaction").isEqualTo(1);
            User b = users.createAsync(User.of("Bob", "bob@example.com")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(b.id()).isNotNull();
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(users.count()).as("both rows rolled back with the transaction").isZero();
    }

    @Test
    void transactionAsyncRunsOnAVirtualThread() throws Exception {
        CompletionStage<String> s = db.transactionAsync(() -> {
            users.create(User.of("Ann", "ann@example.com"));
            return Thread.currentThread().isVirtual() + ":" + db.inTransaction();
        });
        assertThat(s.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("true:true");
        CompletionStage<Void> failed = db.transactionAsync(() -> {
            users.create(User.of("Bob", "bob@example.com"));
            users.create(User.of("Ann again", "ann@example.com"));
        });
        assertThatThrownBy(() -> failed.toCompletableFuture().join()).hasCauseInstanceOf(UniqueViolation.class);
        assertThat(users.count()).isEqualTo(1);
    }
}
