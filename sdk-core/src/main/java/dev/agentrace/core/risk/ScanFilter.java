package dev.agentrace.core.risk;

import static dev.agentrace.core.risk.ScanBuffer.isDigit;
import static dev.agentrace.core.risk.ScanBuffer.isWordChar;

/**
 * The scan's pre-filter: which characters can start a detector, so that {@link RiskScanner} passes over
 * clean text without calling one. Clean chat is mostly spaces, punctuation and words; a word is tried only
 * when it starts with a digit (a card or phone number) or with one of the letter pairs a value can start
 * with, and every other word is skipped whole (nothing starts inside a word: a word start needs a
 * non-word character before it).
 *
 * <p>The pairs are the first two characters of what {@link RiskScanner}'s word start tries for a letter:
 * the {@link CredentialDetectors#keyPrefixes() key prefixes}, AWS key ids ({@code AK}, {@code AS}), JWTs
 * ({@code ey}), {@code Bearer} in any case, and IBANs (two capitals). Each of those detectors rejects
 * anything else at its first two characters, so the filter changes what runs, never what is found.
 * The detectors read ASCII only: any other character is {@link #ORDINARY} (it ends a word, it starts none).
 *
 * <p>Immutable tables: thread-safe.
 */
final class ScanFilter {
  /** Space, most punctuation, non-ASCII: nothing starts here. */
  static final int ORDINARY = 0;
  /** {@code @ - : = ( +}: a detector may start here (for '(' and '+', after a non-word character). */
  static final int TRIGGER = 1;
  /** A word character ({@link ScanBuffer#isWordChar}) no value starts with: '_'. */
  static final int WORD = 2;
  /** A digit: a word starting with it may be a card or a phone number. */
  static final int DIGIT = 3;
  /** A letter: a word starting with it may be a value if its first two characters are a {@link #pairMayStart pair}. */
  static final int LETTER = 4;

  private static final byte[] CLASS = new byte[128];
  /** Bit (first * 128 + second) set: a value may start with these two characters. */
  private static final long[] PAIRS = new long[128 * 128 / 64];

  static {
    for (char c = 0; c < 128; c++) {
      if (isDigit(c)) {
        CLASS[c] = DIGIT;
      } else if (ScanBuffer.isLetter(c)) {
        CLASS[c] = LETTER;
      } else if (isWordChar(c)) {
        CLASS[c] = WORD;
      } else if ("@-:=(+".indexOf(c) >= 0) {
        CLASS[c] = TRIGGER;
      }
    }
    for (String prefix : CredentialDetectors.keyPrefixes()) {
      pair(prefix.charAt(0), prefix.charAt(1)); // CredentialDetectors.prefixedKey
    }
    pair('A', 'K'); // CredentialDetectors.awsKeyId: AKIA...
    pair('A', 'S'); // ... and ASIA...
    pair('e', 'y'); // CredentialDetectors.jwt: eyJ...
    for (char b : "bB".toCharArray()) {
      for (char e : "eE".toCharArray()) {
        pair(b, e); // CredentialDetectors.bearer: "bearer" in any case
      }
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      for (char d = 'A'; d <= 'Z'; d++) {
        pair(c, d); // PaymentDetectors.iban: a country code
      }
    }
  }

  private static void pair(char first, char second) {
    int bit = first * 128 + second;
    PAIRS[bit >> 6] |= 1L << bit;
  }

  private ScanFilter() {}

  /** The class of {@code c}: {@link #ORDINARY}, {@link #TRIGGER}, {@link #WORD}, {@link #DIGIT} or {@link #LETTER}. */
  static int classOf(char c) {
    return c < 128 ? CLASS[c] : ORDINARY;
  }

  /** Whether a character of class {@code cls} is a word character. */
  static boolean isWord(int cls) {
    return cls >= WORD;
  }

  /** Whether a word starting with the letter {@code first} then {@code second} (0 at the end) may be a value. */
  static boolean pairMayStart(char first, char second) {
    if (second >= 128) {
      return false;
    }
    int bit = first * 128 + second;
    return (PAIRS[bit >> 6] & (1L << bit)) != 0;
  }
}
