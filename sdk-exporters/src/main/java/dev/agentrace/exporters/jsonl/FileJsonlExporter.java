package dev.agentrace.exporters.jsonl;

import dev.agentrace.core.ExportResult;
import dev.agentrace.core.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The JSON Lines file exporter; see {@link JsonlExporter}. */
final class FileJsonlExporter implements JsonlExporter {
  /**
   * One lock per file across the JVM, so that exporters sharing a file never interleave a rotation with
   * a write. Append-mode writes are atomic on their own; the lock is for the rename dance.
   */
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path path;
  private final Object lock;
  private final long maxFileBytes;
  private final int maxFiles;
  private final boolean includeStarts;
  private final boolean fsync;
  private volatile boolean shutdown;

  FileJsonlExporter(JsonlExporter.Builder b) {
    this.path = b.path.toAbsolutePath().normalize();
    this.lock = LOCKS.computeIfAbsent(path, p -> new Object());
    this.maxFileBytes = b.maxFileBytes;
    this.maxFiles = b.maxFiles;
    this.includeStarts = b.includeStarts;
    this.fsync = b.fsync;
    synchronized (lock) {
      try {
        Path dir = path.getParent();
        if (dir != null) {
          Files.createDirectories(dir);
        }
        StandardOpenOption mode = b.append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (FileChannel ignored = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
          // Opened only to create or empty the file, and to prove it can be written.
        }
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot open JSONL file " + path + ": " + e, e);
      }
    }
  }

  @Override
  public boolean exportsStarts() {
    return includeStarts;
  }

  @Override
  public ExportResult export(List<SpanData> batch) {
    if (shutdown) {
      return ExportResult.failure("JsonlExporter(" + path + ") is shut down");
    }
    if (batch == null || batch.isEmpty()) {
      return ExportResult.success();
    }
    ByteArrayOutputStream lines = new ByteArrayOutputStream(512 * batch.size());
    int rejected = 0;
    String firstError = null;
    for (SpanData span : batch) {
      if (span != null && !span.ended() && !includeStarts) {
        continue;
      }
      try {
        // Each line is encoded on its own: one that fails leaves no partial bytes behind.
        lines.writeBytes(JsonlRecord.line(span));
      } catch (RuntimeException e) {
        rejected++;
        if (firstError == null) {
          firstError = e.toString();
        }
      }
    }
    if (lines.size() > 0) {
      try {
        append(lines.toByteArray());
      } catch (IOException | RuntimeException e) {
        return ExportResult.failure("writing to " + path + " failed: " + e, e);
      }
    }
    return rejected == 0
        ? ExportResult.success()
        : ExportResult.partialSuccess(rejected, rejected + " spans could not be encoded, first: " + firstError);
  }

  /**
   * Opens, appends with one write, forces and closes. Opening per batch (a few microseconds, at most a few
   * times a second) means a file renamed by logrotate or another exporter's rotation is simply recreated,
   * and no handle is held between batches.
   */
  private void append(byte[] data) throws IOException {
    synchronized (lock) {
      if (maxFileBytes > 0) {
        rotateIfFull(data.length);
      }
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (fsync) {
          ch.force(false);
        }
      }
    }
  }

  private void rotateIfFull(int incoming) throws IOException {
    long current = Files.exists(path) ? Files.size(path) : 0;
    if (current == 0 || current + incoming <= maxFileBytes) {
      return;
    }
    Files.deleteIfExists(rotated(maxFiles));
    for (int i = maxFiles - 1; i >= 1; i--) {
      Path from = rotated(i);
      if (Files.exists(from)) {
        Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
  }

  private Path rotated(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public String toString() {
    return "JsonlExporter{" + path + (maxFileBytes > 0 ? ", rotate at " + maxFileBytes + " bytes" : "") + "}";
  }
}
