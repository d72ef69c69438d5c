package dev.agentrace.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code agentrace.*} properties the starter builds its {@code AgentraceSdk} from. Every property is
 * optional: with none set, the SDK traces with the application's name as agent name, the active profile as
 * environment and the build version (from {@code META-INF/build-info.properties}) as version, and exports
 * nowhere until an exporter is configured or a {@code SpanExporter} bean is defined.
 *
 * <p>A JavaBean because Spring binds it; read by the auto-configuration once, at start-up. Not
 * thread-safe while being bound; not meant to change afterwards.
 */
@ConfigurationProperties(prefix = "agentrace")
public final class AgentraceProperties {

  /** Whether the starter creates the SDK and bridges Spring AI at all. */
  private boolean enabled = true;

  /** Agent name on every span; defaults to spring.application.name. */
  private String agent;

  /** Agent version on every span; defaults to the build version when build info is present. */
  private String version;

  /** Deployment environment on every span; defaults to the first active profile. */
  private String environment;

  /** How long shutting the context down may spend exporting the spans still buffered. */
  private Duration shutdownTimeout = Duration.ofSeconds(5);

  private final Exporter exporter = new Exporter();

  private final SamplerProperties sampler = new SamplerProperties();

  private final Schema schema = new Schema();

  private final SpringAi springAi = new SpringAi();

  /** Whether the starter creates the SDK and bridges Spring AI at all. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets {@link #isEnabled()}. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Agent name on every span; null means spring.application.name. */
  public String getAgent() {
    return agent;
  }

  /** Sets {@link #getAgent()}. */
  public void setAgent(String agent) {
    this.agent = agent;
  }

  /** Agent version on every span; null means the build version, when known. */
  public String getVersion() {
    return version;
  }

  /** Sets {@link #getVersion()}. */
  public void setVersion(String version) {
    this.version = version;
  }

  /** Deployment environment; null means the first active profile. */
  public String getEnvironment() {
    return environment;
  }

  /** Sets {@link #getEnvironment()}. */
  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  /** How long closing the context may spend exporting buffered spans. */
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  /** Sets {@link #getShutdownTimeout()}. */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  /** Where spans go. */
  public Exporter getExporter() {
    return exporter;
  }

  /** Which traces are kept. */
  public SamplerProperties getSampler() {
    return sampler;
  }

  /** The activity schema spans are checked against. */
  public Schema getSchema() {
    return schema;
  }

  /** How Spring AI's observations become spans. */
  public SpringAi getSpringAi() {
    return springAi;
  }

  /** {@code agentrace.exporter.*}: each configured exporter receives every span. */
  public static final class Exporter {
    private final Otlp otlp = new Otlp();
    private final Jsonl jsonl = new Jsonl();
    private final Console console = new Console();

    /** OTLP/HTTP to a collector or backend. */
    public Otlp getOtlp() {
      return otlp;
    }

    /** JSON Lines to a file. */
    public Jsonl getJsonl() {
      return jsonl;
    }

    /** The conversation view on standard output. */
    public Console getConsole() {
      return console;
    }
  }

  /** {@code agentrace.exporter.otlp.*}. */
  public static final class Otlp {
    /** OTLP/HTTP endpoint, e.g. http://localhost:4318 (/v1/traces is appended to a base URL); unset means no OTLP export. */
    private String endpoint;

    /** Headers sent with every export request, e.g. an Authorization header for a hosted backend. */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** The OTLP endpoint; null means no OTLP export. */
    public String getEndpoint() {
      return endpoint;
    }

    /** Sets {@link #getEndpoint()}. */
    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    /** Headers sent with every export request. */
    public Map<String, String> getHeaders() {
      return headers;
    }

    /** Sets {@link #getHeaders()}. */
    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }
  }

  /** {@code agentrace.exporter.jsonl.*}. */
  public static final class Jsonl {
    /** File that receives one JSON object per span; unset means no JSONL export. */
    private String path;

    /** The JSONL file; null means no JSONL export. */
    public String getPath() {
      return path;
    }

    /** Sets {@link #getPath()}. */
    public void setPath(String path) {
      this.path = path;
    }
  }

  /** {@code agentrace.exporter.console.*}. */
  public static final class Console {
    /** Whether spans are printed as a conversation view on standard output. */
    private boolean enabled;

    /** Whether the console exporter is on. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** {@code agentrace.sampler.*}. */
  public static final class SamplerProperties {
    /** Fraction of traces kept, from 0.0 to 1.0 (decided per trace id, so a trace is kept whole). */
    private double ratio = 1.0;

    /** The fraction of traces kept. */
    public double getRatio() {
      return ratio;
    }

    /** Sets {@link #getRatio()}. */
    public void setRatio(double ratio) {
      this.ratio = ratio;
    }
  }

  /** {@code agentrace.schema.*}. */
  public static final class Schema {
    /**
     * Activity schema (JSON or YAML) spans are checked against, as a Spring resource location:
     * classpath:agent-schema.yaml or file:/etc/agent/schema.json. Needs agentrace-schema on the class path.
     */
    private String location;

    /** The schema's resource location; null means no schema check. */
    public String getLocation() {
      return location;
    }

    /** Sets {@link #getLocation()}. */
    public void setLocation(String location) {
      this.location = location;
    }
  }

  /** {@code agentrace.spring-ai.*}. */
  public static final class SpringAi {
    /** Whether Spring AI's observations (chat client, advisors, chat model, tools, embedding, vector store) become spans. */
    private boolean enabled = true;

    /**
     * Whether prompts, completions, tool arguments and results and retrieved documents are recorded as span
     * input and output (after Agentrace's redaction), whatever Spring AI's own log-content flags say.
     */
    private boolean captureContent = true;

    /** Whether the Spring AI bridge is on. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Whether content is recorded. */
    public boolean isCaptureContent() {
      return captureContent;
    }

    /** Sets {@link #isCaptureContent()}. */
    public void setCaptureContent(boolean captureContent) {
      this.captureContent = captureContent;
    }
  }
}
