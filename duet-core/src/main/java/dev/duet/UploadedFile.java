package dev.duet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A file sent in a {@code multipart/form-data} body, ready when the handler runs: kept in memory
 * up to the {@code uploadMemoryThreshold} setting, else in a temp file of its own under
 * {@code uploadDir}. Duet deletes the temp file when the request ends (answered, failed, cancelled
 * or abandoned by its client), so keep a file by moving it ({@link #moveTo}) before the handler
 * returns; a background task started for the request must not count on the temp file either.
 *
 * <pre>{@code
 * app.post("/avatar", req -> {
 *     UploadedFile f = req.file("avatar");                  // null if the form sent none
 *     if (f == null) throw HttpError.badRequest("Choose a file");
 *     f.moveTo(avatars.resolve(req.pathParam("user") + ".png"));
 *     return Map.of("name", f.fileName(), "size", f.size());
 * });
 * }</pre>
 *
 * Reading methods may be called from any thread, more than once; on an event loop, read only what
 * is in memory ({@link #inMemory()}) and hand larger files to a blocking task.
 */
public interface UploadedFile {

    /** The form field's name, e.g. {@code avatar}. */
    String name();

    /**
     * The name the client gave the file, made safe to show: its last path segment, without
     * control or bidirectional-formatting characters, at most 255 characters; empty if it had
     * none. Never use it as a path on the server as it is: choose your own name.
     */
    String fileName();

    /** The part's {@code Content-Type} as the client sent it ({@code application/octet-stream} if none). */
    String contentType();

    /** The file's size in bytes. */
    long size();

    /** True if the file is held in memory rather than in a temp file. */
    boolean inMemory();

    /** The file's bytes, from the start; close it when done. */
    InputStream inputStream() throws IOException;

    /**
     * The whole file in memory. Refused (an {@link IllegalStateException}) for a file larger than
     * the {@code maxBodySize} setting, the bound Duet keeps any body in memory to: read such a
     * file with {@link #inputStream()} or {@link #moveTo}.
     */
    byte[] bytes() throws IOException;

    /**
     * Moves the file to {@code target} (replacing a file there): a rename of the temp file where
     * the file system allows it, else a copy; a file held in memory is written there. From then on
     * the file is yours, and it is not deleted when the request ends; this object reads it from
     * {@code target}.
     */
    void moveTo(Path target) throws IOException;

    /** Writes the file to {@code out} (not closing it) and returns the number of bytes written. */
    long transferTo(OutputStream out) throws IOException;
}
