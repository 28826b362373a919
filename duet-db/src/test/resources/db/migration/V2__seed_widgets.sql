INSERT INTO widgets (id, name) VALUES (1, 'sprocket');
INSERT INTO widgets (id, name) VALUES (2, 'gear');
