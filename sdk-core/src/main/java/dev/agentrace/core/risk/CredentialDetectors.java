package dev.agentrace.core.risk;

import static dev.agentrace.core.risk.ScanBuffer.MAX_TOKEN;
import static dev.agentrace.core.risk.ScanBuffer.isDigit;
import static dev.agentrace.core.risk.ScanBuffer.isLetterOrDigit;
import static dev.agentrace.core.risk.ScanBuffer.isTokenChar;
import static dev.agentrace.core.risk.ScanBuffer.isUpper;

import java.util.Arrays;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Detectors of credentials by their format: {@link DataCategory#API_KEY} by well-known prefix, AWS access key
 * ids ({@link DataCategory#CLOUD_ACCESS_KEY}), {@link DataCategory#JWT}, {@link DataCategory#BEARER_TOKEN} and
 * {@link DataCategory#PRIVATE_KEY}. ({@link SecretNameDetectors} finds credentials by the name they are
 * stored under.) Each takes the index where {@link RiskScanner} found a possible start, records a finding in
 * the {@link ScanBuffer} and returns where it ends, or returns -1 (nothing there).
 *
 * <p>Not thread-safe: one per scanner, reading its buffer.
 */
final class CredentialDetectors {
  private static final JsonFactory JSON = new JsonFactory();

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

  /**
   * {@link #KEY_PREFIXES} by their first character (ASCII), so a word is compared only with the prefixes
   * that begin with its first letter; null where none does.
   */
  private static final KeyPrefix[][] KEY_PREFIXES_BY_FIRST = new KeyPrefix[128][];

  static {
    for (KeyPrefix p : KEY_PREFIXES) {
      char c = p.prefix().charAt(0);
      KeyPrefix[] had = KEY_PREFIXES_BY_FIRST[c];
      KeyPrefix[] now = had == null ? new KeyPrefix[1] : Arrays.copyOf(had, had.length + 1);
      now[now.length - 1] = p;
      KEY_PREFIXES_BY_FIRST[c] = now;
    }
  }

  /** The well-known key prefixes {@link #prefixedKey} finds, for {@link ScanFilter}'s table of value starts. */
  static String[] keyPrefixes() {
    String[] out = new String[KEY_PREFIXES.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = KEY_PREFIXES[k].prefix();
    }
    return out;
  }

  private final ScanBuffer buf;

  CredentialDetectors(ScanBuffer buf) {
    this.buf = buf;
  }

  /** A key with one of {@link #KEY_PREFIXES} at a word start {@code i} whose first character is {@code c}. */
  int prefixedKey(int i, char c) {
    KeyPrefix[] candidates = c < 128 ? KEY_PREFIXES_BY_FIRST[c] : null;
    if (candidates == null || buf.at(i - 1) == '-') {
      return -1;
    }
    for (KeyPrefix p : candidates) {
      String prefix = p.prefix();
      if (!buf.regionStartsWith(i, prefix)) {
        continue;
      }
      int from = i + prefix.length();
      int j = from;
      while (j - from <= p.maxBody() && inClass(buf.at(j), p.bodyClass())) {
        j++;
      }
      int body = j - from;
      if (body >= p.minBody() && body <= p.maxBody() && !inClass(buf.at(j), ALNUM_DASH_UNDERSCORE)
          && (!p.mixed() || buf.mixed(from, j))) {
        buf.add(DataCategory.API_KEY, i, j);
        return j;
      }
    }
    return -1;
  }

  /** AWS access key ids: AKIA (long-term) or ASIA (temporary) and 16 upper-case letters or digits. */
  int awsKeyId(int i) {
    if (!buf.regionStartsWith(i, "AKIA") && !buf.regionStartsWith(i, "ASIA")) {
      return -1;
    }
    for (int k = i + 4; k < i + 20; k++) {
      char c = buf.at(k);
      if (!isUpper(c) && !isDigit(c)) {
        return -1;
      }
    }
    if (isLetterOrDigit(buf.at(i + 20))) {
      return -1;
    }
    buf.add(DataCategory.CLOUD_ACCESS_KEY, i, i + 20);
    return i + 20;
  }

  /**
   * Base64url segments separated by dots (three for a JWS, five for a JWE), the first decoding to a JSON
   * object with an {@code alg} member. Records a JWT finding when {@code record}.
   */
  int jwt(int i, boolean record) {
    if (!buf.regionStartsWith(i, "eyJ") || buf.at(i - 1) == '.' || buf.at(i - 1) == '-') {
      return -1;
    }
    int headerEnd = base64UrlRun(i);
    if (headerEnd - i < 10 || buf.at(headerEnd) != '.') {
      return -1;
    }
    // Segments after the header may be empty (an unsigned JWT's signature, a direct-key JWE's key). A
    // token followed by a sentence's full stop reads as four segments: it ends after the third.
    int j = headerEnd;
    int segments = 1;
    int afterThird = -1;
    while (segments < 5 && buf.at(j) == '.') {
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
      buf.add(DataCategory.JWT, i, end);
    }
    return end;
  }

  private int base64UrlRun(int from) {
    int j = from;
    while (j - from < MAX_TOKEN && isBase64Url(buf.at(j))) {
      j++;
    }
    return j;
  }

  private boolean headerHasAlg(int from, int to) {
    byte[] header;
    try {
      header = Base64.getUrlDecoder().decode(new String(buf.chars(), from, to - from));
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
  int bearer(int i) {
    if (!buf.regionEqualsIgnoreCase(i, i + 6, "bearer")) {
      return -1;
    }
    int from = i + 6;
    while (buf.at(from) == ' ' && from - i < 10) {
      from++;
    }
    if (from == i + 6) {
      return -1;
    }
    int j = from;
    while (j - from < MAX_TOKEN && isTokenChar(buf.at(j))) {
      j++;
    }
    while (buf.at(j) == '=') {
      j++;
    }
    if (j - from < 16 || !buf.mixed(from, j) || isLetterOrDigit(buf.at(j))) {
      return -1;
    }
    buf.add(DataCategory.BEARER_TOKEN, from, j);
    if (jwt(from, false) == j) {
      buf.add(DataCategory.JWT, from, j);
    }
    return j;
  }

  /** From {@code -----BEGIN ... PRIVATE KEY-----} to its END line, or to the end of the text if cut off. */
  int privateKey(int i) {
    if (!buf.regionStartsWith(i, "-----BEGIN ")) {
      return -1;
    }
    int labelEnd = labelEnd(i + 11);
    if (labelEnd < 0 || !labelIsPrivateKey(i + 11, labelEnd)) {
      return -1;
    }
    char[] b = buf.chars();
    int hi = buf.length();
    int end = hi;
    for (int k = labelEnd + 5; k + 9 <= hi; k++) {
      if (b[k] == '-' && buf.regionStartsWith(k, "-----END ")) {
        int endLabel = labelEnd(k + 9);
        if (endLabel >= 0) {
          end = endLabel + 5;
          break;
        }
      }
    }
    buf.add(DataCategory.PRIVATE_KEY, i, end);
    return end;
  }

  /** The index of the "-----" that closes a PEM label starting at {@code from}, or -1. */
  private int labelEnd(int from) {
    for (int k = from; k < from + 48; k++) {
      char c = buf.at(k);
      if (c == '-') {
        return buf.regionStartsWith(k, "-----") ? k : -1;
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
    return to - from >= suffix.length() && buf.regionStartsWith(to - suffix.length(), suffix);
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
}
