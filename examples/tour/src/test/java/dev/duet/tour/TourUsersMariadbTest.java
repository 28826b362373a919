package dev.duet.tour;

/** The tour's user routes on the real MariaDB server. */
class TourUsersMariadbTest extends TourUsersSuite {
    @Override
    String database() {
        return "mariadb";
    }
}
