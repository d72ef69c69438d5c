package dev.agentrace.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

class RiskScannerTest {
  private static final String OPENAI_KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUvWx";
  private static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String JWT = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"1234567890\",\"name\":\"Jo\"}");

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String jwt(String header, String payload) {
    return b64(header) + "." + b64(payload) + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  }

  /** A scanner that redacts everything. */
  private static RiskScanner redactAll() {
    return new RiskScanner(Redaction.builder().redact(DataCategory.values()).build().mask());
  }

  private static Set<DataCategory> detect(String text) {
    RiskScanner s = new RiskScanner(0);
    s.text(text, null);
    return categories(s.detected);
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

  /** Parses JSON text strictly and returns its string values and property names in order. */
  private static List<String> strings(String json) {
    List<String> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(ObjectReadContext.empty(), json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_STRING) {
          out.add(p.getString());
        } else if (t == JsonToken.PROPERTY_NAME) {
          out.add(p.currentName());
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- EMAIL

  @ParameterizedTest
  @ValueSource(strings = {"write to jane.doe+tag@mail.example.co.uk today", "mailto:ops@example.com", "<a_b@ex-ample.io>",
      "user@example.com."})
  void text_emailAddress_detectsEmail(String text) {
    assertThat(detect(text)).containsExactly(DataCategory.EMAIL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"user@localhost", "ping @mention please", "logo@2x.png", "a@b.c", "pkg@1.2.3", "foo@bar",
      "double@@example.com", ".@example.com", "name@-example.com"})
  void text_emailLookAlike_detectsNothing(String text) {
    assertThat(detect(text)).isEmpty();
  }

  @Test
  void text_emailRedacted_replacesOnlyTheAddress() {
    RiskScanner s = redactAll();
    assertThat(s.text("mail jane.doe@example.com, thanks", null)).isEqualTo("mail [REDACTED:email], thanks");
    assertThat(s.redacted).isTrue();
  }

  // ---------------------------------------------------------------- PHONE

  @ParameterizedTest
  @ValueSource(strings = {"call +44 20 7946 0958 now", "+1 (415) 555-2671", "+4915112345678", "+44 (0) 20 7946 0958",
      "(415) 555-2671", "415-555-2671", "tel: 415.555.2671", "1-800-555-0199"})
  void text_phoneNumber_detectsPhone(String text) {
    assertThat(detect(text)).containsExactly(DataCategory.PHONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-01-15", "2024-01-15T10:30:00+01:00", "123-45-6789", "192.168.100.1", "order 4155552671",
      "+3.14159265358", "+123", "version 1.0.2", "415-555-2671-9", "id+4915112345678", "+4915112345678x",
      "555 1234", "12:30:45.123456"})
  void text_phoneLookAlike_detectsNothing(String text) {
    assertThat(detect(text)).isEmpty();
  }

  // ---------------------------------------------------------------- CREDIT_CARD

  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "card 4111111111111111.", "5555555555554444",
      "378282246310005", "3782 822463 10005", "6011111111111117", "3530111333300000", "2223003122003222",
      "4012888888881881 exp 12/27"})
  void text_validCardNumber_detectsCreditCard(String text) {
    assertThat(detect(text)).containsExactly(DataCategory.CREDIT_CARD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1112", "4111111111111112", "1234567812345670", "1700000000000",
      "1700000000000000000", "4111 1111-1111 1111", "41111111111111111111111", "0.4111111111111111",
      "id4111111111111111", "41 11 11 11 11 11 11 11", "4111111111111111abc", "9111111111111111"})
  void text_cardLookAlike_detectsNothing(String text) {
    assertThat(detect(text)).isEmpty();
  }

  @Test
  void json_cardAsBareNumber_becomesRedactedString() {
    RiskScanner s = redactAll();
    String out = s.json("{\"card\":4111111111111111,\"n\":12}");
    assertThat(out).isEqualTo("{\"card\":\"[REDACTED:credit_card]\",\"n\":12}");
    assertThat(strings(out)).contains("[REDACTED:credit_card]");
  }

  // ---------------------------------------------------------------- IBAN

  @ParameterizedTest
  @ValueSource(strings = {"DE89 3704 0044 0532 0130 00", "pay GB29NWBK60161331926819 today", "NL91ABNA0417164300",
      "FR1420041010050500013M02606", "NO9386011117947"})
  void text_validIban_detectsIban(String text) {
    assertThat(detect(text)).containsExactly(DataCategory.IBAN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DE88 3704 0044 0532 0130 00", "DE8937040044053201300", "ZZ89370400440532013000",
      "XDE89370400440532013000", "DE89370400440532013000X", "de89370400440532013000", "DE89 3704 0044 0532 0130 01"})
  void text_ibanLookAlike_detectsNothing(String text) {
    assertThat(detect(text)).isEmpty();
  }

  // ---------------------------------------------------------------- API_KEY

  @ParameterizedTest
  @ValueSource(strings = {OPENAI_KEY, "key=sk-ant-api03-AbCdEf0123456789AbCdEf0123456789xyz",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "xoxb-1234567890-abcdefghij", "AIzaSy0123456789abcdefghijklmnopqrstuvw",
      "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "hf_abcdefghijklmnopqrstuvwxyz01234567",
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123"})
  void text_prefixedKey_detectsApiKey(String text) {
    assertThat(detect(text)).containsExactly(DataCategory.API_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"we use sk-learn for this", "ask-me-anything-about-keys-1234567890", "risk-assessment-2024-model",
      "sk-abcdefghijklmnopqrstuvwxyzabc", "ghp_short1", "task-sk-abcdefghij1234567890abcd",
      "AIzaSy0123456789abcdefghijklmnopqrstuv", "AIzaSy0123456789abcdefghijklmnopqrstuvwx", "xoxb-short"})
  void text_keyLookAlike_detectsNothing(String text) {
    assertThat(detect(text)).isEmpty();
  }

  @Test
  void json_valueUnderSecretNamedProperty_detectsApiKey() {
    RiskScanner s = redactAll();
    String out = s.json("{\"apiKey\":\"internal-key\",\"client_secret\":\"abc.def.ghi\",\"max_tokens\":512}");
    assertThat(strings(out)).containsExactly("apiKey", "[REDACTED:api_key]", "client_secret", "[REDACTED:api_key]",
        "max_tokens");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"api_key\":\"short\"}", "{\"secret\":\"the answer is 42\"}", "{\"token\":\"incredible\"}",
      "{\"primary_key\":\"customer_id\"}", "{\"api_key\":123456789}"})
  void json_secretNameLookAlike_detectsNothing(String json) {
    RiskScanner s = new RiskScanner(0);
    s.json(json);
    assertThat(categories(s.detected)).isEmpty();
  }

  @Test
  void text_assignmentOfSecretNameInFreeText_redactsOnlyTheValue() {
    RiskScanner s = redactAll();
    assertThat(s.text("export OPENAI_API_KEY=abc123def456ghi789jkl\nexport DEBUG=1", null))
        .isEqualTo("export OPENAI_API_KEY=[REDACTED:api_key]\nexport DEBUG=1");
    assertThat(s.text("secret: not-random-enough", null)).isEqualTo("secret: not-random-enough");
  }

  @Test
  void text_attributeKeyNamesSecret_detectsApiKey() {
    RiskScanner s = redactAll();
    assertThat(s.text("k3y-v4lue-xyz", "http.request.header.x-api-key")).isEqualTo("[REDACTED:api_key]");
    assertThat(s.text("k3y-v4lue-xyz", "http.request.header.accept")).isEqualTo("k3y-v4lue-xyz");
  }

  // ---------------------------------------------------------------- BEARER_TOKEN and JWT

  @Test
  void text_bearerToken_redactsTokenKeepsScheme() {
    RiskScanner s = redactAll();
    assertThat(s.text("Authorization: Bearer abcDEF123456ghiJKL789", null))
        .isEqualTo("Authorization: Bearer [REDACTED:bearer_token]");
    assertThat(categories(s.detected)).containsExactly(DataCategory.BEARER_TOKEN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"the bearer of bad news", "Bearer token authentication is described in RFC 6750",
      "Bearer abcdefghijklmnopqrstuvwxyz", "bearer: abcDEF123456ghiJKL789"})
  void text_bearerLookAlike_detectsNothing(String text) {
    assertThat(detect(text)).isEmpty();
  }

  @Test
  void text_jwt_detectsJwt() {
    assertThat(detect("token " + JWT + ".")).containsExactly(DataCategory.JWT);
    assertThat(detect("id_token=" + jwt("{\"alg\":\"none\"}", "{}").replaceAll("[^.]*$", ""))).containsExactly(DataCategory.JWT);
  }

  @Test
  void text_bearerJwt_detectsBothAndRedactsOnce() {
    RiskScanner s = redactAll();
    assertThat(s.text("Bearer " + JWT, null)).isEqualTo("Bearer [REDACTED:bearer_token]");
    assertThat(categories(s.detected)).containsExactly(DataCategory.BEARER_TOKEN, DataCategory.JWT);
  }

  @Test
  void text_base64LookAlikes_notJwt() {
    String notJsonHeader = "eyJhYmNkZWZnaGlqa2xtbm9w.cXJzdHV2d3h5eg.c2lnbmF0dXJl";
    String headerWithoutAlg = jwt("{\"typ\":\"JWT\"}", "{\"sub\":\"1\"}");
    String twoSegments = b64("{\"alg\":\"HS256\"}") + "." + b64("{\"sub\":\"1\"}");
    String headerNotObject = jwt("[\"alg\"]", "{}");
    assertThat(detect(notJsonHeader)).isEmpty();
    assertThat(detect(headerWithoutAlg)).isEmpty();
    assertThat(detect(twoSegments)).isEmpty();
    assertThat(detect(headerNotObject)).isEmpty();
  }

  // ---------------------------------------------------------------- CLOUD_ACCESS_KEY

  @ParameterizedTest
  @ValueSource(strings = {AWS_KEY_ID, "aws_access_key_id=ASIAY34FZKBOKMUTVV7A", "id:" + AWS_KEY_ID + ";"})
  void text_awsAccessKeyId_detectsCloudAccessKey(String text) {
    assertThat(detect(text)).containsExactly(DataCategory.CLOUD_ACCESS_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AKIAIOSFODNN7EXAMPL", "AKIAIOSFODNN7EXAMPLEX", "akiaiosfodnn7example", "XAKIAIOSFODNN7EXAMPLE",
      "AKIA-IOSFODNN7EXAMPLE"})
  void text_accessKeyLookAlike_detectsNothing(String text) {
    assertThat(detect(text)).isEmpty();
  }

  @Test
  void text_awsSecretAndAzureAccountKeyByName_redactsValuesOnly() {
    RiskScanner s = redactAll();
    assertThat(s.text("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null))
        .isEqualTo("aws_secret_access_key = [REDACTED:cloud_access_key]");
    assertThat(s.text("AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsu==;EndpointSuffix=x", null))
        .isEqualTo("AccountName=acct;AccountKey=[REDACTED:cloud_access_key];EndpointSuffix=x");
    assertThat(categories(s.detected)).containsExactly(DataCategory.CLOUD_ACCESS_KEY);
  }

  // ---------------------------------------------------------------- PRIVATE_KEY

  @Test
  void json_privateKeyWithEscapedNewlines_redactsWholeBlockAndStaysValid() {
    RiskScanner s = redactAll();
    String json = "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA0Z3VS5JJcds3"
        + "\\nxfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpF\\n-----END RSA PRIVATE KEY-----\\n\",\"n\":1}";
    String out = s.json(json);
    assertThat(strings(out)).containsExactly("type", "service_account", "private_key", "[REDACTED:private_key]\n", "n");
    assertThat(categories(s.detected)).containsExactly(DataCategory.PRIVATE_KEY);
  }

  @Test
  void text_privateKeyCutOff_redactsToTheEnd() {
    RiskScanner s = redactAll();
    assertThat(s.text("key: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9u", null))
        .isEqualTo("key: [REDACTED:private_key]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----",
      "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n-----END CERTIFICATE-----",
      "----- BEGIN nothing -----", "-----BEGIN PRIVATE KEY"})
  void text_pemLookAlike_detectsNothing(String text) {
    assertThat(detect(text)).isEmpty();
  }

  // ---------------------------------------------------------------- JSON handling

  @Test
  void json_nothingRedacted_returnsSameInstance() {
    RiskScanner s = new RiskScanner(Redaction.defaults().mask());
    String json = "{\"to\":\"jane@example.com\",\"body\":\"hi\\nthere\"}";
    assertThat(s.json(json)).isSameAs(json);
    assertThat(categories(s.detected)).containsExactly(DataCategory.EMAIL);
    assertThat(s.redacted).isFalse();
  }

  @Test
  void json_secretInStringWithEscapesAndUnicode_keepsEverythingElseExactly() {
    RiskScanner s = redactAll();
    String json = "{\"msg\":\"line1\\n\\\"quoted\\\" \\u00e9 ü 😀 \\\\ tab\\t key " + OPENAI_KEY + " end\\u0001\",\"k\\\"ey\":[1,true,null]}";
    String out = s.json(json);
    assertThat(out).doesNotContain(OPENAI_KEY);
    assertThat(strings(out)).containsExactly("msg", "line1\n\"quoted\" é ü 😀 \\ tab\t key [REDACTED:api_key] end\u0001", "k\"ey");
  }

  @Test
  void json_secretRightAfterEscapedNewline_detected() {
    RiskScanner s = redactAll();
    String out = s.json("[\"id:\\n" + AWS_KEY_ID + "\\n\"]");
    assertThat(strings(out)).containsExactly("id:\n[REDACTED:cloud_access_key]\n");
  }

  @Test
  void json_emailAsPropertyName_redactedAndValid() {
    RiskScanner s = redactAll();
    String out = s.json("{\"jane@example.com\":{\"phone\":\"+44 20 7946 0958\"}}");
    assertThat(strings(out)).containsExactly("[REDACTED:email]", "phone", "[REDACTED:phone]");
  }

  @Test
  void json_documentNestedInString_redactsInsideAndBothLevelsParse() {
    RiskScanner s = redactAll();
    String out = s.json("{\"tool\":\"call\",\"arguments\":\"{\\\"api_key\\\":\\\"plain-text-key\\\",\\\"q\\\":\\\"x\\\"}\"}");
    List<String> outer = strings(out);
    assertThat(outer).hasSize(4);
    assertThat(strings(outer.get(3))).containsExactly("api_key", "[REDACTED:api_key]", "q", "x");
  }

  @Test
  void json_truncatedPayloadPreview_secretInPreviewRedacted() {
    RiskScanner s = redactAll();
    String json = "{\"$truncated\":true,\"originalChars\":99999,\"preview\":\"{\\\"k\\\":\\\"" + OPENAI_KEY + "\\\",\\\"x\\\":\\\"ab\"}";
    String out = s.json(json);
    assertThat(out).doesNotContain(OPENAI_KEY);
    assertThat(strings(out)).contains("{\"k\":\"[REDACTED:api_key]\",\"x\":\"ab");
  }

  @Test
  void json_notJsonAtAll_neverThrows() {
    RiskScanner s = redactAll();
    for (String junk : List.of("", "\"", "\"unterminated " + OPENAI_KEY, "\\", "{\"a\":\"\\u12\"}", "-", "[1e5,-0.5]",
        "\"\\", "{\"x\":\"\\ud83d\"}")) {
      assertThatCode(() -> s.json(junk)).doesNotThrowAnyException();
    }
    assertThat(s.json("\"unterminated " + OPENAI_KEY)).isEqualTo("\"unterminated [REDACTED:api_key]\"");
  }

  @Test
  void json_loneSurrogateInRedactedString_becomesTheReplacementCharacter() {
    // The one surrogate rule (JsonText): the redacted string reads as every exporter would write it.
    RiskScanner s = redactAll();
    String out = s.json("[\"\\ud83d " + OPENAI_KEY + "\"]");
    assertThat(out).isEqualTo("[\"\uFFFD [REDACTED:api_key]\"]");
  }

  @Test
  void scan_adversarialInputs_linearTime() {
    // Linear, these take well under a second in total; anything quadratic would take minutes.
    int n = 256 * 1024;
    List<String> inputs = List.of("a@".repeat(n / 2), "@a".repeat(n / 2), "+1 ".repeat(n / 3), "4 ".repeat(n / 2),
        "-----BEGIN RSA PRIVATE KEY-----".repeat(n / 31), "sk-".repeat(n / 3), "eyJ.".repeat(n / 4), "Bearer ".repeat(n / 7),
        "api_key=".repeat(n / 8), ("x".repeat(60) + ":").repeat(n / 61), "DE89 ".repeat(n / 5), "a".repeat(n), "1".repeat(n), "\\\"".repeat(n / 2));
    RiskScanner s = redactAll();
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (String in : inputs) {
        s.text(in, null);
        s.json("\"" + in + "\"");
      }
    });
  }
}
