package dev.agentrace.core.risk;

import java.util.Arrays;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Finds {@link DataCategory data categories} in JSON payload text and in plain strings, and replaces the
 * ones the redaction policy names with {@link Redaction#marker}.
 *
 * <p>Design: one forward pass. JSON text is walked token by token; each string (property names too) is
 * copied into a reused buffer, decoded if it has escapes, and scanned there, so a value right after
 * {@code \n} or inside a JSON document nested as a string is seen as a reader would see it. Within a
 * string, detectors run only where a value can start (a word start, an {@code @}, a {@code -----}, a
 * {@code :} or {@code =} after a secret-like name) and each consumes a bounded stretch, so the cost is
 * linear in the text and no input can make it backtrack. A string that holds a redacted value is re-encoded whole; all
 * other text is copied untouched, so the result stays valid JSON. Bare JSON numbers are checked for
 * card numbers only, and a redacted one becomes a JSON string.
 *
 * <p>Not thread-safe: one instance per export worker (it reuses its buffers).
 */
final class RiskScanner {
  private static final DataCategory[] CATEGORIES = DataCategory.values();
  private static final JsonFactory JSON = new JsonFactory();

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

  /** File extensions that look like top-level domains in {@code logo@2x.png}; none is a real TLD. */
  private static final String[] NOT_TLDS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "css", "js", "json",
      "txt", "pdf", "html", "htm", "xml", "yml", "yaml", "java", "csv"};

  /** Field names (compared case-insensitively, ignoring '_' and '-', as suffixes) whose values are cloud keys. */
  private static final String[] CLOUD_KEY_NAMES = {"secretaccesskey", "awssecretkey", "awssessiontoken", "accountkey",
      "sharedaccesskey"};
  /** Field names (as above) whose values are API keys. */
  private static final String[] API_KEY_NAMES = {"apikey", "apitoken", "secret", "secretkey", "accesstoken", "refreshtoken",
      "authtoken", "bearertoken", "privatetoken"};

  // Character classes of prefixed key bodies.
  private static final int ALNUM = 0;
  private static final int ALNUM_DASH = 1;
  private static final int ALNUM_UNDERSCORE = 2;
  private static final int ALNUM_DASH_UNDERSCORE = 3;

  /** A well-known key prefix, the character class and length range of what follows, and whether the body must mix letters and digits. */
  private record KeyPrefix(String prefix, int bodyClass, int minBody, int maxBody, boolean mixed) {}

  private static final KeyPrefix[] KEY_PREFIXES = {
      new KeyPrefix("sk-", ALNUM_DASH_UNDERSCORE, 20, 256, true), // OpenAI sk-..., sk-proj-...; Anthropic sk-ant-...
      new KeyPrefix("sk_live_", ALNUM, 16, 256, true), // Stripe secret and restricted keys
      new KeyPrefix("sk_test_", ALNUM, 16, 256, true),
      new KeyPrefix("rk_live_", ALNUM, 16, 256, true),
      new KeyPrefix("rk_test_", ALNUM, 16, 256, true),
      new KeyPrefix("ghp_", ALNUM, 36, 255, true), // GitHub tokens
      new KeyPrefix("gho_", ALNUM, 36, 255, true),
      new KeyPrefix("ghu_", ALNUM, 36, 255, true),
      new KeyPrefix("ghs_", ALNUM, 36, 255, true),
      new KeyPrefix("ghr_", ALNUM, 36, 255, true),
      new KeyPrefix("github_pat_", ALNUM_UNDERSCORE, 40, 255, true),
      new KeyPrefix("glpat-", ALNUM_DASH_UNDERSCORE, 20, 255, true), // GitLab
      new KeyPrefix("xoxb-", ALNUM_DASH, 10, 255, true), // Slack
      new KeyPrefix("xoxp-", ALNUM_DASH, 10, 255, true),
      new KeyPrefix("xoxa-", ALNUM_DASH, 10, 255, true),
      new KeyPrefix("xoxr-", ALNUM_DASH, 10, 255, true),
      new KeyPrefix("xoxs-", ALNUM_DASH, 10, 255, true),
      new KeyPrefix("xoxe-", ALNUM_DASH, 10, 255, true),
      new KeyPrefix("AIza", ALNUM_DASH_UNDERSCORE, 35, 35, false), // Google API keys: exactly 35 after the prefix
      new KeyPrefix("hf_", ALNUM, 30, 255, true), // Hugging Face
      new KeyPrefix("npm_", ALNUM, 36, 36, true),
  };

  /** Bit set of the first characters of {@link #KEY_PREFIXES}, so most words skip the prefix loop. */
  private static final long[] KEY_FIRST_CHARS = new long[2];

  static {
    for (KeyPrefix p : KEY_PREFIXES) {
      char c = p.prefix().charAt(0);
      KEY_FIRST_CHARS[c >> 6] |= 1L << c;
    }
  }

  private static final int MAX_TOKEN = 16_384;

  private final int redactMask;
  private final StringBuilder rewritten = new StringBuilder();
  private final int[] groupEnds = new int[8];
  private final int[] cumulative = new int[8];

  // Findings of the string being scanned: category ordinal and [start, end) in the scanned sequence.
  private int[] cats = new int[8];
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private int count;

  // The string being scanned, copied or decoded into a reused array (plain array reads keep the cost per
  // character low). at() reads 0 outside [0, hi), so boundary tests treat the edges as the text's ends.
  private char[] b = new char[256];
  private int hi;
  // The last characters of a field name, for the suffix match of secret-like names.
  private final char[] name = new char[64];

  /** Categories found since {@link #reset()}, bit i = ordinal i. */
  int detected;
  /** Whether anything was replaced since {@link #reset()}. */
  boolean redacted;

  /** {@code redactMask}: bit i set = redact the category with ordinal i. */
  RiskScanner(int redactMask) {
    this.redactMask = redactMask;
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
    int i = 0;
    while (i < n) {
      char c = j.charAt(i);
      if (c == '"') {
        int start = i + 1;
        int k = start;
        boolean escaped = false;
        while (k < n) {
          char d = j.charAt(k);
          if (d == '"') {
            break;
          }
          if (d == '\\') {
            escaped = true;
            k += 2;
          } else {
            k++;
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
          appendJsonString(out, replacement);
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
          appendJsonString(out, Redaction.marker(DataCategory.CREDIT_CARD));
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
    count = 0;
    if (fieldName != null) {
      contextValue(fieldName, 0, fieldName.length());
    }
    scan();
    String redactedValue = count == 0 ? null : finish();
    return redactedValue == null ? value : redactedValue;
  }

  // ---------------------------------------------------------------- JSON helpers

  /** Scans one JSON string's content [start, end) of {@code j}; returns the new content or null if unchanged. */
  private String scanString(String j, int start, int end, boolean escaped, int nameFrom, int nameTo) {
    load(j, start, end, escaped);
    count = 0;
    if (nameFrom >= 0) {
      contextValue(j, nameFrom, nameTo);
    }
    scan();
    return count == 0 ? null : finish();
  }

  /** Puts [start, end) of {@code text} into the scan buffer, decoding JSON escapes if {@code escaped}. */
  private void load(String text, int start, int end, boolean escaped) {
    int len = end - start;
    if (b.length < len) {
      b = new char[Math.max(len, b.length * 2)];
    }
    if (escaped) {
      hi = decode(text, start, end);
    } else {
      text.getChars(start, end, b, 0);
      hi = len;
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
    count = 0;
    if (card(0) != hi) {
      return false;
    }
    detected |= 1 << DataCategory.CREDIT_CARD.ordinal();
    if (redacts(DataCategory.CREDIT_CARD.ordinal())) {
      redacted = true;
      return true;
    }
    return false;
  }

  /** Decodes the JSON string content [start, end) of {@code j} into the buffer; returns its length. */
  private int decode(String j, int start, int end) {
    char[] out = b;
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
      int d = Character.digit(j.charAt(k), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static void appendJsonString(StringBuilder out, String content) {
    out.append('"');
    for (int k = 0; k < content.length(); k++) {
      char c = content.charAt(k);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        switch (c) {
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> out.append(String.format("\\u%04x", (int) c));
        }
      } else if (Character.isSurrogate(c) && !pairedSurrogate(content, k)) {
        // A lone surrogate (possible only via a \\u escape in the source) stays an escape, so the text encodes to UTF-8.
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static boolean pairedSurrogate(String s, int k) {
    char c = s.charAt(k);
    if (Character.isHighSurrogate(c)) {
      return k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1));
    }
    return k > 0 && Character.isHighSurrogate(s.charAt(k - 1));
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

  // ---------------------------------------------------------------- findings and redaction

  private void add(DataCategory category, int start, int end) {
    if (count == cats.length) {
      cats = Arrays.copyOf(cats, count * 2);
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    cats[count] = category.ordinal();
    starts[count] = start;
    ends[count] = end;
    count++;
  }

  private boolean redacts(int ordinal) {
    return (redactMask & (1 << ordinal)) != 0;
  }

  /** Records the findings in the buffer; returns its redacted content, or null if nothing is redacted. */
  private String finish() {
    boolean any = false;
    for (int f = 0; f < count; f++) {
      detected |= 1 << cats[f];
      any |= redacts(cats[f]);
    }
    if (!any) {
      return null;
    }
    // Findings come mostly in order (an e-mail's start lies before the '@' that found it): insertion sort.
    for (int f = 1; f < count; f++) {
      for (int g = f; g > 0 && starts[g] < starts[g - 1]; g--) {
        swap(g, g - 1);
      }
    }
    StringBuilder out = rewritten;
    out.setLength(0);
    int at = 0;
    for (int f = 0; f < count; f++) {
      if (!redacts(cats[f]) || ends[f] <= at) {
        continue;
      }
      int cut = Math.max(starts[f], at);
      out.append(b, at, cut - at);
      if (cut == starts[f]) {
        out.append(Redaction.marker(CATEGORIES[cats[f]]));
      }
      at = ends[f];
    }
    out.append(b, at, hi - at);
    redacted = true;
    return out.toString();
  }

  private void swap(int x, int y) {
    int t = cats[x];
    cats[x] = cats[y];
    cats[y] = t;
    t = starts[x];
    starts[x] = starts[y];
    starts[y] = t;
    t = ends[x];
    ends[x] = ends[y];
    ends[y] = t;
  }

  // ---------------------------------------------------------------- the scan

  private char at(int k) {
    return k >= 0 && k < hi ? b[k] : 0;
  }

  private void scan() {
    int i = 0;
    while (i < hi) {
      char c = b[i];
      int end = -1;
      if (c == '@') {
        end = email(i);
      } else if (c == '-') {
        if (at(i + 1) == '-') {
          end = privateKey(i);
        }
      } else if (c == ':' || c == '=') {
        end = assignment(i);
      } else if (!isWordChar(at(i - 1))) {
        end = atWordStart(i, c);
      }
      i = end > i ? end : i + 1;
    }
  }

  private int atWordStart(int i, char c) {
    if (isDigit(c)) {
      int end = card(i);
      return end >= 0 ? end : northAmericanPhone(i);
    }
    switch (c) {
      case '(' -> {
        return northAmericanPhone(i);
      }
      case '+' -> {
        return internationalPhone(i);
      }
      default -> {
        if (!isLetter(c)) {
          return -1;
        }
        int end = prefixedKey(i, c);
        if (end < 0 && c == 'A') {
          end = awsKeyId(i);
        }
        if (end < 0 && isUpper(c)) {
          end = iban(i);
        }
        if (end < 0 && c == 'e') {
          end = jwt(i, true);
        }
        if (end < 0 && (c == 'B' || c == 'b')) {
          end = bearer(i);
        }
        return end;
      }
    }
  }

  // ---------------------------------------------------------------- EMAIL

  private int email(int i) {
    int a = i;
    while (a > 0 && i - a < 64 && isLocalChar(b[a - 1])) {
      a--;
    }
    if (isLocalChar(at(a - 1))) {
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
      while (isLetterOrDigit(at(j)) || at(j) == '-') {
        j++;
      }
      if (j == labelFrom || at(labelFrom) == '-' || at(j - 1) == '-') {
        break;
      }
      labels++;
      tldFrom = labelFrom;
      end = j;
      if (at(j) == '.' && isLetterOrDigit(at(j + 1))) {
        j++;
      } else {
        break;
      }
    }
    if (labels < 2 || end - tldFrom < 2 || at(end) == '@') {
      return -1;
    }
    for (int k = tldFrom; k < end; k++) {
      if (!isLetter(b[k])) {
        return -1;
      }
    }
    for (String ext : NOT_TLDS) {
      if (regionEqualsIgnoreCase(tldFrom, end, ext)) {
        return -1;
      }
    }
    add(DataCategory.EMAIL, a, end);
    return end;
  }

  private static boolean isLocalChar(char c) {
    return isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  // ---------------------------------------------------------------- PHONE

  /** {@code +} country code and number: 8 to 15 digits (E.164) with single separators. */
  private int internationalPhone(int i) {
    char before = at(i - 1);
    if (before == '+' || !isDigit(at(i + 1))) {
      return -1;
    }
    int digits = 0;
    int end = -1;
    int run = 0;
    int dots = 0;
    int otherSeparators = 0;
    for (int j = i + 1; j < hi; j++) {
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
    if (digits < 8 || isLetter(at(end)) || (dots == 1 && otherSeparators == 0)) {
      return -1; // too short, glued to a word, or a signed decimal such as +3.14159265358
    }
    add(DataCategory.PHONE, i, end);
    return end;
  }

  /** {@code (415) 555-2671}, {@code 415-555-2671}, {@code 415.555.2671}, {@code 1-800-555-0199}. */
  private int northAmericanPhone(int i) {
    char before = at(i - 1);
    if (before == '+' || before == '.' || before == '/') {
      return -1;
    }
    int end = -1;
    if (at(i) == '1' && isPhoneSeparator(at(i + 1))) {
      end = northAmericanBody(i + 2);
    }
    if (end < 0) {
      end = northAmericanBody(i);
    }
    if (end < 0 || isLetterOrDigit(at(end)) || ((at(end) == '-' || at(end) == '.') && isDigit(at(end + 1)))) {
      return -1;
    }
    add(DataCategory.PHONE, i, end);
    return end;
  }

  private int northAmericanBody(int j) {
    if (at(j) == '(') {
      if (!digits(j + 1, 3) || at(j + 4) != ')') {
        return -1;
      }
      j += 5;
      if (at(j) == ' ') {
        j++;
      }
      if (!digits(j, 3) || !isPhoneSeparator(at(j + 3)) || !digits(j + 4, 4)) {
        return -1;
      }
      return j + 8;
    }
    char sep = at(j + 3);
    if (!digits(j, 3) || !isPhoneSeparator(sep) || !digits(j + 4, 3) || at(j + 7) != sep || !digits(j + 8, 4)) {
      return -1;
    }
    return j + 12;
  }

  private static boolean isPhoneSeparator(char c) {
    return c == '-' || c == '.' || c == ' ';
  }

  private boolean digits(int from, int n) {
    for (int k = from; k < from + n; k++) {
      if (!isDigit(at(k))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- CREDIT_CARD

  /**
   * A card number at {@code i}: 13 to 19 digits, bare or in groups split by single spaces or dashes (one
   * kind), a major network's prefix and length, and a valid Luhn check digit.
   */
  private int card(int i) {
    char first = b[i];
    char before = at(i - 1);
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
      while (isDigit(at(j))) {
        j++;
      }
      digits += j - from;
      groupEnds[groups] = j;
      cumulative[groups] = digits;
      groups++;
      char next = at(j);
      if (digits >= 19 || (next != ' ' && next != '-') || (sep != 0 && next != sep) || !isDigit(at(j + 1))) {
        break;
      }
      sep = next;
      j++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int n = cumulative[g];
      int end = groupEnds[g];
      if (n < 13 || n > 19 || isLetterOrDigit(at(end)) || (at(end) == '.' && isDigit(at(end + 1)))) {
        continue;
      }
      if (g > 0 && !plausibleGroups(i, groupEnds, g)) {
        continue;
      }
      if (networkAccepts(i, n) && luhn(i, end)) {
        add(DataCategory.CREDIT_CARD, i, end);
        return end;
      }
    }
    return -1;
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
    int d1 = b[i] - '0';
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
      char c = at(k);
      if (isDigit(c) && n-- == 0) {
        return c - '0';
      }
    }
  }

  private boolean luhn(int from, int to) {
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

  // ---------------------------------------------------------------- IBAN

  /** Country code, check digits and BBAN, bare or in print groups of four, at the country's length, mod 97 = 1. */
  private int iban(int i) {
    char c0 = b[i];
    char c1 = at(i + 1);
    if (!isUpper(c1) || !isDigit(at(i + 2)) || !isDigit(at(i + 3))) {
      return -1;
    }
    int length = IBAN_LENGTHS[(c0 - 'A') * 26 + c1 - 'A'];
    if (length == 0) {
      return -1;
    }
    int n = 0;
    int j = i;
    while (n < length) {
      char c = at(j);
      if (isUpper(c) || isDigit(c)) {
        n++;
        j++;
      } else if (c == ' ' && n % 4 == 0 && (isUpper(at(j + 1)) || isDigit(at(j + 1)))) {
        j++;
      } else {
        return -1;
      }
    }
    if (isLetterOrDigit(at(j))) {
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
    add(DataCategory.IBAN, i, j);
    return j;
  }

  // ---------------------------------------------------------------- credentials

  private int prefixedKey(int i, char c) {
    if (c >= 128 || (KEY_FIRST_CHARS[c >> 6] & (1L << c)) == 0 || at(i - 1) == '-') {
      return -1;
    }
    for (KeyPrefix p : KEY_PREFIXES) {
      String prefix = p.prefix();
      if (prefix.charAt(0) != c || !regionStartsWith(i, prefix)) {
        continue;
      }
      int from = i + prefix.length();
      int j = from;
      while (j - from <= p.maxBody() && inClass(at(j), p.bodyClass())) {
        j++;
      }
      int body = j - from;
      if (body >= p.minBody() && body <= p.maxBody() && !inClass(at(j), ALNUM_DASH_UNDERSCORE)
          && (!p.mixed() || mixed(from, j))) {
        add(DataCategory.API_KEY, i, j);
        return j;
      }
    }
    return -1;
  }

  /** AWS access key ids: AKIA (long-term) or ASIA (temporary) and 16 upper-case letters or digits. */
  private int awsKeyId(int i) {
    if (!regionStartsWith(i, "AKIA") && !regionStartsWith(i, "ASIA")) {
      return -1;
    }
    for (int k = i + 4; k < i + 20; k++) {
      char c = at(k);
      if (!isUpper(c) && !isDigit(c)) {
        return -1;
      }
    }
    if (isLetterOrDigit(at(i + 20))) {
      return -1;
    }
    add(DataCategory.CLOUD_ACCESS_KEY, i, i + 20);
    return i + 20;
  }

  /**
   * Base64url segments separated by dots (three for a JWS, five for a JWE), the first decoding to a JSON
   * object with an {@code alg} member. Records a JWT finding when {@code record}.
   */
  private int jwt(int i, boolean record) {
    if (!regionStartsWith(i, "eyJ") || at(i - 1) == '.' || at(i - 1) == '-') {
      return -1;
    }
    int headerEnd = base64UrlRun(i);
    if (headerEnd - i < 10 || at(headerEnd) != '.') {
      return -1;
    }
    // Segments after the header may be empty (an unsigned JWT's signature, a direct-key JWE's key). A
    // token followed by a sentence's full stop reads as four segments: it ends after the third.
    int j = headerEnd;
    int segments = 1;
    int afterThird = -1;
    while (segments < 5 && at(j) == '.') {
      j = base64UrlRun(j + 1);
      if (++segments == 3) {
        afterThird = j;
      }
    }
    int end = segments == 5 ? j : afterThird;
    if (end - headerEnd < 3 || !headerHasAlg(i, headerEnd)) {
      return -1;
    }
    if (record) {
      add(DataCategory.JWT, i, end);
    }
    return end;
  }

  private int base64UrlRun(int from) {
    int j = from;
    while (j - from < MAX_TOKEN && isBase64Url(at(j))) {
      j++;
    }
    return j;
  }

  private boolean headerHasAlg(int from, int to) {
    byte[] header;
    try {
      header = Base64.getUrlDecoder().decode(new String(b, from, to - from));
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    boolean alg = false;
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), header)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
        boolean isAlg = "alg".equals(p.currentName());
        JsonToken value = p.nextToken();
        alg |= isAlg && value == JsonToken.VALUE_STRING;
        p.skipChildren();
      }
      return alg && p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null;
    } catch (JacksonException notJson) {
      return false;
    }
  }

  /** {@code Bearer <token>}: the token (RFC 6750 characters, at least 16, letters and digits) is the finding. */
  private int bearer(int i) {
    if (!regionEqualsIgnoreCase(i, i + 6, "bearer")) {
      return -1;
    }
    int from = i + 6;
    while (at(from) == ' ' && from - i < 10) {
      from++;
    }
    if (from == i + 6) {
      return -1;
    }
    int j = from;
    while (j - from < MAX_TOKEN && isTokenChar(at(j))) {
      j++;
    }
    while (at(j) == '=') {
      j++;
    }
    if (j - from < 16 || !mixed(from, j) || isLetterOrDigit(at(j))) {
      return -1;
    }
    add(DataCategory.BEARER_TOKEN, from, j);
    if (jwt(from, false) == j) {
      add(DataCategory.JWT, from, j);
    }
    return j;
  }

  private static boolean isTokenChar(char c) {
    return isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  }

  /** From {@code -----BEGIN ... PRIVATE KEY-----} to its END line, or to the end of the text if cut off. */
  private int privateKey(int i) {
    if (!regionStartsWith(i, "-----BEGIN ")) {
      return -1;
    }
    int labelEnd = labelEnd(i + 11);
    if (labelEnd < 0 || !labelIsPrivateKey(i + 11, labelEnd)) {
      return -1;
    }
    int end = hi;
    for (int k = labelEnd + 5; k + 9 <= hi; k++) {
      if (b[k] == '-' && regionStartsWith(k, "-----END ")) {
        int endLabel = labelEnd(k + 9);
        if (endLabel >= 0) {
          end = endLabel + 5;
          break;
        }
      }
    }
    add(DataCategory.PRIVATE_KEY, i, end);
    return end;
  }

  /** The index of the "-----" that closes a PEM label starting at {@code from}, or -1. */
  private int labelEnd(int from) {
    for (int k = from; k < from + 48; k++) {
      char c = at(k);
      if (c == '-') {
        return regionStartsWith(k, "-----") ? k : -1;
      }
      if (!isUpper(c) && !isDigit(c) && c != ' ') {
        return -1;
      }
    }
    return -1;
  }

  private boolean labelIsPrivateKey(int from, int to) {
    return endsWith(from, to, "PRIVATE KEY") || endsWith(from, to, "PRIVATE KEY BLOCK");
  }

  private boolean endsWith(int from, int to, String suffix) {
    return to - from >= suffix.length() && regionStartsWith(to - suffix.length(), suffix);
  }

  // ---------------------------------------------------------------- secrets by field name

  /**
   * {@code name = value} or {@code name: value} in free text (an env file, a config snippet, a JSON
   * document nested in a string) where the name is secret-like: the value is the finding when it is
   * quoted and 8+ characters, or looks random (16+ characters, letters and digits).
   */
  private int assignment(int i) {
    // Triggered by the ':' or '=' (far rarer than word starts): the name is read backwards from it.
    int j = i;
    for (int spaces = 0; spaces < 4 && at(j - 1) == ' '; spaces++) {
      j--;
    }
    if (at(j - 1) == '"' || at(j - 1) == '\'') {
      j--;
    }
    int nameFrom = j;
    while (j - nameFrom < 64 && isNameChar(at(nameFrom - 1))) {
      nameFrom--;
    }
    if (nameFrom == j || isNameChar(at(nameFrom - 1))) {
      return -1;
    }
    DataCategory category = secretName(b, nameFrom, j);
    if (category == null) {
      return -1;
    }
    int k = skipSpaces(i + 1);
    char quote = at(k) == '"' || at(k) == '\'' ? at(k) : 0;
    if (quote != 0) {
      k++;
    }
    int v = k;
    while (v - k < 1024 && (isTokenChar(at(v)) || at(v) == '=')) {
      v++;
    }
    // A quoted value (a JSON document inside a string, a config line) is as explicit as a JSON property.
    boolean quoted = quote != 0 && at(v) == quote;
    if (quoted ? v - k < 8 : v - k < 16 || !mixed(k, v)) {
      return -1;
    }
    add(category, k, v);
    return v;
  }

  private static boolean isNameChar(char c) {
    return isWordChar(c) || c == '-' || c == '.';
  }

  private int skipSpaces(int k) {
    int limit = k + 4;
    while (k < limit && at(k) == ' ') {
      k++;
    }
    return k;
  }

  /**
   * A value under a secret-named JSON property or attribute key: the whole value is the finding when it
   * is 8+ characters without whitespace (the name says what it is, so no randomness is required).
   */
  private void contextValue(String names, int nameFrom, int nameTo) {
    if (hi < 8 || hi > MAX_TOKEN) {
      return;
    }
    int len = Math.min(nameTo - nameFrom, name.length);
    names.getChars(nameTo - len, nameTo, name, 0);
    DataCategory category = secretName(name, 0, len);
    if (category == null) {
      return;
    }
    for (int k = 0; k < hi; k++) {
      if (Character.isWhitespace(b[k])) {
        return;
      }
    }
    add(category, 0, hi);
  }

  /** The category of a secret-like field name (suffix match, case-insensitive, ignoring '_' and '-'), or null. */
  private static DataCategory secretName(char[] names, int from, int to) {
    if (to <= from) {
      return null;
    }
    char last = Character.toLowerCase(names[to - 1]);
    if (last != 'y' && last != 't' && last != 'n') {
      return null; // every name below ends in key, secret or token
    }
    for (String n : CLOUD_KEY_NAMES) {
      if (endsWithName(names, from, to, n)) {
        return DataCategory.CLOUD_ACCESS_KEY;
      }
    }
    for (String n : API_KEY_NAMES) {
      if (endsWithName(names, from, to, n)) {
        return DataCategory.API_KEY;
      }
    }
    return null;
  }

  private static boolean endsWithName(char[] names, int from, int to, String suffix) {
    int k = to - 1;
    for (int m = suffix.length() - 1; m >= 0; m--) {
      while (k >= from && (names[k] == '_' || names[k] == '-')) {
        k--;
      }
      if (k < from || Character.toLowerCase(names[k]) != suffix.charAt(m)) {
        return false;
      }
      k--;
    }
    return true;
  }

  // ---------------------------------------------------------------- character helpers

  private boolean regionStartsWith(int i, String prefix) {
    if (i + prefix.length() > hi) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (b[i + k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private boolean regionEqualsIgnoreCase(int from, int to, String lower) {
    if (to - from != lower.length() || to > hi) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (Character.toLowerCase(b[from + k]) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private boolean mixed(int from, int to) {
    boolean letter = false;
    boolean digit = false;
    for (int k = from; k < to && !(letter && digit); k++) {
      char c = b[k];
      letter |= isLetter(c);
      digit |= isDigit(c);
    }
    return letter && digit;
  }

  private static boolean inClass(char c, int charClass) {
    if (isLetterOrDigit(c)) {
      return true;
    }
    return switch (charClass) {
      case ALNUM_DASH -> c == '-';
      case ALNUM_UNDERSCORE -> c == '_';
      case ALNUM_DASH_UNDERSCORE -> c == '-' || c == '_';
      default -> false;
    };
  }

  private static boolean isBase64Url(char c) {
    return isLetterOrDigit(c) || c == '-' || c == '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isLetterOrDigit(char c) {
    return isLetter(c) || isDigit(c);
  }

  private static boolean isWordChar(char c) {
    return isLetterOrDigit(c) || c == '_';
  }
}
