package dev.duet.tour;

/** {@link TourJobsSuite} on the real PostgreSQL. */
class TourJobsPostgresTest extends TourJobsSuite {
    @Override
    String database() {
        return "postgresql";
    }
}
