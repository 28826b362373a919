package dev.duet.spi;

import dev.duet.UploadedFile;
import dev.duet.internal.StoredFile;

import java.util.List;
import java.util.Map;

/**
 * A {@code multipart/form-data} body, parsed whole by {@link MultipartParser}: its text fields and
 * its files, each name with its values in order. A core hands it to the app on
 * {@link RawRequest#multipart()}; from then on the request owns it and deletes its temp files
 * when it ends. A core that drops a parsed form without dispatching it calls {@link #delete()}.
 */
public final class MultipartForm {
    private final Map<String, List<String>> fields;
    private final Map<String, List<UploadedFile>> files;
    private final List<StoredFile> stored;

    MultipartForm(Map<String, List<String>> fields, Map<String, List<UploadedFile>> files, List<StoredFile> stored) {
        this.fields = fields;
        this.files = files;
        this.stored = stored;
    }

    /** The text fields, decoded, each name with its values in order. */
    public Map<String, List<String>> fields() {
        return fields;
    }

    /** The files, each field name with its files in order. */
    public Map<String, List<UploadedFile>> files() {
        return files;
    }

    /** Deletes every temp file not moved away; safe to call more than once, from any thread. */
    public void delete() {
        for (StoredFile f : stored) f.delete();
    }
}
