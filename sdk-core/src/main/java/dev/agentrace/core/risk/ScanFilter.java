package dev.agentrace.core.risk;

import static dev.agentrace.core.risk.ScanBuffer.isWordChar;

/**
 * The scan's pre-filter: finds the next position where a detector can start, so that {@link RiskScanner}
 * passes over clean text without calling one. Each position is judged by its character, the one after it
 * and the one before it, against what the detectors need at their start:
 *
 * <ul>
 *   <li>at a word start (a word character after a non-word character), the first two characters of a value:
 *       a digit then a digit, or "1" then a separator (cards, phone numbers); the {@link
 *       CredentialDetectors#keyPrefixes() key prefixes}; {@code AK}/{@code AS} (AWS key ids); {@code ey}
 *       (JWTs); {@code Bearer} in any case; two capitals (IBANs);
 *   <li>{@code :} or {@code =} after a letter that can end a secret-like name (y, t, n), a space or a quote;
 *   <li>{@code @} (e-mail), {@code --} (PEM), {@code (} or {@code +} before a digit (phone numbers).
 * </ul>
 *
 * <p>Each detector rejects anything else at those characters, so the filter changes what runs, never what is
 * found (ScanFilterTest compares it with the walk that tries every position). The detectors read ASCII
 * only: any other character counts as DEL (0x7F), which is no word character and starts nothing.
 *
 * <p>Why tables: in prose a word ends every few characters, and a loop that branches on the class of each
 * character mispredicts at each word's end. Here each position costs two table reads and one branch taken
 * only at a candidate, and no state carries from one position to the next.
 *
 * <p>Immutable tables: thread-safe.
 */
final class ScanFilter {
  // A position is a candidate if TABLE[its character * 128 + the next] & AFTER[the character before] != 0
  // (0 stands for "none" at either end, as ScanBuffer.at reads it). Bits:
  /** A detector may start at the character whatever precedes it. */
  private static final int TRIGGER = 1;
  /** A word starting with the two characters may be a value: needs a non-word character before. */
  private static final int START = 2;
  /** The character is ':' or '=': needs one before that may end a secret-like name. */
  private static final int ASSIGN = 4;
  private static final byte[] TABLE = new byte[128 * 128];
  /** What the character before allows: always TRIGGER; START after a non-word character; ASSIGN after a name's end. */
  private static final byte[] AFTER = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      // A value starts at a word start only; SecretNameDetectors' names end in key, secret or token, and
      // assignment skips spaces and a quote between the name and the ':' or '='.
      AFTER[c] = (byte) (TRIGGER | (isWordChar(c) ? 0 : START) | ("ytnYTN \"'".indexOf(c) >= 0 ? ASSIGN : 0));
    }
    for (char d = 0; d < 128; d++) {
      mark(':', d, ASSIGN); // SecretNameDetectors.assignment
      mark('=', d, ASSIGN);
      mark('@', d, TRIGGER); // ContactDetectors.email
    }
    mark('-', '-', TRIGGER); // CredentialDetectors.privateKey: -----BEGIN
    for (char d = '0'; d <= '9'; d++) {
      mark('(', d, TRIGGER); // ContactDetectors.northAmericanPhone: (415) 555-2671
      mark('+', d, TRIGGER); // ContactDetectors.internationalPhone
      for (char e = '0'; e <= '9'; e++) {
        mark(d, e, START); // PaymentDetectors.card and ContactDetectors.northAmericanPhone need 3+ digits ...
      }
    }
    for (char separator : "-. ".toCharArray()) {
      mark('1', separator, START); // ... or "1" and a separator: 1-800-555-0199
    }
    for (String prefix : CredentialDetectors.keyPrefixes()) {
      mark(prefix.charAt(0), prefix.charAt(1), START); // CredentialDetectors.prefixedKey
    }
    mark('A', 'K', START); // CredentialDetectors.awsKeyId: AKIA...
    mark('A', 'S', START); // ... and ASIA...
    mark('e', 'y', START); // CredentialDetectors.jwt: eyJ...
    for (char b : "bB".toCharArray()) {
      for (char e : "eE".toCharArray()) {
        mark(b, e, START); // CredentialDetectors.bearer: "bearer" in any case
      }
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      for (char d = 'A'; d <= 'Z'; d++) {
        mark(c, d, START); // PaymentDetectors.iban: a country code
      }
    }
  }

  private static void mark(char first, char second, int bit) {
    TABLE[first * 128 + second] |= (byte) bit;
  }

  private ScanFilter() {}

  /** {@code c} as a table index: ASCII as it is, anything else as DEL. */
  private static int ascii(char c) {
    return Math.min(c, 127);
  }

  /**
   * The first candidate position in [{@code from}, {@code hi}) of {@code b}, or {@code hi} if there is none;
   * {@code b[from - 1]}, if any, is read to know what precedes {@code from}.
   */
  static int nextCandidate(char[] b, int from, int hi) {
    int k = from;
    if (k >= hi) {
      return hi;
    }
    if (k == 0 && candidate((char) 0, b[0], hi > 1 ? b[1] : 0)) {
      return 0;
    }
    // No state carries from one position to the next (each reads its own neighbours), so the loop pipelines.
    for (k = Math.max(k, 1); k < hi - 1; k++) {
      if ((TABLE[ascii(b[k]) << 7 | ascii(b[k + 1])] & AFTER[ascii(b[k - 1])]) != 0) {
        return k;
      }
    }
    return k == hi - 1 && candidate(b[k - 1], b[k], (char) 0) ? k : hi;
  }

  private static boolean candidate(char before, char c, char next) {
    return (TABLE[ascii(c) << 7 | ascii(next)] & AFTER[ascii(before)]) != 0;
  }
}
