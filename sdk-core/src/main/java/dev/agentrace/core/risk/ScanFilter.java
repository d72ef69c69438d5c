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
 * character mispredicts at each word's end. Here each position costs three small table reads and one branch
 * taken only at a candidate, and no state carries from one position to the next.
 *
 * <p>Immutable tables: thread-safe.
 */
final class ScanFilter {
  // A position is a candidate if CHAR[its character] & NEXT[the next] & BEFORE[the one before] != 0 (0
  // stands for "none" at either end, as ScanBuffer.at reads it). Each bit is one rule: a set of characters,
  // a set that may follow, and a set that may precede. Three 128-entry tables stay in the L1 cache beside
  // the text, where one table indexed by a pair (16 KB) did not.
  private static final int[] CHAR = new int[128];
  private static final int[] NEXT = new int[128];
  private static final int[] BEFORE = new int[128];

  static {
    String all = allAscii();
    String digits = "0123456789";
    String capitals = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    StringBuilder notWord = new StringBuilder();
    for (char c = 0; c < 128; c++) {
      if (!isWordChar(c)) {
        notWord.append(c);
      }
    }
    String wordStart = notWord.toString();
    int bit = 1;
    // At a word start, the first two characters of a value:
    bit = rule(bit, digits, digits, wordStart); // PaymentDetectors.card, ContactDetectors.northAmericanPhone: 3+ digits
    bit = rule(bit, "1", "-. ", wordStart); // ... or 1 and a separator: 1-800-555-0199
    bit = rule(bit, capitals, capitals, wordStart); // PaymentDetectors.iban; awsKeyId (AKIA, ASIA); AIza...
    bit = rule(bit, "e", "y", wordStart); // CredentialDetectors.jwt: eyJ...
    bit = rule(bit, "bB", "eE", wordStart); // CredentialDetectors.bearer: "bearer" in any case
    StringBuilder firsts = new StringBuilder();
    for (String prefix : CredentialDetectors.keyPrefixes()) {
      if (firsts.indexOf(prefix.substring(0, 1)) < 0) {
        firsts.append(prefix.charAt(0));
      }
    }
    for (int f = 0; f < firsts.length(); f++) {
      char first = firsts.charAt(f);
      StringBuilder seconds = new StringBuilder();
      for (String prefix : CredentialDetectors.keyPrefixes()) {
        if (prefix.charAt(0) == first) {
          seconds.append(prefix.charAt(1));
        }
      }
      bit = rule(bit, String.valueOf(first), seconds.toString(), wordStart); // CredentialDetectors.prefixedKey
    }
    // Wherever they are:
    bit = rule(bit, "@", all, all); // ContactDetectors.email
    bit = rule(bit, "-", "-", all); // CredentialDetectors.privateKey: -----BEGIN
    bit = rule(bit, "(+", digits, all); // northAmericanPhone (415) 555-2671, internationalPhone +44 ...
    // SecretNameDetectors.assignment: its names end in key, secret or token, and it skips spaces and a quote
    // between the name and the ':' or '='.
    rule(bit, ":=", all, "ytnYTN \"'");
  }

  private static String allAscii() {
    StringBuilder out = new StringBuilder();
    for (char c = 0; c < 128; c++) {
      out.append(c);
    }
    return out.toString();
  }

  /** Sets {@code bit} for {@code chars}, {@code next} and {@code before}; returns the next free bit. */
  private static int rule(int bit, String chars, String next, String before) {
    if (bit == 0) {
      throw new IllegalStateException("more than 32 scan filter rules");
    }
    for (int k = 0; k < chars.length(); k++) {
      CHAR[chars.charAt(k)] |= bit;
    }
    for (int k = 0; k < next.length(); k++) {
      NEXT[next.charAt(k)] |= bit;
    }
    for (int k = 0; k < before.length(); k++) {
      BEFORE[before.charAt(k)] |= bit;
    }
    return bit << 1;
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
    // Only the characters move from one position to the next (each is read once); the verdict of one
    // position does not depend on the one before, so the loop pipelines.
    k = Math.max(k, 1);
    if (k < hi - 1) {
      int before = BEFORE[ascii(b[k - 1])];
      int here = ascii(b[k]);
      for (; k < hi - 1; k++) {
        int next = ascii(b[k + 1]);
        if ((CHAR[here] & NEXT[next] & before) != 0) {
          return k;
        }
        before = BEFORE[here];
        here = next;
      }
    }
    return k == hi - 1 && candidate(b[k - 1], b[k], (char) 0) ? k : hi;
  }

  private static boolean candidate(char before, char c, char next) {
    return (CHAR[ascii(c)] & NEXT[ascii(next)] & BEFORE[ascii(before)]) != 0;
  }
}
