-- A migration that cannot run, for MigrationsSuite's failure test.
CREATE TABLE broken_widgets (
