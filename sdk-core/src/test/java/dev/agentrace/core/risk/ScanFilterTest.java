package dev.agentrace.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrace.core.internal.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scanner's pre-filter ({@link ScanFilter}) and its fast JSON walk must find exactly what the walk that
 * tries every position finds: at string boundaries, after escapes, in JSON nested as a string, beside
 * non-ASCII text, and for every detector family inside clean text.
 */
class ScanFilterTest {
  private static final String OPENAI_KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUvWx";
  private static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String JWT = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"42\"}")
      + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3\n-----END RSA PRIVATE KEY-----";

  /** Clean support-chat text around the value under test: words of every first letter, dates, prices, times. */
  private static final String BEFORE = "Hi Sam, order A-1042 (2 items, €19.99) shipped on 2025-06-12 at 14:30; the "
      + "tracking page at https://acme.example/track says \"in transit\". Kraków hub, ETA Thursday. Note: ";
  private static final String AFTER = " — thanks, Bob! Reply by Friday 9:00, or call_1 gets retried (x2) & ends_ok.";

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String quoted(String s) {
    return JsonText.appendQuoted(new StringBuilder(), s).toString();
  }

  private static Set<DataCategory> categories(int mask) {
    Set<DataCategory> out = EnumSet.noneOf(DataCategory.class);
    for (DataCategory c : DataCategory.values()) {
      if ((mask & (1 << c.ordinal())) != 0) {
        out.add(c);
      }
    }
    return out;
  }

  private static int all() {
    return Redaction.builder().redact(DataCategory.values()).build().mask();
  }

  /** Scans {@code json} with the filter; asserts the reference walk gives the same text and categories. */
  private static Set<DataCategory> jsonAgreeing(String json) {
    RiskScanner filtered = new RiskScanner(all());
    RiskScanner reference = new RiskScanner(all(), false);
    String a = filtered.json(json);
    String b = reference.json(json);
    assertThat(a).as("redacted %s", json).isEqualTo(b);
    assertThat(filtered.detected).as("categories of %s", json).isEqualTo(reference.detected);
    return categories(filtered.detected);
  }

  // ---------------------------------------------------------------- every family inside clean text

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      jane.doe@example.com                            | EMAIL
      +44 20 7946 0958                                | PHONE
      (415) 555-2671                                  | PHONE
      4111 1111 1111 1111                             | CREDIT_CARD
      GB29NWBK60161331926819                          | IBAN
      DE89 3704 0044 0532 0130 00                     | IBAN
      sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUvWx            | API_KEY
      ghp_abcdefghijklmnopqrstuvwxyz0123456789        | API_KEY
      github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123 | API_KEY
      glpat-abcdefghij0123456789                      | API_KEY
      xoxb-1234567890-abcdefghij                      | API_KEY
      AIzaSy0123456789abcdefghijklmnopqrstuvw         | API_KEY
      sk_live_4eC39HqLyjWDarjtT1zdp7dc                | API_KEY
      rk_test_4eC39HqLyjWDarjtT1zdp7dc                | API_KEY
      hf_abcdefghijklmnopqrstuvwxyz01234567           | API_KEY
      npm_abcdefghijklmnopqrstuvwxyz0123456789        | API_KEY
      api_key=abcd1234efgh5678ijkl                    | API_KEY
      AKIAIOSFODNN7EXAMPLE                            | CLOUD_ACCESS_KEY
      ASIAIOSFODNN7EXAMPLE                            | CLOUD_ACCESS_KEY
      BEARER abcDEF123456ghiJKL789                    | BEARER_TOKEN
      bEaReR abcDEF123456ghiJKL789                    | BEARER_TOKEN
      """)
  void json_valueInsideCleanText_foundAsWithoutTheFilter(String value, DataCategory category) {
    String json = "{\"role\":\"user\",\"content\":" + quoted(BEFORE + value + AFTER) + "}";

    assertThat(jsonAgreeing(json)).containsExactly(category);
  }

  @Test
  void json_jwtAndPrivateKeyInsideCleanText_found() {
    assertThat(jsonAgreeing("{\"content\":" + quoted(BEFORE + JWT + AFTER) + "}")).containsExactly(DataCategory.JWT);
    assertThat(jsonAgreeing("{\"content\":" + quoted(BEFORE + PEM + AFTER) + "}"))
        .containsExactly(DataCategory.PRIVATE_KEY);
  }

  @Test
  void json_cleanChat_findsNothing() {
    assertThat(jsonAgreeing("[{\"role\":\"user\",\"content\":" + quoted(BEFORE + AFTER) + "}]")).isEmpty();
  }

  // ---------------------------------------------------------------- boundaries

  @Test
  void json_valueFillsOrEndsTheString_redacted() {
    assertThat(new RiskScanner(all()).json("{\"a\":\"" + OPENAI_KEY + "\",\"b\":\"id " + AWS_KEY_ID + "\"}"))
        .isEqualTo("{\"a\":\"[REDACTED:api_key]\",\"b\":\"id [REDACTED:cloud_access_key]\"}");
    assertThat(jsonAgreeing("[\"" + AWS_KEY_ID + "\",\"4111111111111111\",4111111111111111]"))
        .containsExactly(DataCategory.CREDIT_CARD, DataCategory.CLOUD_ACCESS_KEY);
  }

  @Test
  void json_valueRightAfterAnEscape_found() {
    // \n, \" and \t end the word before the key; \u0041 decodes to the key's own first letter.
    assertThat(new RiskScanner(all()).json("[\"line\\n" + OPENAI_KEY + "\",\"say \\\"" + OPENAI_KEY + "\\\"\"]"))
        .isEqualTo("[\"line\\n[REDACTED:api_key]\",\"say \\\"[REDACTED:api_key]\\\"\"]");
    assertThat(jsonAgreeing("[\"tab\\t" + AWS_KEY_ID + "\"]")).containsExactly(DataCategory.CLOUD_ACCESS_KEY);
    assertThat(jsonAgreeing("[\"\\u0041KIAIOSFODNN7EXAMPLE\"]")).containsExactly(DataCategory.CLOUD_ACCESS_KEY);
    assertThat(jsonAgreeing("[\"x\\\\" + AWS_KEY_ID + "\"]")).containsExactly(DataCategory.CLOUD_ACCESS_KEY);
  }

  @Test
  void json_escapedStringThenPlainStrings_eachEndFoundWhereItIs() {
    // The JSON walk finds a string's end by searching for the quote; an escaped quote must not end it,
    // and the strings after an escaped one must still be found in full.
    String json = "[\"a \\\" b\",\"" + OPENAI_KEY + "\",\"c\\\\\",\"" + AWS_KEY_ID + "\"]";

    assertThat(new RiskScanner(all()).json(json))
        .isEqualTo("[\"a \\\" b\",\"[REDACTED:api_key]\",\"c\\\\\",\"[REDACTED:cloud_access_key]\"]");
  }

  @Test
  void json_secretInJsonNestedAsAString_found() {
    String nested = "{\"order\":\"A-1042\",\"api_key\":\"abcd1234efgh\",\"card\":\"4111 1111 1111 1111\"}";

    assertThat(jsonAgreeing("{\"role\":\"tool\",\"content\":" + quoted(nested) + "}"))
        .containsExactlyInAnyOrder(DataCategory.API_KEY, DataCategory.CREDIT_CARD);
    assertThat(new RiskScanner(all()).json("{\"content\":" + quoted(nested) + "}")).isEqualTo("{\"content\":"
        + quoted("{\"order\":\"A-1042\",\"api_key\":\"[REDACTED:api_key]\",\"card\":\"[REDACTED:credit_card]\"}") + "}");
  }

  @Test
  void json_nonAsciiBesideValues_foundAsWithoutTheFilter() {
    // A non-ASCII letter ends a word (the detectors read ASCII), so a value right after one starts a word.
    assertThat(jsonAgreeing("[\"Kraków→" + AWS_KEY_ID + "\"]")).containsExactly(DataCategory.CLOUD_ACCESS_KEY);
    assertThat(jsonAgreeing("[\"€4111111111111111 paid\"]")).containsExactly(DataCategory.CREDIT_CARD);
    assertThat(jsonAgreeing("[\"日本語 jane@example.com 😀" + OPENAI_KEY + "\"]"))
        .containsExactlyInAnyOrder(DataCategory.EMAIL, DataCategory.API_KEY);
    // Inside an ASCII word no value starts, with or without the filter.
    assertThat(jsonAgreeing("[\"id_" + AWS_KEY_ID + " x" + OPENAI_KEY + "\"]")).isEmpty();
  }

  @Test
  void json_shortestValues_found() {
    // Strings shorter than RiskScanner.SHORTEST_VALUE are not scanned: the shortest findings must still be.
    assertThat(jsonAgreeing("[\"a@b.cd\"]")).containsExactly(DataCategory.EMAIL);
    assertThat(jsonAgreeing("{\"api_key\":\"abcd1234\"}")).containsExactly(DataCategory.API_KEY);
    assertThat(jsonAgreeing("[\"+49151123\"]")).containsExactly(DataCategory.PHONE);
    assertThat(jsonAgreeing("[\"a@b.c\",\"x@y.zz\"]")).containsExactly(DataCategory.EMAIL);
  }

  @Test
  void json_everyPieceAndItsShortPrefixesAlone_sameAsWithoutTheFilter() {
    for (String piece : PIECES) {
      for (int n = 1; n <= piece.length(); n++) {
        String s = piece.substring(0, n);
        jsonAgreeing("[" + quoted(s) + ",{\"token\":" + quoted(s) + "}]");
      }
    }
  }

  // ---------------------------------------------------------------- random mixes

  private static final String[] PIECES = {"the", "order", "shipping", "ready", "greeting", "has", "now", "be", "every",
      "xylophone", "Thanks", "DHL", "EUR", "GB", "AK", "ASIA", "Bear", "bearer", "eyJ", "sk", "sk-", "ghp_", "npm_",
      "hf_", "2025-06-12", "14:30", "19.99", "4111", "1111", "+44", "(415)", "555-2671", "415", "@", "example.com",
      "jane", ".", "-", "--", "-----BEGIN", "RSA PRIVATE KEY-----", "_", ":", "=", "\"", "'", "\\", "\n", "é", "€", "日",
      "😀", "api_key", "token", "secret", "{", "}", "[", "]", ",", " ", " ", " ", OPENAI_KEY, AWS_KEY_ID, JWT,
      "jane.doe@example.com", "4111 1111 1111 1111", "GB29NWBK60161331926819", "Bearer abcDEF123456ghiJKL789",
      "DE89 3704 0044 0532 0130 00", "+44 20 7946 0958", "(415) 555-2671", "1-800-555-0199", "1 ", "555", "2671",
      "api_key = ", "x_token: '", "secret=", "Secret  :", "AbCdEf0123456789AbCdEf", "\"abcd1234efgh\"", "12:30"};

  @Test
  void jsonAndText_randomMixesOfCleanTextAndValues_sameAsWithoutTheFilter() {
    Random random = new Random(19);
    for (int round = 0; round < 3_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(40); k > 0; k--) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String s = text.toString();
      jsonAgreeing("{\"content\":" + quoted(s) + ",\"nested\":" + quoted("{\"note\":" + quoted(s) + "}") + "}");

      RiskScanner filtered = new RiskScanner(all());
      RiskScanner reference = new RiskScanner(all(), false);
      assertThat(filtered.text(s, "note")).as("text %s", s).isEqualTo(reference.text(s, "note"));
      assertThat(filtered.detected).as("categories of %s", s).isEqualTo(reference.detected);
    }
  }

  @Test
  void jsonAndText_randomMixes_findSomethingInMostRounds() {
    // Guards the test above: mixes that never contain a value would agree trivially.
    Random random = new Random(19);
    int found = 0;
    for (int round = 0; round < 300; round++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(40); k > 0; k--) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      RiskScanner s = new RiskScanner(0, false);
      s.text(text.toString(), null);
      found += s.detected != 0 ? 1 : 0;
    }
    assertThat(found).isGreaterThan(150);
  }
}
