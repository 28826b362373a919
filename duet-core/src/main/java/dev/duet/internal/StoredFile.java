package dev.duet.internal;

import dev.duet.UploadedFile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An uploaded file as the parser stores it: in memory while it fits both its own threshold and
 * the form's memory budget, then in a temp file of its own (created by
 * {@link Files#createTempFile}, so with a random name and, on POSIX, readable by the owner only).
 * Written by the parsing thread only; once complete, read from any thread.
 */
public final class StoredFile implements UploadedFile {

    private final String name;
    private final String fileName;
    private final String contentType;
    private final Path dir;
    private final int threshold;
    private final long bytesLimit;
    private final AtomicLong memoryBudget;
    private final Supplier<ByteBuffer> writeBuffer;

    private byte[] memory = new byte[0];
    private int memoryLength;
    private long size;
    private FileChannel channel;
    /** Bytes on their way to the temp file: written in large pieces, since each write may block a carrier thread. */
    private ByteBuffer pending;
    /** The temp file, ours to delete; null once moved, deleted, or never needed. */
    private Path temp;
    /** Where the file's bytes are on disk (the temp file, or where it was moved), or null if in memory. */
    private Path location;

    /**
     * A file for field {@code name}, kept in memory up to {@code threshold} bytes while
     * {@code memoryBudget} (shared by the form) allows, else written to a temp file in {@code dir};
     * {@link #bytes()} refuses above {@code bytesLimit}. Writes to disk go through
     * {@code writeBuffer}'s buffer, cleared first; the files of one form are written one at a time
     * and may share it.
     */
    public StoredFile(PartHeaders headers, Path dir, int threshold, long bytesLimit, AtomicLong memoryBudget,
                      Supplier<ByteBuffer> writeBuffer) {
        this.name = headers.name();
        this.fileName = headers.displayFileName();
        this.contentType = headers.contentType() != null ? headers.contentType() : "application/octet-stream";
        this.dir = dir;
        this.threshold = threshold;
        this.bytesLimit = bytesLimit;
        this.memoryBudget = memoryBudget;
        this.writeBuffer = writeBuffer;
    }

    /** Appends content, moving to a temp file when memory would overflow. */
    public void write(byte[] b, int off, int len) throws IOException {
        size += len;
        if (channel == null && memoryLength + len <= threshold && memoryBudget.addAndGet(-len) >= 0) {
            if (memoryLength + len > memory.length) {
                memory = Arrays.copyOf(memory, Math.min(threshold, Math.max(memoryLength + len, memory.length * 2 + 1024)));
            }
            System.arraycopy(b, off, memory, memoryLength, len);
            memoryLength += len;
            return;
        }
        if (channel == null) spill(len);
        while (len > 0) {
            int n = Math.min(len, pending.remaining());
            pending.put(b, off, n);
            off += n;
            len -= n;
            if (!pending.hasRemaining()) flush();
        }
    }

    private void flush() throws IOException {
        pending.flip();
        while (pending.hasRemaining()) channel.write(pending);
        pending.clear();
    }

    private void spill(int refused) throws IOException {
        memoryBudget.addAndGet((long) memoryLength + (memoryLength + refused <= threshold ? refused : 0));
        Files.createDirectories(dir);
        synchronized (this) {
            temp = Files.createTempFile(dir, "duet-upload-", ".part");
            location = temp;
        }
        channel = FileChannel.open(temp, StandardOpenOption.WRITE);
        pending = writeBuffer.get().clear();
        if (memoryLength <= pending.remaining()) {
            pending.put(memory, 0, memoryLength);
        } else {
            ByteBuffer kept = ByteBuffer.wrap(memory, 0, memoryLength);
            while (kept.hasRemaining()) channel.write(kept);
        }
        memory = null;
        memoryLength = 0;
    }

    /** All content is written: the temp file, if any, is closed. */
    public void complete() throws IOException {
        if (channel != null) {
            flush();
            channel.close();
            channel = null;
            pending = null;
        }
        if (memory != null && memory.length != memoryLength) memory = Arrays.copyOf(memory, memoryLength);
    }

    /** Deletes the temp file unless it was moved; safe to call more than once, from any thread. */
    public void delete() {
        Path doomed;
        synchronized (this) {
            doomed = temp;
            temp = null;
        }
        if (doomed == null) return;
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // deleting is what matters
        }
        try {
            Files.deleteIfExists(doomed);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(StoredFile.class).warn("Could not delete the upload temp file {}", doomed, e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized boolean inMemory() {
        return location == null;
    }

    @Override
    public InputStream inputStream() throws IOException {
        Path at = onDisk();
        return at == null ? new ByteArrayInputStream(memory) : Files.newInputStream(at);
    }

    @Override
    public byte[] bytes() throws IOException {
        Path at = onDisk();
        if (at == null) return memory.clone();
        if (size > bytesLimit) {
            throw new IllegalStateException("UploadedFile.bytes(): the file of field '" + name + "' is " + size
                    + " bytes, over the limit of " + bytesLimit + " bytes read into memory (maxBodySize);"
                    + " read it with inputStream() or moveTo()");
        }
        return Files.readAllBytes(at);
    }

    @Override
    public synchronized void moveTo(Path target) throws IOException {
        if (location == null) {
            Files.write(target, memory);
            return;
        }
        try {
            Files.move(location, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) { // another file system: a copy, then the temp file is deleted
            Files.move(location, target, StandardCopyOption.REPLACE_EXISTING);
        }
        location = target;
        temp = null;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        Path at = onDisk();
        if (at == null) {
            out.write(memory);
            return memory.length;
        }
        return Files.copy(at, out);
    }

    private synchronized Path onDisk() {
        if (channel != null) throw new IllegalStateException("the file of field '" + name + "' is still being received");
        return location;
    }

    @Override
    public String toString() {
        return "UploadedFile[" + name + ": '" + fileName + "', " + contentType + ", " + size + " bytes]";
    }
}
