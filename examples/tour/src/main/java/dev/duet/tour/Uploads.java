package dev.duet.tour;

import dev.duet.App;
import dev.duet.Csrf;
import dev.duet.HttpError;
import dev.duet.Response;
import dev.duet.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tour's upload stop: {@code GET /upload}, a form with a file input, and {@code POST /upload},
 * which answers the file's name, size and SHA-256 as JSON. The core streams the multipart body to
 * a temp file as it arrives (a large upload never sits in memory) and deletes it once the
 * response is sent; this handler only reads it.
 */
final class Uploads {
    private Uploads() {
    }

    /** What {@code POST /upload} answers. */
    record Received(String name, long size, String sha256) {
    }

    static void register(App app) {
        // A page with a form: blocking, as plain code is. Csrf.field puts the form's token in it.
        app.get("/upload", req -> Response.html("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Upload a file - The Duet tour</title>
                <link rel="stylesheet" href="/static/tour.css"></head>
                <body><main><h1>Upload a file</h1>
                <form method="post" action="/upload" enctype="multipart/form-data" class="upload">
                %s<input type="file" name="file" required> <button type="submit">Upload</button>
                </form>
                <p>The answer is the file's name, size and SHA-256, computed from the temp file the server wrote.</p>
                </main></body></html>
                """.formatted(Csrf.field(req))));

        // Reading a file from disk blocks, so the handler is blocking: it runs on a virtual thread,
        // never on an event loop. The file is already complete when it runs.
        app.post("/upload", req -> {
            UploadedFile file = req.file("file");
            if (file == null) throw HttpError.badRequest("No file: send one as the multipart field 'file'");
            try (InputStream in = file.inputStream()) {
                return new Received(file.fileName(), file.size(), sha256(in));
            }
        });
    }

    /** The SHA-256 of what {@code in} holds, in hex, read in 64 KiB pieces. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) digest.update(buf, 0, n);
        return HexFormat.of().formatHex(digest.digest());
    }
}
