-- A migration of an app with a table prefix: Duet defines ${tablePrefix} for it.
CREATE TABLE ${tablePrefix}gadgets (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);
INSERT INTO ${tablePrefix}gadgets (id, name) VALUES (1, 'widget');
