package dev.duet.form;

import dev.duet.UploadedFile;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * An uploaded file of a {@code multipart/form-data} form: whether one was chosen, its size and its
 * type. Each call checks it now and adds what is wrong to the {@link Validation}. A file input
 * left empty sends no file, so {@link #required()} is what makes one compulsory. The checks read
 * what the client declared (its {@code Content-Type} and file name): they sort honest uploads, and
 * code that trusts a file's content still has to look at its bytes.
 *
 * <pre>{@code
 * UploadedFile photo = form.file("photo").required().maxSize(2 * 1024 * 1024).type("image/png", "image/jpeg").value();
 * }</pre>
 */
public final class FileField {
    private final Validation owner;
    private final String name;
    private final UploadedFile file;
    private boolean stopped;
    private boolean valid = true;

    FileField(Validation owner, String name, UploadedFile file) {
        this.owner = owner;
        this.name = name;
        this.file = file;
        this.stopped = file == null;
    }

    /** The field's name, as errors are filed under it. */
    public String name() {
        return name;
    }

    /** Fails with {@code "is required"} if no file was chosen; the other checks never run without a file. */
    public FileField required() {
        return required("is required");
    }

    /** Fails with {@code message} if no file was chosen. */
    public FileField required(String message) {
        if (file == null) fail(message);
        return this;
    }

    /** Fails with {@code "must be at most 2 MiB"} (say) if the file is larger than {@code bytes}. */
    public FileField maxSize(long bytes) {
        return check(f -> f.size() <= bytes, "must be at most " + size(bytes));
    }

    /**
     * Fails with {@code "must be of type image/png or image/jpeg"} (say) unless the declared
     * {@code Content-Type} (without its parameters) is one of {@code types}; {@code image/*} names
     * every image type.
     */
    public FileField type(String... types) {
        List<String> allowed = List.of(types);
        return check(f -> allowed.stream().anyMatch(t -> matches(t, f.contentType())),
                "must be of type " + String.join(" or ", allowed));
    }

    /** Fails with {@code message} unless {@code ok} holds for the file (not run when no file was chosen). */
    public FileField check(Predicate<? super UploadedFile> ok, String message) {
        if (!stopped && !ok.test(file)) fail(message);
        return this;
    }

    /** The file, or null if none was chosen or a check failed. */
    public UploadedFile value() {
        return valid ? file : null;
    }

    /** True if no check of this field failed. */
    public boolean valid() {
        return valid;
    }

    private void fail(String message) {
        valid = false;
        stopped = true;
        owner.error(name, message);
    }

    private static boolean matches(String allowed, String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String a = allowed.strip().toLowerCase(Locale.ROOT);
        return a.endsWith("/*") ? type.startsWith(a.substring(0, a.length() - 1)) : type.equals(a);
    }

    private static String size(long bytes) {
        if (bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0) return bytes / (1024L * 1024 * 1024) + " GiB";
        if (bytes >= 1024L * 1024 && bytes % (1024L * 1024) == 0) return bytes / (1024L * 1024) + " MiB";
        if (bytes >= 1024 && bytes % 1024 == 0) return bytes / 1024 + " KiB";
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }
}
