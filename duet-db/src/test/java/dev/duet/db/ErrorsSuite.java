package dev.duet.db;

import dev.duet.db.model.Membership;
import dev.duet.db.model.Product;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.duet.db.Q.contains;
import static dev.duet.db.Q.eq;
import static dev.duet.db.Q.like;
import static dev.duet.db.Q.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each failure becomes: typed constraint violations naming the field, bad field names refused before any SQL, values never spliced into SQL. */
abstract class ErrorsSuite extends OrmSuite {
    protected ErrorsSuite(TestDatabases.Kind kind) {
        super(kind);
    }

    @Test
    void aDuplicateUniqueValueIsAUniqueViolationNamingTheField() {
        users.create(User.of("Ann", "ann@example.com"));
        assertThatThrownBy(() -> users.create(User.of("Other", "ann@example.com")))
                .isInstanceOfSatisfying(UniqueViolation.class, e -> {
                    assertThat(e.field()).isEqualTo("email");
                    assertThat(e.table()).isEqualTo("users");
                    assertThat(e.getMessage()).isEqualTo("A User with this email already exists");
                    assertThat(e.getCause()).isInstanceOf(java.sql.SQLException.class);
                });
        assertThat(users.count()).isEqualTo(1);
    }

    @Test
    void aCompositeUniqueIndexNamesBothFields() {
        User u = users.create(User.of("Ann", "ann@example.com"));
        Table<Membership> ms = db.table(Membership.class);
        ms.create(new Membership(null, u.id(), "red"));
        ms.create(new Membership(null, u.id(), "blue"));
        assertThatThrownBy(() -> ms.create(new Membership(null, u.id(), "red")))
                .isInstanceOfSatisfying(UniqueViolation.class, e -> assertThat(e.fields()).containsExactly("userId", "team"));
    }

    @Test
    void aMissingRequiredValueIsANotNullViolation() {
        assertThatThrownBy(() -> users.create(User.of(null, "x@example.com")))
                .isInstanceOfSatisfying(NotNullViolation.class, e -> {
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.getMessage()).isEqualTo("Field 'name' of User is required (it was null)");
                });
        assertThat(users.count()).isZero();
    }

    @Test
    void aBrokenCheckIsACheckViolation() {
        assertThatThrownBy(() -> products.create(Product.simple("Bad", -1, "1.00")))
                .isInstanceOfSatisfying(CheckViolation.class, e -> assertThat(e.constraint()).isEqualTo("ck_products_stock"));
    }

    @Test
    void aTooLongValueIsAValueTooLong() {
        assertThatThrownBy(() -> users.create(User.of("x".repeat(51), "long@example.com")))
                .isInstanceOfSatisfying(ValueTooLong.class, e -> {
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.getMessage()).isEqualTo("Field 'name' of User is too long (at most 50 characters)");
                });
        users.create(User.of("x".repeat(50), "ok@example.com"));
    }

    @Test
    void aDanglingReferenceIsAForeignKeyViolationNamingTheField() {
        Table<Membership> ms = db.table(Membership.class);
        assertThatThrownBy(() -> ms.create(new Membership(null, 999_999L, "red")))
                .isInstanceOfSatisfying(ForeignKeyViolation.class, e -> {
                    assertThat(e.field()).isEqualTo("userId");
                    assertThat(e.getMessage()).isEqualTo("Field 'userId' of Membership refers to a User that does not exist");
                });
        User u = users.create(User.of("Ann", "ann@example.com"));
        ms.create(new Membership(null, u.id(), "red"));
        assertThatThrownBy(() -> users.delete(u))
                .isInstanceOfSatisfying(ForeignKeyViolation.class, e -> {
                    assertThat(e.getMessage()).startsWith("This User is still referenced by ")
                            .contains("delete or change those first");
                    assertThat(e.table()).isEqualTo("users");
                });
        assertThat(users.find(u.id())).isPresent();
    }

    @Test
    void unknownFieldsAreRejectedBeforeAnySql() {
        assertThatThrownBy(() -> users.where(eq("emial", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model User has no field 'emial' (fields: id, name, email)");
        assertThatThrownBy(() -> users.orderBy("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.values("id", "password")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.query().pluck("x; DROP TABLE users")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.findBy(Map.of("bogus", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> products.where(eq("stock", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stock");
        assertThatThrownBy(() -> products.where(eq("status", "NOPE")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DRAFT");
        assertThatThrownBy(() -> products.where(like("stock", "1%"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(counter.count()).isZero();
    }

    @Test
    void valuesAreAlwaysBoundNeverSpliced() {
        String evil = "x' OR '1'='1";
        users.create(User.of("Ann", "ann@example.com"));
        assertThat(users.where(eq("name", evil)).all()).isEmpty();
        User odd = users.create(User.of(evil, "odd@example.com"));
        assertThat(users.findBy("name", evil)).contains(odd);
        assertThat(users.where(contains("name", "' OR '")).all()).containsExactly(odd);
    }
}
