package dev.agentrace.exporters.jsonl;

import dev.agentrace.core.export.SpanExporter;
import java.nio.file.Path;
import java.util.Objects;

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
 * <p>Thread-safe.
 */
public interface JsonlExporter extends SpanExporter {

  /** An exporter appending to {@code path} (created with its directories if missing), starts included. */
  static JsonlExporter create(Path path) {
    return builder(path).build();
  }

  /** A builder for an exporter writing to {@code path}. */
  static Builder builder(Path path) {
    return new Builder(path);
  }

  /** Configures a {@link JsonlExporter}. Not thread-safe; bad values throw {@link IllegalArgumentException}. */
  final class Builder {
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
      return new FileJsonlExporter(this);
    }
  }
}
