package dev.agentrace.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.agentrace.core.data.Conformance;
import dev.agentrace.core.data.ConformanceStatus;
import dev.agentrace.core.data.Violation;
import dev.agentrace.schema.ActivitySchema.UndeclaredPolicy;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivitySchemaTest {
  static final String SEARCH_PAYLOAD = """
      {"type": "object", "required": ["query"], "additionalProperties": false,
       "properties": {"query": {"type": "string", "minLength": 1},
                      "max_results": {"type": "integer", "minimum": 1, "maximum": 20},
                      "safe": {"type": "boolean"}}}""";
  static final String PERMISSIVE_OBJECT = "{\"type\": \"object\"}";

  /** The document in test resources: chat messages, tool arguments, formats, an agent type with no checks. */
  private static final ActivitySchema SUPPORT_BOT = ActivitySchema.fromResource("dev/agentrace/schema/support-bot.schema.json");

  private static Violation only(Conformance c) {
    assertThat(c.status()).as(c.toString()).isEqualTo(ConformanceStatus.VIOLATES);
    assertThat(c.violations()).hasSize(1);
    return c.violations().get(0);
  }

  // ---------------------------------------------------------------- strict and permissive tool schemas

  @Test
  void check_strictPayloadMatches_conforms() {
    Conformance c = SUPPORT_BOT.check("web_search", "{\"query\":\"jdk 25\",\"max_results\":5,\"safe\":true}", null);

    assertThat(c.status()).isEqualTo(ConformanceStatus.CONFORMS);
    assertThat(c.isFlagged()).isFalse();
  }

  @Test
  void check_missingRequiredMember_pathPointsAtTheMember() {
    Violation v = only(SUPPORT_BOT.check("web_search", "{\"max_results\":5}", null));

    assertThat(v).isEqualTo(new Violation("input", "/query", "required", "required property 'query' not found"));
  }

  @Test
  void check_extraMemberUnderStrictSchema_violatesAdditionalProperties() {
    Violation v = only(SUPPORT_BOT.check("web_search", "{\"query\":\"x\",\"lang\":\"en\"}", null));

    assertThat(v.path()).isEqualTo("/lang");
    assertThat(v.keyword()).isEqualTo("additionalProperties");
  }

  @Test
  void check_extraMembersUnderPermissiveSchema_conform() {
    ActivitySchema schema = ActivitySchema.builder().type("web_search", PERMISSIVE_OBJECT, "true").build();

    Conformance c = schema.check("web_search", "{\"query\":\"x\",\"lang\":\"en\",\"anything\":[1,2]}", "[\"whatever\"]");

    assertThat(c.status()).isEqualTo(ConformanceStatus.CONFORMS);
  }

  @Test
  void check_wrongTypesAndRange_reportsEveryViolationWithItsKeyword() {
    Conformance c = SUPPORT_BOT.check("web_search", "{\"query\":\"\",\"max_results\":50,\"safe\":\"yes\"}", null);

    assertThat(c.violations()).extracting(Violation::path, Violation::keyword)
        .containsExactlyInAnyOrder(
            tuple("/query", "minLength"),
            tuple("/max_results", "maximum"),
            tuple("/safe", "type"));
  }

  @Test
  void check_emailFormat_isAsserted() {
    String payload = "{\"to\":\"not-an-address\",\"subject\":\"Your ticket\",\"body\":\"Hello\"}";

    Violation v = only(SUPPORT_BOT.check("send_email", payload, null));

    assertThat(v.path()).isEqualTo("/to");
    assertThat(v.keyword()).isEqualTo("format");
  }

  @Test
  void check_enumMismatch_violatesEnum() {
    String payload = "{\"to\":\"ana@example.com\",\"subject\":\"s\",\"body\":\"b\",\"priority\":\"urgent\"}";

    Violation v = only(SUPPORT_BOT.check("send_email", payload, null));

    assertThat(v.path()).isEqualTo("/priority");
    assertThat(v.keyword()).isEqualTo("enum");
  }

  // ---------------------------------------------------------------- chat messages

  @Test
  void check_chatConversationWithToolCall_conforms() {
    String messages = """
        [{"role":"system","content":"You are a support agent."},
         {"role":"user","content":"Where is my order 1234?"},
         {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"lookup_order","arguments":"{\\"id\\":1234}"}}]},
         {"role":"tool","tool_call_id":"call_1","content":"{\\"status\\":\\"shipped\\"}"}]""";

    Conformance c = SUPPORT_BOT.check("llm", messages, "{\"role\":\"assistant\",\"content\":\"It has shipped.\"}");

    assertThat(c.status()).as(c.toString()).isEqualTo(ConformanceStatus.CONFORMS);
  }

  @Test
  void check_nestedMessageErrors_pathsIndexIntoArrays() {
    String messages = """
        [{"role":"user","content":"hi"},
         {"role":"robot","content":"beep"},
         {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"look up order","arguments":"{}"}}]}]""";

    Conformance c = SUPPORT_BOT.check("llm", messages, null);

    assertThat(c.violations()).extracting(Violation::path, Violation::keyword)
        .containsExactlyInAnyOrder(
            tuple("/1/role", "enum"),
            tuple("/2/tool_calls/0/function/name", "pattern"));
  }

  @Test
  void check_toolMessageWithoutToolCallId_violatesConditionalRequired() {
    String messages = "[{\"role\":\"tool\",\"content\":\"42\"}]";

    Violation v = only(SUPPORT_BOT.check("llm", messages, null));

    assertThat(v.path()).isEqualTo("/0/tool_call_id");
    assertThat(v.keyword()).isEqualTo("required");
  }

  @Test
  void check_resultMismatch_violationIsOnOutput() {
    Violation v = only(SUPPORT_BOT.check("llm", "[{\"role\":\"user\",\"content\":\"hi\"}]", "{\"role\":\"user\"}"));

    assertThat(v.part()).isEqualTo("output");
    assertThat(v.path()).isEqualTo("/role");
    assertThat(v.keyword()).isEqualTo("const");
  }

  // ---------------------------------------------------------------- payloads that are not objects

  @Test
  void check_payloadsThatAreNotObjects_violateTypeAtTheRoot() {
    for (String payload : new String[] {"\"just text\"", "42", "[1,2]", "null", "true"}) {
      Violation v = only(SUPPORT_BOT.check("web_search", payload, null));

      assertThat(v.path()).as(payload).isEmpty();
      assertThat(v.keyword()).as(payload).isEqualTo("type");
    }
  }

  @Test
  void check_scalarSchemas_acceptScalars() {
    ActivitySchema schema = ActivitySchema.builder()
        .type("user_message", "{\"type\":\"string\",\"minLength\":1}", null)
        .type("count", "{\"type\":\"integer\"}", null)
        .build();

    assertThat(schema.check("user_message", "\"hello\"", null).status()).isEqualTo(ConformanceStatus.CONFORMS);
    assertThat(schema.check("user_message", "\"\"", null).status()).isEqualTo(ConformanceStatus.VIOLATES);
    assertThat(schema.check("count", "3", null).status()).isEqualTo(ConformanceStatus.CONFORMS);
    assertThat(schema.check("count", "3.5", null).status()).isEqualTo(ConformanceStatus.VIOLATES);
  }

  @Test
  void check_memberNameWithSlashAndTilde_pathIsEscapedJsonPointer() {
    ActivitySchema schema = ActivitySchema.builder().type("t", "{\"required\":[\"a/b~c\"]}", null).build();

    Violation v = only(schema.check("t", "{}", null));

    assertThat(v.path()).isEqualTo("/a~1b~0c");
  }

  // ---------------------------------------------------------------- not checked, undeclared

  @Test
  void check_truncatedPayload_notCheckedWithReason() {
    String truncated = "{\"$truncated\":true,\"originalChars\":100000,\"preview\":\"{\\\"query\\\":\\\"aaaa\"}";

    Conformance c = SUPPORT_BOT.check("web_search", truncated, null);

    assertThat(c.status()).isEqualTo(ConformanceStatus.NOT_CHECKED);
    assertThat(c.reason()).isEqualTo("payload truncated");
  }

  @Test
  void check_truncatedPayloadButViolatingResult_violates() {
    String truncated = "{\"$truncated\":true,\"originalChars\":100000,\"preview\":\"[\"}";

    Violation v = only(SUPPORT_BOT.check("llm", truncated, "\"not a message\""));

    assertThat(v.part()).isEqualTo("output");
  }

  @Test
  void check_captureFailurePlaceholder_notCheckedWithReason() {
    Conformance c = SUPPORT_BOT.check("web_search", "{\"$error\":\"ConcurrentModificationException\"}", null);

    assertThat(c.status()).isEqualTo(ConformanceStatus.NOT_CHECKED);
    assertThat(c.reason()).isEqualTo("payload could not be captured");
  }

  @Test
  void check_payloadNotValidJson_notCheckedWithReason() {
    Conformance c = SUPPORT_BOT.check("web_search", "{\"query\": ", "[]");

    assertThat(c.status()).isEqualTo(ConformanceStatus.NOT_CHECKED);
    assertThat(c.reason()).isEqualTo("payload is not valid JSON");
  }

  @Test
  void check_bothPartsUncheckable_reasonNamesBoth() {
    Conformance c = SUPPORT_BOT.check("web_search", "{\"$truncated\":true,\"originalChars\":9}", "nope");

    assertThat(c.reason()).isEqualTo("payload truncated; result is not valid JSON");
  }

  @Test
  void check_partNotRecorded_isSkipped() {
    assertThat(SUPPORT_BOT.check("web_search", null, "[{\"url\":\"https://openjdk.org/\"}]").status())
        .isEqualTo(ConformanceStatus.CONFORMS);
    assertThat(SUPPORT_BOT.check("web_search", "{\"query\":\"x\"}", null).status()).isEqualTo(ConformanceStatus.CONFORMS);
    assertThat(SUPPORT_BOT.check("web_search", null, null).reason()).isEqualTo("payload and result not recorded");
    assertThat(SUPPORT_BOT.check("send_email", null, "{}").reason()).isEqualTo("payload not recorded");
  }

  @Test
  void check_typeDeclaredWithoutSchemas_conforms() {
    assertThat(SUPPORT_BOT.check("agent", "\"any ticket\"", "{\"any\":\"answer\"}").status()).isEqualTo(ConformanceStatus.CONFORMS);
  }

  @Test
  void check_undeclaredTypeByDefault_flaggedUndeclared() {
    Conformance c = ActivitySchema.builder().type("web_search", SEARCH_PAYLOAD, null).build().check("delete_db", "{}", null);

    assertThat(c.status()).isEqualTo(ConformanceStatus.UNDECLARED);
    assertThat(c.isFlagged()).isTrue();
    assertThat(c.reason()).contains("delete_db");
  }

  @Test
  void check_undeclaredTypeUnderIgnore_notChecked() {
    ActivitySchema schema = ActivitySchema.builder()
        .type("web_search", SEARCH_PAYLOAD, null)
        .undeclaredTypes(UndeclaredPolicy.IGNORE)
        .build();

    Conformance c = schema.check("delete_db", "{}", null);

    assertThat(c.status()).isEqualTo(ConformanceStatus.NOT_CHECKED);
    assertThat(c.reason()).isEqualTo("type not declared");
    assertThat(c.isFlagged()).isFalse();
  }

  // ---------------------------------------------------------------- caps

  @Test
  void check_manyViolations_cappedInNumberAndLength() {
    ActivitySchema schema = ActivitySchema.builder()
        .type("batch", "{\"type\":\"array\",\"items\":{\"enum\":[\"a-rather-long-allowed-value\",\"another-long-allowed-value\"]}}", null)
        .maxViolations(3)
        .maxMessageLength(20)
        .build();

    Conformance c = schema.check("batch", "[1,2,3,4,5,6,7,8]", null);

    assertThat(c.violations()).hasSize(3);
    assertThat(c.violations()).extracting(Violation::path).containsExactly("/0", "/1", "/2");
    assertThat(c.violations()).allSatisfy(v -> {
      assertThat(v.message()).hasSize(20);
      assertThat(v.message()).endsWith("\u2026");
    });
  }

  @Test
  void maxViolations_belowOne_rejected() {
    assertThatThrownBy(() -> ActivitySchema.builder().maxViolations(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxViolations must be >= 1, got 0");
  }

  @Test
  void maxMessageLength_tooShort_rejected() {
    assertThatThrownBy(() -> ActivitySchema.builder().maxMessageLength(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessageLength must be >= 16, got 3");
  }

  // ---------------------------------------------------------------- invalid schemas fail configuration

  @Test
  void type_schemaNotJson_failsNamingTypeAndPart() {
    assertThatThrownBy(() -> ActivitySchema.builder().type("web_search", "{\"type\": ", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("span type 'web_search': payload schema is not valid JSON: ")
        .hasMessageContaining("line 1");
  }

  @Test
  void type_misspeltTypeName_failsWithMetaSchemaError() {
    String schema = "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"strng\"}}}";

    assertThatThrownBy(() -> ActivitySchema.builder().type("web_search", schema, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("span type 'web_search': payload schema is invalid: /properties/query/type: ")
        .hasMessageContaining("enumeration");
  }

  @Test
  void type_wrongKeywordValueType_failsNamingTheKeyword() {
    assertThatThrownBy(() -> ActivitySchema.builder().type("read_file", null, "{\"required\":\"path\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("span type 'read_file': result schema is invalid: /required: string found, array expected");
  }

  @Test
  void type_badRegularExpression_fails() {
    assertThatThrownBy(() -> ActivitySchema.builder().type("grep", "{\"pattern\":\"[unclosed\"}", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("span type 'grep': payload schema is invalid: /pattern: ")
        .hasMessageContaining("regular expression");
  }

  @Test
  void type_unresolvableRef_fails() {
    assertThatThrownBy(() -> ActivitySchema.builder().type("t", "{\"$ref\":\"#/$defs/missing\"}", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("span type 't': payload schema is invalid: ")
        .hasMessageContaining("/$defs/missing");
  }

  @Test
  void type_remoteRef_failsWithoutFetching() {
    assertThatThrownBy(() -> ActivitySchema.builder().type("t", null, "{\"$ref\":\"https://schemas.example.com/answer.json\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("span type 't': result schema is invalid: ")
        .hasMessageContaining("https://schemas.example.com/answer.json");
  }

  @Test
  void type_schemaThatIsAnArray_fails() {
    assertThatThrownBy(() -> ActivitySchema.builder().type("t", "[{\"type\":\"string\"}]", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("span type 't': payload schema is invalid: must be a JSON object or boolean, got array");
  }

  @Test
  void type_declaredTwice_fails() {
    ActivitySchema.Builder b = ActivitySchema.builder().type("t", null, null);

    assertThatThrownBy(() -> b.type("t", PERMISSIVE_OBJECT, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("span type 't' is declared twice");
  }

  @Test
  void type_blankName_fails() {
    assertThatThrownBy(() -> ActivitySchema.builder().type(" ", PERMISSIVE_OBJECT, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("span type must not be blank");
  }

  @Test
  void type_olderDraftNamedBySchemaKeyword_isHonoured() {
    ActivitySchema schema = ActivitySchema.builder()
        .type("t", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"required\":[\"a\"]}", null)
        .build();

    assertThat(schema.check("t", "{}", null).violations()).extracting(Violation::path).containsExactly("/a");
  }

  // ---------------------------------------------------------------- documents

  @Test
  void fromResource_fullDocument_readsAgentPolicyAndTypes() {
    assertThat(SUPPORT_BOT.agent()).isEqualTo("support-bot");
    assertThat(SUPPORT_BOT.undeclaredTypes()).isEqualTo(UndeclaredPolicy.FLAG);
    assertThat(SUPPORT_BOT.types()).containsExactly("llm", "web_search", "send_email", "read_file", "agent");
  }

  @Test
  void fromResource_documentMaxViolations_applies() {
    Conformance c = SUPPORT_BOT.check("llm", "[1,2,3,4,5,6,7,8,9]", null);

    assertThat(c.violations()).hasSize(5);
  }

  @Test
  void fromResource_yamlDocument_sameChecks() {
    ActivitySchema yaml = ActivitySchema.fromResource("/dev/agentrace/schema/support-bot.schema.yaml");

    assertThat(yaml.undeclaredTypes()).isEqualTo(UndeclaredPolicy.IGNORE);
    assertThat(only(yaml.check("web_search", "{\"max_results\":99,\"query\":\"q\"}", null)).path()).isEqualTo("/max_results");
    assertThat(yaml.check("web_search", "{\"query\":\"q\"}", "[]").status()).isEqualTo(ConformanceStatus.CONFORMS);
  }

  @Test
  void fromResource_missing_failsNamingTheResource() {
    assertThatThrownBy(() -> ActivitySchema.fromResource("no/such/schema.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Activity schema resource not found: classpath:no/such/schema.json");
  }

  @Test
  void load_jsonAndYamlFiles_parsedByExtension(@TempDir Path dir) throws Exception {
    Path json = Files.writeString(dir.resolve("schema.json"), "{\"types\":{\"t\":{\"payload\":{\"type\":\"string\"}}}}");
    Path yaml = Files.writeString(dir.resolve("schema.YML"), "types:\n  t:\n    payload: {type: string}\n");

    for (Path p : new Path[] {json, yaml}) {
      ActivitySchema schema = ActivitySchema.load(p);
      assertThat(schema.check("t", "\"ok\"", null).status()).as(p.toString()).isEqualTo(ConformanceStatus.CONFORMS);
      assertThat(schema.check("t", "1", null).status()).as(p.toString()).isEqualTo(ConformanceStatus.VIOLATES);
    }
  }

  @Test
  void load_missingFile_failsNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("missing.json");

    assertThatThrownBy(() -> ActivitySchema.load(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("Cannot read activity schema " + missing);
  }

  @Test
  void load_invalidSchemaInFile_failsNamingPathTypeAndPart(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\"types\":{\"web_search\":{\"result\":{\"minItems\":-1}}}}");

    assertThatThrownBy(() -> ActivitySchema.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Activity schema " + file + ": span type 'web_search': result schema is invalid: /minItems: must have a minimum value of 0");
  }

  @Test
  void fromJson_notJson_failsWithLocation() {
    assertThatThrownBy(() -> ActivitySchema.fromJson("{\"types\": {,}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Activity schema (JSON text): not valid JSON: ")
        .hasMessageContaining("line 1, column 12");
  }

  @Test
  void fromYaml_notYaml_fails() {
    assertThatThrownBy(() -> ActivitySchema.fromYaml("types: [unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Activity schema (YAML text): not valid YAML: ");
  }

  @Test
  void fromJson_rootNotObject_fails() {
    assertThatThrownBy(() -> ActivitySchema.fromJson("[]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Activity schema (JSON text): the document must be an object with \"types\", got array");
  }

  @Test
  void fromJson_missingTypes_fails() {
    assertThatThrownBy(() -> ActivitySchema.fromJson("{\"agent\":\"support-bot\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"types\" must be an object mapping span types to")
        .hasMessageEndingWith("got nothing");
  }

  @Test
  void fromJson_misspeltTopLevelKey_fails() {
    assertThatThrownBy(() -> ActivitySchema.fromJson("{\"type\":{}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Activity schema (JSON text): unknown top-level key \"type\"; allowed: "
            + "agent, description, maxMessageLength, maxViolations, types, undeclared");
  }

  @Test
  void fromJson_unknownKeyInType_fails() {
    assertThatThrownBy(() -> ActivitySchema.fromJson("{\"types\":{\"web_search\":{\"input\":{}}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Activity schema (JSON text): unknown key in span type 'web_search' \"input\"; allowed: description, payload, result");
  }

  @Test
  void fromJson_typeDefinitionNotObject_fails() {
    assertThatThrownBy(() -> ActivitySchema.fromJson("{\"types\":{\"web_search\":true}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Activity schema (JSON text): span type 'web_search' must be an object with \"payload\" and/or \"result\", got boolean");
  }

  @Test
  void fromJson_badUndeclaredPolicy_fails() {
    assertThatThrownBy(() -> ActivitySchema.fromJson("{\"undeclared\":\"warn\",\"types\":{}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Activity schema (JSON text): \"undeclared\" must be \"flag\" or \"ignore\", got \"warn\"");
  }

  @Test
  void fromJson_badCap_fails() {
    assertThatThrownBy(() -> ActivitySchema.fromJson("{\"maxViolations\":\"ten\",\"types\":{}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Activity schema (JSON text): \"maxViolations\" must be an integer, got \"ten\"");
  }

  @Test
  void fromJson_nullPart_meansNoCheck() {
    ActivitySchema schema = ActivitySchema.fromJson("{\"types\":{\"t\":{\"payload\":null,\"result\":{\"type\":\"string\"}}}}");

    assertThat(schema.check("t", "{\"anything\":1}", "\"ok\"").status()).isEqualTo(ConformanceStatus.CONFORMS);
    assertThat(schema.check("t", "{\"anything\":1}", "2").status()).isEqualTo(ConformanceStatus.VIOLATES);
  }
}
