package dev.duet.tour;

/** The tour's user routes on a SQLite file, the tour's default. */
class TourUsersSqliteTest extends TourUsersSuite {
    @Override
    String database() {
        return "sqlite";
    }
}
