/**
 * Duet's template SPI on <a href="https://jte.gg">jte</a>: {@link dev.duet.template.jte.JteTemplates}.
 * Templates are Java classes, compiled from {@code .jte} files, with typed parameters and HTML
 * escaping that follows the context an expression is written in (text, attribute, script).
 */
package dev.duet.template.jte;
