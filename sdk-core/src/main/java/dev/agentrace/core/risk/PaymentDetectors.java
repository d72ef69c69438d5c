package dev.agentrace.core.risk;

import static dev.agentrace.core.risk.ScanBuffer.isDigit;
import static dev.agentrace.core.risk.ScanBuffer.isLetterOrDigit;
import static dev.agentrace.core.risk.ScanBuffer.isUpper;



/**
 * Detectors of payment data: {@link DataCategory#CREDIT_CARD} and {@link DataCategory#IBAN}, each confirmed
 * by its check digits. Each takes the index where {@link RiskScanner} found a possible start, records a
 * finding in the {@link ScanBuffer} and returns where it ends, or returns -1 (nothing there).
 *
 * <p>Not thread-safe: one per scanner, reading its buffer and reusing its own group arrays.
 */
final class PaymentDetectors {
  /** Lengths of IBANs by country code (SWIFT IBAN registry), indexed (first - 'A') * 26 + (second - 'A'). */
  private static final byte[] IBAN_LENGTHS = new byte[26 * 26];

  static {
    String registry = "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28EE20EG29ES24"
        + "FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HN28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20"
        + "LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24"
        + "SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30";
    for (int i = 0; i < registry.length(); i += 4) {
      IBAN_LENGTHS[(registry.charAt(i) - 'A') * 26 + registry.charAt(i + 1) - 'A'] =
          (byte) Integer.parseInt(registry, i + 2, i + 4, 10);
    }
  }

  private final ScanBuffer buf;
  private final int[] groupEnds = new int[8];
  private final int[] cumulative = new int[8];

  PaymentDetectors(ScanBuffer buf) {
    this.buf = buf;
  }

  /**
   * A card number at {@code i}: 13 to 19 digits, bare or in groups split by single spaces or dashes (one
   * kind), a major network's prefix and length, and a valid Luhn check digit.
   */
  int card(int i) {
    char[] b = buf.chars();
    char first = b[i];
    char before = buf.at(i - 1);
    if (first < '2' || first > '6' || before == '.' || before == '-' || before == '+') {
      return -1;
    }
    int[] groupEnds = this.groupEnds;
    int[] cumulative = this.cumulative;
    int groups = 0;
    int digits = 0;
    char sep = 0;
    int j = i;
    while (groups < 8) {
      int from = j;
      while (isDigit(buf.at(j))) {
        j++;
      }
      digits += j - from;
      groupEnds[groups] = j;
      cumulative[groups] = digits;
      groups++;
      char next = buf.at(j);
      if (digits >= 19 || (next != ' ' && next != '-') || (sep != 0 && next != sep) || !isDigit(buf.at(j + 1))) {
        break;
      }
      sep = next;
      j++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int n = cumulative[g];
      int end = groupEnds[g];
      if (n < 13 || n > 19 || isLetterOrDigit(buf.at(end)) || (buf.at(end) == '.' && isDigit(buf.at(end + 1)))) {
        continue;
      }
      if (g > 0 && !plausibleGroups(i, groupEnds, g)) {
        continue;
      }
      if (networkAccepts(i, n) && luhn(i, end)) {
        buf.add(DataCategory.CREDIT_CARD, i, end);
        return end;
      }
    }
    return -1;
  }

  /**
   * Whether {@link #card} can match at a digit {@code first} that starts a run of {@code run} digits
   * followed by {@code next} and {@code afterNext}: a network prefix starts with 2 to 6, and the number is
   * one run of 13 to 19 digits or a group of 4 then a separator and more digits. Lets the scanner pass over
   * the dates, times and prices of chat text without calling it.
   */
  static boolean cardMayStart(char first, int run, char next, char afterNext) {
    return first >= '2' && first <= '6'
        && ((run >= 13 && run <= 19) || (run == 4 && (next == ' ' || next == '-') && isDigit(afterNext)));
  }

  /** Printed card numbers start with a group of 4 and continue in groups of 3 to 6. */
  private static boolean plausibleGroups(int i, int[] groupEnds, int last) {
    if (groupEnds[0] - i != 4) {
      return false;
    }
    for (int g = 1; g <= last; g++) {
      int len = groupEnds[g] - groupEnds[g - 1] - 1;
      if (len < 3 || len > 6) {
        return false;
      }
    }
    return true;
  }

  /** Issuer prefixes and lengths of Visa, Mastercard, Amex, Diners, JCB, Discover, UnionPay and Maestro. */
  private boolean networkAccepts(int i, int n) {
    int d1 = buf.chars()[i] - '0';
    int d2 = d1 * 10 + nthDigit(i, 1);
    int d4 = d2 * 100 + nthDigit(i, 2) * 10 + nthDigit(i, 3);
    return switch (d1) {
      case 4 -> n == 13 || n == 16 || n == 19;
      case 5 -> (d2 >= 51 && d2 <= 55 && n == 16) || d2 == 50 || d2 >= 56;
      case 2 -> d4 >= 2221 && d4 <= 2720 && n == 16;
      case 3 -> ((d2 == 34 || d2 == 37) && n == 15) || ((d2 == 30 || d2 == 36 || d2 == 38 || d2 == 39) && n >= 14)
          || (d4 >= 3528 && d4 <= 3589 && n >= 16);
      case 6 -> n >= 16;
      default -> false;
    };
  }

  /** The n-th digit (0-based) of the number starting at {@code i}, skipping separators. */
  private int nthDigit(int i, int n) {
    for (int k = i; ; k++) {
      char c = buf.at(k);
      if (isDigit(c) && n-- == 0) {
        return c - '0';
      }
    }
  }

  private boolean luhn(int from, int to) {
    char[] b = buf.chars();
    int sum = 0;
    boolean twice = false;
    for (int k = to - 1; k >= from; k--) {
      char c = b[k];
      if (!isDigit(c)) {
        continue;
      }
      int d = c - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** Country code, check digits and BBAN, bare or in print groups of four, at the country's length, mod 97 = 1. */
  int iban(int i) {
    char[] b = buf.chars();
    char c0 = b[i];
    char c1 = buf.at(i + 1);
    if (!isUpper(c1) || !isDigit(buf.at(i + 2)) || !isDigit(buf.at(i + 3))) {
      return -1;
    }
    int length = IBAN_LENGTHS[(c0 - 'A') * 26 + c1 - 'A'];
    if (length == 0) {
      return -1;
    }
    int n = 0;
    int j = i;
    while (n < length) {
      char c = buf.at(j);
      if (isUpper(c) || isDigit(c)) {
        n++;
        j++;
      } else if (c == ' ' && n % 4 == 0 && (isUpper(buf.at(j + 1)) || isDigit(buf.at(j + 1)))) {
        j++;
      } else {
        return -1;
      }
    }
    if (isLetterOrDigit(buf.at(j))) {
      return -1;
    }
    int remainder = 0;
    for (int pass = 0; pass < 2; pass++) {
      int k = i;
      for (int seen = 0; seen < length; k++) {
        char c = b[k];
        if (c == ' ') {
          continue;
        }
        // First pass: the BBAN (characters 5 on); second pass: country code and check digits.
        if ((pass == 0) == (seen >= 4)) {
          remainder = isDigit(c) ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        seen++;
      }
    }
    if (remainder != 1) {
      return -1;
    }
    buf.add(DataCategory.IBAN, i, j);
    return j;
  }
}
