package dev.agentrace.core.risk;

import static dev.agentrace.core.risk.ScanBuffer.MAX_TOKEN;
import static dev.agentrace.core.risk.ScanBuffer.isTokenChar;
import static dev.agentrace.core.risk.ScanBuffer.isWordChar;



/**
 * Detectors of credentials by the name they are stored under: a value under a secret-like field name ({@code
 * apiKey}, {@code aws_secret_access_key}, {@code refresh-token}, ...) is an {@link DataCategory#API_KEY} or a
 * {@link DataCategory#CLOUD_ACCESS_KEY}, whatever its format. The name is a JSON property or attribute key
 * ({@link #contextValue}) or precedes a {@code :} or {@code =} in free text ({@link #assignment}).
 *
 * <p>Not thread-safe: one per scanner, reading its buffer and reusing its own name buffer.
 */
final class SecretNameDetectors {
  /** Field names (compared case-insensitively, ignoring '_' and '-', as suffixes) whose values are cloud keys. */
  private static final String[] CLOUD_KEY_NAMES = {"secretaccesskey", "awssecretkey", "awssessiontoken", "accountkey",
      "sharedaccesskey"};
  /** Field names (as above) whose values are API keys. */
  private static final String[] API_KEY_NAMES = {"apikey", "apitoken", "secret", "secretkey", "accesstoken", "refreshtoken",
      "authtoken", "bearertoken", "privatetoken"};

  private final ScanBuffer buf;
  /** The last characters of a field name, for the suffix match of secret-like names. */
  private final char[] name = new char[64];

  SecretNameDetectors(ScanBuffer buf) {
    this.buf = buf;
  }

  /**
   * {@code name = value} or {@code name: value} in free text (an env file, a config snippet, a JSON
   * document nested in a string) where the name is secret-like: the value is the finding when it is
   * quoted and 8+ characters, or looks random (16+ characters, letters and digits).
   */
  int assignment(int i) {
    // Triggered by the ':' or '=' (far rarer than word starts): the name is read backwards from it.
    int j = i;
    for (int spaces = 0; spaces < 4 && buf.at(j - 1) == ' '; spaces++) {
      j--;
    }
    if (buf.at(j - 1) == '"' || buf.at(j - 1) == '\'') {
      j--;
    }
    if (!mayEndSecretName(buf.at(j - 1))) {
      return -1; // a time, a URL scheme, an ordinary key of JSON nested in a string
    }
    int nameFrom = j;
    while (j - nameFrom < 64 && isNameChar(buf.at(nameFrom - 1))) {
      nameFrom--;
    }
    if (nameFrom == j || isNameChar(buf.at(nameFrom - 1))) {
      return -1;
    }
    DataCategory category = secretName(buf.chars(), nameFrom, j);
    if (category == null) {
      return -1;
    }
    int k = skipSpaces(i + 1);
    char quote = buf.at(k) == '"' || buf.at(k) == '\'' ? buf.at(k) : 0;
    if (quote != 0) {
      k++;
    }
    int v = k;
    while (v - k < 1024 && (isTokenChar(buf.at(v)) || buf.at(v) == '=')) {
      v++;
    }
    // A quoted value (a JSON document inside a string, a config line) is as explicit as a JSON property.
    boolean quoted = quote != 0 && buf.at(v) == quote;
    if (quoted ? v - k < 8 : v - k < 16 || !buf.mixed(k, v)) {
      return -1;
    }
    buf.add(category, k, v);
    return v;
  }

  private static boolean isNameChar(char c) {
    return isWordChar(c) || c == '-' || c == '.';
  }

  private int skipSpaces(int k) {
    int limit = k + 4;
    while (k < limit && buf.at(k) == ' ') {
      k++;
    }
    return k;
  }

  /**
   * A value under a secret-named JSON property or attribute key: the whole value is the finding when it
   * is 8+ characters without whitespace (the name says what it is, so no randomness is required).
   */
  void contextValue(String names, int nameFrom, int nameTo) {
    int hi = buf.length();
    if (hi < 8 || hi > MAX_TOKEN) {
      return;
    }
    int len = Math.min(nameTo - nameFrom, name.length);
    names.getChars(nameTo - len, nameTo, name, 0);
    DataCategory category = secretName(name, 0, len);
    if (category == null) {
      return;
    }
    char[] b = buf.chars();
    for (int k = 0; k < hi; k++) {
      if (Character.isWhitespace(b[k])) {
        return;
      }
    }
    buf.add(category, 0, hi);
  }

  /** Whether a field name ending in {@code last} can be secret-like: every name below ends in key, secret or token. */
  private static boolean mayEndSecretName(char last) {
    char c = Character.toLowerCase(last);
    return c == 'y' || c == 't' || c == 'n';
  }

  /** The category of a secret-like field name (suffix match, case-insensitive, ignoring '_' and '-'), or null. */
  private static DataCategory secretName(char[] names, int from, int to) {
    if (to <= from) {
      return null;
    }
    // Every name below ends in key, secret or token: one suffix test turns away almost every other name
    // (a JSON "content", "text", "name") before the lists are tried.
    String family = switch (Character.toLowerCase(names[to - 1])) {
      case 'y' -> "key";
      case 't' -> "secret";
      case 'n' -> "token";
      default -> null;
    };
    if (family == null || !endsWithName(names, from, to, family)) {
      return null;
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
}
