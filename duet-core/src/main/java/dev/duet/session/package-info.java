/**
 * Sessions and flash messages: {@link dev.duet.session.Session} is what a handler reads and
 * writes through {@code req.session()}; {@link dev.duet.session.SessionStore} is the SPI for
 * keeping sessions on a server (duet-redis implements it) instead of in the signed cookie.
 */
package dev.duet.session;
