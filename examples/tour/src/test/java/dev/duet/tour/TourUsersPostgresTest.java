package dev.duet.tour;

/** The tour's user routes on the real PostgreSQL server. */
class TourUsersPostgresTest extends TourUsersSuite {
    @Override
    String database() {
        return "postgresql";
    }
}
