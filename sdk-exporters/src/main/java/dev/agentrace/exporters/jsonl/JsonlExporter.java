package dev.agentrace.exporters.jsonl;

import dev.agentrace.core.data.SpanData;
import dev.agentrace.core.export.ExportResult;
import dev.agentrace.core.export.SpanExporter;
import dev.agentrace.core.internal.Warnings;
import dev.agentrace.exporters.internal.JsonlRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends spans to a file as JSON Lines: one JSON object per line, one line per span end and (by default)
 * one per span start, so that {@code tail -f} shows a run as it happens and {@code grep}/{@code jq} can
 * answer questions afterwards. The record format is documented in docs/exporters.md.
 *
 * <pre>{@code
 * SpanExporter file = JsonlExporter.create(Path.of("agentrace-traces.jsonl"));
 * SpanExporter rotating = JsonlExporter.builder(Path.of("traces.jsonl")).maxFileBytes(50_000_000).build();
 * }</pre>
 *
 * <p>Guarantees: each batch is encoded completely (every line ends with a newline) before a single
 * append-mode write puts it in the file, so every newline-terminated line is one whole record, even with
 * several exporters writing the same file; the batch is forced to the storage device before
 * {@link #export} returns unless {@link Builder#fsync(boolean)} turns that off. A span that cannot be
 * encoded is left out and reported as rejected; an I/O error fails the batch, and a write the system cut
 * short (disk full) is taken back out of the file. {@link #export} never throws.
 *
 * <p>What no writer can rule out: a process killed in the middle of a write (SIGKILL, power loss) may
 * leave the first part of a line at the end of the file, without its newline; readers should take only
 * newline-terminated lines. An exporter appending to such a file removes that fragment when it is built
 * (and logs it), so the file is whole JSON Lines again from the next batch on.
 *
 * <p>Thread-safe. Exporters in one JVM writing the same file (by any path that normalizes to it) take
 * turns on one lock, and exporters in other processes are ordered by a file lock where the file system
 * has one.
 */
public final class JsonlExporter implements SpanExporter {
  private static final Logger LOG = LoggerFactory.getLogger(JsonlExporter.class);
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

  /** An exporter appending to {@code path} (created with its directories if missing), starts included. */
  public static JsonlExporter create(Path path) {
    return builder(path).build();
  }

  /** A builder for an exporter writing to {@code path}. */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  @SuppressWarnings("try") // the file lock is held for the block, never read
  private JsonlExporter(Builder b) {
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
        StandardOpenOption mode = b.append ? StandardOpenOption.READ : StandardOpenOption.TRUNCATE_EXISTING;
        // Opened to create or empty the file, to prove it can be written, and to repair a torn last line.
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
            FileLock ignored = lockOrNull(ch)) {
          if (b.append) {
            long removed = removeTornTail(ch);
            if (removed > 0) {
              Warnings.warn(LOG, "{} ended in an incomplete line ({} bytes, left by a writer that was killed or ran out of space"
                  + " in the middle of a write); removed it so that the next line is not glued to it.", path, removed);
            }
          }
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
   * and no handle is held between batches. The file lock (one fcntl per batch) orders this write with other
   * processes' exporters on the same file, so that the torn-tail repair at their start never mistakes this
   * write, still in progress, for a torn line.
   */
  @SuppressWarnings("try") // the file lock is held for the block, never read
  private void append(byte[] data) throws IOException {
    synchronized (lock) {
      if (maxFileBytes > 0) {
        rotateIfFull(data.length);
      }
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
          FileLock ignored = lockOrNull(ch)) {
        long before = ch.size();
        ByteBuffer buf = ByteBuffer.wrap(data);
        try {
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        } catch (IOException e) {
          // The kernel cut the write short (disk full, file size limit) and left part of a line: take the batch
          // back, so that every line in the file stays whole; the batch fails as a whole and is counted.
          if (buf.position() > 0 && ch.size() == before + buf.position()) {
            try {
              ch.truncate(before);
            } catch (IOException again) {
              e.addSuppressed(again);
            }
          }
          throw e;
        }
        if (fsync) {
          ch.force(false);
        }
      }
    }
  }

  /**
   * An exclusive lock on the whole file, or null where there is none to be had (a filesystem without locks;
   * this file locked in this JVM under another path). The lock only orders writes with other processes';
   * appends from this JVM are whole without it.
   */
  private static FileLock lockOrNull(FileChannel ch) {
    try {
      return ch.lock();
    } catch (IOException | OverlappingFileLockException e) {
      return null;
    }
  }

  /**
   * Truncates the file after its last newline; returns how many bytes that removed. A single write per batch
   * cannot rule the tail out: Linux stops copying a write between pages when the process gets SIGKILL, so a
   * writer killed mid-write leaves the first part of a line, and the next line appended would be glued to it.
   */
  private static long removeTornTail(FileChannel ch) throws IOException {
    long size = ch.size();
    long end = size;
    ByteBuffer chunk = ByteBuffer.allocate(8192);
    while (end > 0) {
      long start = Math.max(0, end - chunk.capacity());
      chunk.clear().limit((int) (end - start));
      while (chunk.hasRemaining()) {
        if (ch.read(chunk, start + chunk.position()) < 0) {
          throw new IOException("file shrank while reading its tail");
        }
      }
      for (int i = chunk.limit() - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          long keep = start + i + 1;
          if (keep < size) {
            ch.truncate(keep);
          }
          return size - keep;
        }
      }
      end = start;
    }
    ch.truncate(0);
    return size;
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

  /** Configures a {@link JsonlExporter}. Not thread-safe; bad values throw {@link IllegalArgumentException}. */
  public static final class Builder {
    final Path path;
    long maxFileBytes;
    int maxFiles = 5;
    boolean includeStarts = true;
    boolean append = true;
    boolean fsync = true;

    Builder(Path path) {
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * Rotates the file when a batch would make it larger than {@code bytes}: the file becomes
     * {@code <name>.1}, an older {@code .1} becomes {@code .2}, and so on up to {@link #maxFiles}. A batch
     * is never split across files, so one larger than the limit gets a file of its own. 0 (the default)
     * never rotates.
     */
    public Builder maxFileBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxFileBytes must be >= 0 (0 = no rotation), got " + bytes);
      }
      this.maxFileBytes = bytes;
      return this;
    }

    /** How many rotated files to keep besides the current one (default 5); older ones are deleted. */
    public Builder maxFiles(int files) {
      if (files < 1) {
        throw new IllegalArgumentException("maxFiles must be >= 1, got " + files);
      }
      this.maxFiles = files;
      return this;
    }

    /** Whether span starts are written too ({@code "event":"start"} records; default true). */
    public Builder includeStarts(boolean include) {
      this.includeStarts = include;
      return this;
    }

    /** Whether to keep what the file already holds (default true) or empty it when the exporter is built. */
    public Builder append(boolean append) {
      this.append = append;
      return this;
    }

    /**
     * Whether each batch is forced to the storage device before the export returns (default true). Off,
     * a batch is still in the file for every reader at once, but an operating-system crash or power loss
     * can lose the last batches.
     */
    public Builder fsync(boolean fsync) {
      this.fsync = fsync;
      return this;
    }

    /**
     * Builds the exporter, creating the file (and its directories) now so that a path that cannot be
     * written fails here.
     *
     * @throws IllegalArgumentException if the file cannot be created or opened; the message names it
     */
    public JsonlExporter build() {
      return new JsonlExporter(this);
    }
  }
}
