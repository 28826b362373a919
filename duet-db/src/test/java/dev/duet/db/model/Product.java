package dev.duet.db.model;

import dev.duet.db.Check;
import dev.duet.db.Column;
import dev.duet.db.Id;
import dev.duet.db.Index;
import dev.duet.db.Text;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Every supported type, nullable and not. */
@Check(name = "ck_products_stock", value = "stock >= 0")
@Index(value = {"name", "status"})
public record Product(
        @Id long id,
        @Column(length = 80) String name,
        @Column(precision = 10, scale = 2) BigDecimal price,
        int stock,
        double rating,
        boolean active,
        @Text @Column(nullable = true) String description,
        @Column(nullable = true) Instant createdAt,
        @Column(nullable = true) LocalDate released,
        @Column(nullable = true) UUID ref,
        Status status,
        @Column(nullable = true) byte[] data,
        @Column(nullable = true) Long views,
        @Column(nullable = true) Boolean featured,
        short rank) {

    public static Product simple(String name, int stock, String price) {
        return new Product(0, name, new BigDecimal(price), stock, 4.5, true, null, null, null, null, Status.LIVE, null, null, null, (short) 1);
    }
}
