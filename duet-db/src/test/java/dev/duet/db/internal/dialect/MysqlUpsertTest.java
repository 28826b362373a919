package dev.duet.db.internal.dialect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL 8.0.19+ and MariaDB spell an upsert's "new value" differently: MySQL deprecates
 * {@code VALUES(col)} for a row alias, which MariaDB does not have. The MariaDB form runs against the
 * real server in the ORM suite; this checks which form each server gets, and the MySQL form's text.
 */
class MysqlUpsertTest {
    private final Mysql mysql = new Mysql();

    @Test
    void theRowAliasIsForMySql8019AndLaterOnly() {
        assertThat(Mysql.supportsRowAlias("MySQL", "8.0.19")).isTrue();
        assertThat(Mysql.supportsRowAlias("MySQL", "8.0.36-0ubuntu0.22.04.1")).isTrue();
        assertThat(Mysql.supportsRowAlias("MySQL", "8.4.3")).isTrue();
        assertThat(Mysql.supportsRowAlias("MySQL", "9.1.0")).isTrue();
        assertThat(Mysql.supportsRowAlias("MySQL", "8.0.18")).isFalse();
        assertThat(Mysql.supportsRowAlias("MySQL", "5.7.44-log")).isFalse();
        assertThat(Mysql.supportsRowAlias("MariaDB", "10.11.19-MariaDB-0+deb12u1")).isFalse();
        assertThat(Mysql.supportsRowAlias("MySQL", "11.4.2-MariaDB")).as("MariaDB presenting as MySQL").isFalse();
        assertThat(Mysql.supportsRowAlias(null, null)).isFalse();
    }

    @Test
    void mySqlNamesTheNewRowMariaDbUsesValues() {
        List<String> cols = List.of("name", "email");
        assertThat(mysql.upsert(true, "`users`", cols, List.of("email"), List.of("name")))
                .isEqualTo("INSERT INTO `users` (`name`, `email`) VALUES (?, ?) AS `duet_new`"
                        + " ON DUPLICATE KEY UPDATE `name` = `duet_new`.`name`");
        assertThat(mysql.upsert(false, "`users`", cols, List.of("email"), List.of("name")))
                .isEqualTo("INSERT INTO `users` (`name`, `email`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)");
        assertThat(mysql.upsert(true, "`tags`", List.of("label"), List.of("label"), List.of()))
                .as("nothing to update: a no-op assignment")
                .isEqualTo("INSERT INTO `tags` (`label`) VALUES (?) AS `duet_new` ON DUPLICATE KEY UPDATE `label` = `label`");
    }
}
