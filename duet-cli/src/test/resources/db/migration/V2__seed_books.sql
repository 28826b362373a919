INSERT INTO books (id, title) VALUES (1, 'Dune');
INSERT INTO books (id, title) VALUES (2, 'Emma');
