package dev.agentrace.core.risk;

import static dev.agentrace.core.risk.ScanBuffer.isDigit;
import static dev.agentrace.core.risk.ScanBuffer.isLetter;
import static dev.agentrace.core.risk.ScanBuffer.isUpper;
import static dev.agentrace.core.risk.ScanBuffer.isWordChar;

import dev.agentrace.api.internal.Hex;
import dev.agentrace.core.internal.JsonText;

/**
 * Finds {@link DataCategory data categories} in JSON payload text and in plain strings, and replaces the
 * ones the redaction policy names with {@link Redaction#marker}.
 *
 * <p>Design: one forward pass. JSON text is walked token by token; each string (property names too) is
 * copied into a reused buffer, decoded if it has escapes, and scanned there, so a value right after
 * {@code \n} or inside a JSON document nested as a string is seen as a reader would see it (a string's
 * end is found with {@code String.indexOf} when no backslash comes before it). Within a string, detectors
 * run only where a value can start (a word start, an {@code @}, a {@code -----}, a {@code :} or {@code =}
 * after a secret-like name), which {@link ScanFilter} finds from each character and its neighbours with one
 * table read, so clean text costs no detector call; each detector consumes a bounded stretch, so the cost is
 * linear in the text and no input can make it backtrack. A string that holds a redacted value is re-encoded whole; all
 * other text is copied untouched, so the result stays valid JSON. Bare JSON numbers are checked for
 * card numbers only, and a redacted one becomes a JSON string.
 *
 * <p>This class is the walk: the JSON and text traversal, the choice of where a detector may start, and the
 * assembly of the redacted text from the findings. The detectors are grouped by family ({@link
 * ContactDetectors}, {@link PaymentDetectors}, {@link CredentialDetectors}, {@link SecretNameDetectors})
 * and record what they find in the shared {@link ScanBuffer}.
 *
 * <p>Not thread-safe: one instance per export worker (it reuses its buffers).
 */
final class RiskScanner {
  private static final DataCategory[] CATEGORIES = DataCategory.values();
  /**
   * The shortest text any detector finds something in: an e-mail address such as {@code a@b.cd} (a value under
   * a secret name needs 8 characters, a phone number 9, anything else more).
   */
  static final int SHORTEST_VALUE = 6;

  private final int redactMask;
  private final boolean prefiltered;
  private final StringBuilder rewritten = new StringBuilder();
  private final ScanBuffer buf = new ScanBuffer();
  private final ContactDetectors contacts = new ContactDetectors(buf);
  private final PaymentDetectors payments = new PaymentDetectors(buf);
  private final CredentialDetectors credentials = new CredentialDetectors(buf);
  private final SecretNameDetectors secretNames = new SecretNameDetectors(buf);

  /** Categories found since {@link #reset()}, bit i = ordinal i. */
  int detected;
  /** Whether anything was replaced since {@link #reset()}. */
  boolean redacted;

  /** {@code redactMask}: bit i set = redact the category with ordinal i. */
  RiskScanner(int redactMask) {
    this(redactMask, true);
  }

  /**
   * {@code prefiltered} false: every position is offered to the detectors, as before {@link ScanFilter}
   * existed; tests compare the two to show the filter never changes what is found.
   */
  RiskScanner(int redactMask, boolean prefiltered) {
    this.redactMask = redactMask;
    this.prefiltered = prefiltered;
  }

  void reset() {
    detected = 0;
    redacted = false;
  }

  // ---------------------------------------------------------------- entry points

  /** Scans JSON text; returns it with redacted values replaced, or the same instance if nothing was replaced. */
  String json(String j) {
    StringBuilder out = null;
    int copied = 0;
    int nameFrom = -1;
    int nameTo = -1;
    int n = j.length();
    // The first backslash at or after the current string's start; -1 once there are no more.
    int backslash = j.indexOf('\\');
    int i = 0;
    while (i < n) {
      char c = j.charAt(i);
      if (c == '"') {
        int start = i + 1;
        // The closing quote by String.indexOf (vectorised), unless a backslash comes first: then the
        // string has escapes and is walked character by character from that backslash.
        if (backslash >= 0 && backslash < start) {
          backslash = j.indexOf('\\', start);
        }
        int k = j.indexOf('"', start);
        if (k < 0) {
          k = n;
        }
        boolean escaped = backslash >= 0 && backslash < k;
        if (escaped) {
          k = backslash;
          while (k < n) {
            char d = j.charAt(k);
            if (d == '"') {
              break;
            }
            k += d == '\\' ? 2 : 1;
          }
        }
        int end = Math.min(k, n);
        int after = Math.min(end + 1, n);
        boolean isName = nextNonSpace(j, after) == ':';
        String replacement = scanString(j, start, end, escaped, isName ? -1 : nameFrom, nameTo);
        if (replacement != null) {
          if (out == null) {
            out = new StringBuilder(n + 32);
          }
          out.append(j, copied, i);
          JsonText.appendQuoted(out, replacement);
          copied = after;
        }
        nameFrom = isName ? start : -1;
        nameTo = end;
        i = after;
      } else if (c == '-' || isDigit(c)) {
        int k = i + 1;
        while (k < n && isNumberChar(j.charAt(k))) {
          k++;
        }
        if (bareCard(j, i, k)) {
          if (out == null) {
            out = new StringBuilder(n + 32);
          }
          out.append(j, copied, i);
          JsonText.appendQuoted(out, Redaction.marker(DataCategory.CREDIT_CARD));
          copied = k;
        }
        nameFrom = -1;
        i = k;
      } else {
        if (c != ':' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          nameFrom = -1;
        }
        i++;
      }
    }
    if (out == null) {
      return j;
    }
    out.append(j, copied, n);
    return out.toString();
  }

  /**
   * Scans a plain string (an attribute value, a status message); {@code fieldName} (may be null) is its
   * key, so a value under a secret-named key counts as one. Returns the redacted string or the same instance.
   */
  String text(String value, String fieldName) {
    load(value, 0, value.length(), false);
    if (fieldName != null) {
      secretNames.contextValue(fieldName, 0, fieldName.length());
    }
    scan();
    String redactedValue = buf.findings() == 0 ? null : finish();
    return redactedValue == null ? value : redactedValue;
  }

  // ---------------------------------------------------------------- JSON helpers

  /** Scans one JSON string's content [start, end) of {@code j}; returns the new content or null if unchanged. */
  private String scanString(String j, int start, int end, boolean escaped, int nameFrom, int nameTo) {
    if (prefiltered && end - start < SHORTEST_VALUE) {
      return null; // "role", "user", "id": most strings of a chat request (decoding only shortens them)
    }
    load(j, start, end, escaped);
    if (nameFrom >= 0) {
      secretNames.contextValue(j, nameFrom, nameTo);
    }
    scan();
    return buf.findings() == 0 ? null : finish();
  }

  /**
   * Puts [start, end) of {@code text} into the scan buffer, decoding JSON escapes if {@code escaped}, with no
   * findings yet.
   */
  private void load(String text, int start, int end, boolean escaped) {
    int len = end - start;
    char[] b = buf.reset(len);
    if (escaped) {
      buf.length(decode(text, start, end, b));
    } else {
      text.getChars(start, end, b, 0);
      buf.length(len);
    }
  }

  /** A bare JSON number that is a card number; records it and says whether to redact it. */
  private boolean bareCard(String j, int from, int to) {
    int len = to - from;
    if (len < 13 || len > 19) {
      return false;
    }
    for (int k = from; k < to; k++) {
      if (!isDigit(j.charAt(k))) {
        return false;
      }
    }
    load(j, from, to, false);
    if (payments.card(0) != buf.length()) {
      return false;
    }
    detected |= 1 << DataCategory.CREDIT_CARD.ordinal();
    if (redacts(DataCategory.CREDIT_CARD.ordinal())) {
      redacted = true;
      return true;
    }
    return false;
  }

  /** Decodes the JSON string content [start, end) of {@code j} into {@code out}; returns its length. */
  private static int decode(String j, int start, int end, char[] out) {
    int n = 0;
    for (int k = start; k < end; k++) {
      char c = j.charAt(k);
      if (c != '\\' || k + 1 >= end) {
        out[n++] = c;
        continue;
      }
      char e = j.charAt(++k);
      out[n++] = switch (e) {
        case 'n' -> '\n';
        case 't' -> '\t';
        case 'r' -> '\r';
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'u' -> {
          int cp = k + 4 < end ? parseHex4(j, k + 1) : -1;
          if (cp < 0) {
            yield 'u';
          }
          k += 4;
          yield (char) cp;
        }
        default -> e; // \" \\ \/ and, tolerantly, anything else
      };
    }
    return n;
  }

  private static int parseHex4(String j, int at) {
    int v = 0;
    for (int k = at; k < at + 4; k++) {
      int d = Hex.digitIgnoreCase(j.charAt(k));
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static char nextNonSpace(String j, int from) {
    for (int k = from; k < j.length(); k++) {
      char c = j.charAt(k);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return c;
      }
    }
    return 0;
  }

  private static boolean isNumberChar(char c) {
    return isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
  }

  // ---------------------------------------------------------------- redaction

  private boolean redacts(int ordinal) {
    return (redactMask & (1 << ordinal)) != 0;
  }

  /** Records the findings in the buffer; returns its redacted content, or null if nothing is redacted. */
  private String finish() {
    ScanBuffer t = buf;
    int count = t.findings();
    boolean any = false;
    for (int f = 0; f < count; f++) {
      detected |= 1 << t.category(f);
      any |= redacts(t.category(f));
    }
    if (!any) {
      return null;
    }
    t.sortByStart();
    StringBuilder out = rewritten;
    out.setLength(0);
    char[] b = t.chars();
    int at = 0;
    for (int f = 0; f < count; f++) {
      if (!redacts(t.category(f)) || t.end(f) <= at) {
        continue;
      }
      int cut = Math.max(t.start(f), at);
      out.append(b, at, cut - at);
      if (cut == t.start(f)) {
        out.append(Redaction.marker(CATEGORIES[t.category(f)]));
      }
      at = t.end(f);
    }
    out.append(b, at, t.length() - at);
    redacted = true;
    return out.toString();
  }

  // ---------------------------------------------------------------- where detectors start

  private void scan() {
    if (prefiltered) {
      scanFiltered();
    } else {
      scanEveryPosition();
    }
  }

  /** The reference walk the filter must agree with: every position, every word start, is tried. */
  private void scanEveryPosition() {
    char[] b = buf.chars();
    int hi = buf.length();
    int i = 0;
    while (i < hi) {
      char c = b[i];
      int end = -1;
      if (c == '@') {
        end = contacts.email(i);
      } else if (c == '-') {
        if (buf.at(i + 1) == '-') {
          end = credentials.privateKey(i);
        }
      } else if (c == ':' || c == '=') {
        end = secretNames.assignment(i);
      } else if (!isWordChar(buf.at(i - 1))) {
        end = atWordStart(i, c);
      }
      i = end > i ? end : i + 1;
    }
  }

  /** The walk with {@link ScanFilter}: detectors run only at the candidates it finds. */
  private void scanFiltered() {
    // The buffer is not reloaded while a string is scanned, so its array and length can be held here.
    char[] b = buf.chars();
    int hi = buf.length();
    int i = ScanFilter.nextCandidate(b, 0, hi);
    while (i < hi) {
      char c = b[i];
      int end = -1;
      if (c == '@') {
        end = contacts.email(i);
      } else if (c == '-') {
        if (buf.at(i + 1) == '-') {
          end = credentials.privateKey(i);
        }
      } else if (c == ':' || c == '=') {
        end = secretNames.assignment(i);
      } else if (isWordChar(c) || !isWordChar(buf.at(i - 1))) {
        end = atWordStart(i, c); // a word start the filter let through, or '(' or '+' after a non-word character
      }
      i = ScanFilter.nextCandidate(b, end > i ? end : i + 1, hi);
    }
  }

  private int atWordStart(int i, char c) {
    if (isDigit(c)) {
      if (!prefiltered) {
        int end = payments.card(i);
        return end >= 0 ? end : contacts.northAmericanPhone(i);
      }
      // Most numbers in chat (dates, times, prices, order numbers) can be neither: the digit run tells.
      int run = 1;
      while (isDigit(buf.at(i + run)) && run < 20) {
        run++;
      }
      char next = buf.at(i + run);
      int end = PaymentDetectors.cardMayStart(c, run, next, buf.at(i + run + 1)) ? payments.card(i) : -1;
      return end >= 0 || !ContactDetectors.northAmericanPhoneMayStart(c, run, next) ? end : contacts.northAmericanPhone(i);
    }
    switch (c) {
      case '(' -> {
        return contacts.northAmericanPhone(i);
      }
      case '+' -> {
        return contacts.internationalPhone(i);
      }
      default -> {
        if (!isLetter(c)) {
          return -1;
        }
        int end = credentials.prefixedKey(i, c);
        if (end < 0 && c == 'A') {
          end = credentials.awsKeyId(i);
        }
        if (end < 0 && isUpper(c)) {
          end = payments.iban(i);
        }
        if (end < 0 && c == 'e') {
          end = credentials.jwt(i, true);
        }
        if (end < 0 && (c == 'B' || c == 'b')) {
          end = credentials.bearer(i);
        }
        return end;
      }
    }
  }
}
