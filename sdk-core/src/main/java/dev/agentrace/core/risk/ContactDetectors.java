package dev.agentrace.core.risk;

import static dev.agentrace.core.risk.ScanBuffer.isDigit;
import static dev.agentrace.core.risk.ScanBuffer.isLetter;
import static dev.agentrace.core.risk.ScanBuffer.isLetterOrDigit;



/**
 * Detectors of contact details: {@link DataCategory#EMAIL} and {@link DataCategory#PHONE}. Each takes the
 * index where {@link RiskScanner} found a possible start, records a finding in the {@link ScanBuffer} and
 * returns where it ends, or returns -1 (nothing there).
 *
 * <p>Not thread-safe: one per scanner, reading its buffer.
 */
final class ContactDetectors {
  /** File extensions that look like top-level domains in {@code logo@2x.png}; none is a real TLD. */
  private static final String[] NOT_TLDS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "css", "js", "json",
      "txt", "pdf", "html", "htm", "xml", "yml", "yaml", "java", "csv"};

  private final ScanBuffer buf;

  ContactDetectors(ScanBuffer buf) {
    this.buf = buf;
  }

  /**
   * An address around the {@code @} at {@code i}: a local part of at most 64 characters, then two or more
   * domain labels (letters, digits, inner hyphens), the last of two or more letters and not a file extension.
   */
  int email(int i) {
    char[] b = buf.chars();
    int a = i;
    while (a > 0 && i - a < 64 && isLocalChar(b[a - 1])) {
      a--;
    }
    if (isLocalChar(buf.at(a - 1))) {
      return -1; // a local part over 64 characters: not an address
    }
    while (a < i && b[a] == '.') {
      a++;
    }
    if (a == i || b[i - 1] == '.') {
      return -1;
    }
    int j = i + 1;
    int labels = 0;
    int tldFrom = -1;
    int end = -1;
    while (j - i < 255) {
      int labelFrom = j;
      while (isLetterOrDigit(buf.at(j)) || buf.at(j) == '-') {
        j++;
      }
      if (j == labelFrom || buf.at(labelFrom) == '-' || buf.at(j - 1) == '-') {
        break;
      }
      labels++;
      tldFrom = labelFrom;
      end = j;
      if (buf.at(j) == '.' && isLetterOrDigit(buf.at(j + 1))) {
        j++;
      } else {
        break;
      }
    }
    if (labels < 2 || end - tldFrom < 2 || buf.at(end) == '@') {
      return -1;
    }
    for (int k = tldFrom; k < end; k++) {
      if (!isLetter(b[k])) {
        return -1;
      }
    }
    for (String ext : NOT_TLDS) {
      if (buf.regionEqualsIgnoreCase(tldFrom, end, ext)) {
        return -1;
      }
    }
    buf.add(DataCategory.EMAIL, a, end);
    return end;
  }

  private static boolean isLocalChar(char c) {
    return isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  /** {@code +} country code and number: 8 to 15 digits (E.164) with single separators. */
  int internationalPhone(int i) {
    char[] b = buf.chars();
    char before = buf.at(i - 1);
    if (before == '+' || !isDigit(buf.at(i + 1))) {
      return -1;
    }
    int digits = 0;
    int end = -1;
    int run = 0;
    int dots = 0;
    int otherSeparators = 0;
    for (int j = i + 1; j < buf.length(); j++) {
      char c = b[j];
      if (isDigit(c)) {
        if (++digits > 15) {
          return -1;
        }
        end = j + 1;
        run = 0;
      } else if ((c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') && run < 2) {
        run++;
        if (c == '.') {
          dots++;
        } else {
          otherSeparators++;
        }
      } else {
        break;
      }
    }
    if (digits < 8 || isLetter(buf.at(end)) || (dots == 1 && otherSeparators == 0)) {
      return -1; // too short, glued to a word, or a signed decimal such as +3.14159265358
    }
    buf.add(DataCategory.PHONE, i, end);
    return end;
  }

  /** {@code (415) 555-2671}, {@code 415-555-2671}, {@code 415.555.2671}, {@code 1-800-555-0199}. */
  int northAmericanPhone(int i) {
    char before = buf.at(i - 1);
    if (before == '+' || before == '.' || before == '/') {
      return -1;
    }
    int end = -1;
    if (buf.at(i) == '1' && isPhoneSeparator(buf.at(i + 1))) {
      end = northAmericanBody(i + 2);
    }
    if (end < 0) {
      end = northAmericanBody(i);
    }
    if (end < 0 || isLetterOrDigit(buf.at(end))
        || ((buf.at(end) == '-' || buf.at(end) == '.') && isDigit(buf.at(end + 1)))) {
      return -1;
    }
    buf.add(DataCategory.PHONE, i, end);
    return end;
  }

  private int northAmericanBody(int j) {
    if (buf.at(j) == '(') {
      if (!digits(j + 1, 3) || buf.at(j + 4) != ')') {
        return -1;
      }
      j += 5;
      if (buf.at(j) == ' ') {
        j++;
      }
      if (!digits(j, 3) || !isPhoneSeparator(buf.at(j + 3)) || !digits(j + 4, 4)) {
        return -1;
      }
      return j + 8;
    }
    char sep = buf.at(j + 3);
    if (!digits(j, 3) || !isPhoneSeparator(sep) || !digits(j + 4, 3) || buf.at(j + 7) != sep || !digits(j + 8, 4)) {
      return -1;
    }
    return j + 12;
  }

  /**
   * Whether {@link #northAmericanPhone} can match at a digit that starts a run of {@code run} digits
   * followed by {@code next}: it needs "1" then a separator, or three digits then a separator. Lets the
   * scanner pass over the dates, times and prices of chat text without calling it.
   */
  static boolean northAmericanPhoneMayStart(char first, int run, char next) {
    return isPhoneSeparator(next) && (run == 3 || (run == 1 && first == '1'));
  }

  private static boolean isPhoneSeparator(char c) {
    return c == '-' || c == '.' || c == ' ';
  }

  private boolean digits(int from, int n) {
    for (int k = from; k < from + n; k++) {
      if (!isDigit(buf.at(k))) {
        return false;
      }
    }
    return true;
  }
}
