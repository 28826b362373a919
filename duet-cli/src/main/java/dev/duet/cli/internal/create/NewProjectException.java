package dev.duet.cli.internal.create;

/** Why a project could not be written, in words for the person who ran {@code duet new}. */
final class NewProjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with {@code message}, shown as it is. */
    public NewProjectException(String message) {
        super(message);
    }
}
