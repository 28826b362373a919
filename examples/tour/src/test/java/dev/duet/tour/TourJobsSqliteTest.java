package dev.duet.tour;

/** {@link TourJobsSuite} on a SQLite file, the tour's default. */
class TourJobsSqliteTest extends TourJobsSuite {
    @Override
    String database() {
        return "sqlite";
    }
}
